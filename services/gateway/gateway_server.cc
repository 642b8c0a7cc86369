#include "services/gateway/gateway_server.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/address_rate_limiter.h"
#include "services/common/grpc_server.h"
#include "services/common/redis_streams.h"
#include "services/gateway/api.h"
#include "services/gateway/gateway_metrics.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/route_table.h"
#include "services/gateway/security_headers.h"
#include "services/gateway/session_store.h"
#include "services/gateway/sessions.h"
#include "services/gateway/static_files.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::gateway {
namespace {

// The time the current request started, for its latency (httplib serves a request on one thread).
thread_local absl::Time request_started;

std::pair<std::string, int> SplitHostPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) return {address, 0};
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, port};
}

bool Serving(grpc::Channel& channel) {
  auto stub = grpc::health::v1::Health::NewStub(std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

}  // namespace

struct GatewayServer::Parts {
  GatewayConfig config;
  base::SystemClock system_clock;
  const base::Clock* clock = nullptr;
  std::map<Upstream, std::shared_ptr<grpc::Channel>> channels;
  std::map<Upstream, std::unique_ptr<grpc::GenericStub>> stubs;
  std::unique_ptr<v1::DirectoryService::Stub> directory;
  std::unique_ptr<SessionStore> store;
  std::unique_ptr<Sessions> sessions;
  GatewayMetrics metrics;
  std::unique_ptr<common::AddressRateLimiter> login_limit;
  std::unique_ptr<common::AddressRateLimiter> public_limit;
  std::unique_ptr<StaticFiles> files;
  std::unique_ptr<Api> api;
  std::unique_ptr<httplib::Server> http;
  std::thread http_thread;
  std::atomic<bool> stopping{false};
  int port = 0;
  bool started = false;
  bool stopped = false;

  std::string RouteLabel(const std::string& path) const {
    if (api->IsRoute(path)) return path;
    if (absl::StartsWith(path, "/api/v1/session")) return "session";
    if (path == "/healthz") return "healthz";
    if (path == "/readyz") return "readyz";
    if (path == "/metrics") return "metrics";
    if (absl::StartsWith(path, "/api/")) return "unknown";
    return "static";
  }

  void ServeStatic(const httplib::Request& request, httplib::Response& response) const {
    std::optional<StaticFile> file = files->Find(request.path);
    if (!file) {
      response.status = 404;
      response.set_content("Không tìm thấy trang này (not found)\n", "text/plain; charset=utf-8");
      return;
    }
    // Streamed from the file in pieces, never read whole into memory.
    const std::string path = file->path;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
      response.status = 404;
      return;
    }
    response.status = 200;
    response.set_header("Cache-Control", absl::EndsWith(path, ".html") ? "no-cache" : "public, max-age=300");
    auto stream = std::make_shared<std::ifstream>(path, std::ios::binary);
    response.set_content_provider(static_cast<size_t>(size), file->content_type,
                                  [stream](size_t offset, size_t length, httplib::DataSink& sink) {
                                    char buffer[16384];
                                    stream->seekg(static_cast<std::streamoff>(offset));
                                    const size_t wanted = std::min(length, sizeof(buffer));
                                    stream->read(buffer, static_cast<std::streamsize>(wanted));
                                    const auto got = stream->gcount();
                                    if (got <= 0) return false;
                                    return sink.write(buffer, static_cast<size_t>(got));
                                  });
  }

  void Ready(httplib::Response& response) {
    std::vector<std::string> missing;
    for (Upstream upstream : {Upstream::kDirectory, Upstream::kDossier, Upstream::kNotifier}) {
      if (!Serving(*channels.at(upstream))) missing.push_back(UpstreamName(upstream));
    }
    response.status = missing.empty() ? 200 : 503;
    response.set_content(missing.empty() ? "ready\n" : absl::StrCat("not ready: ", absl::StrJoin(missing, ", "), "\n"),
                         "text/plain; charset=utf-8");
  }

  void Register() {
    http->new_task_queue = [threads = config.http_threads] { return new httplib::ThreadPool(threads); };
    // Bodies up to a little over the gateway's own limits are read (and dropped when over them) so that the
    // client gets its 413; larger ones httplib refuses unread.
    http->set_payload_max_length(std::max(config.max_upload_bytes, config.max_json_bytes) + (4 << 20));
    // A browser keeps a few connections and sends many requests on each (httplib's default closes after 5).
    http->set_keep_alive_max_count(1000);
    // httplib writes a response's head and body separately: with Nagle's algorithm the body waits for the
    // client's delayed ACK of the head, about 40 ms a response.
    http->set_tcp_nodelay(true);
    http->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      request_started = absl::Now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& request,
                                                                   httplib::Response& response) {
      if (!response.body.empty() || response.has_header("Content-Type")) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      // Errors httplib makes itself: a body as the API's (JSON) or a line of text.
      const auto code = response.status == 404   ? grpc::StatusCode::NOT_FOUND
                        : response.status == 413 ? grpc::StatusCode::RESOURCE_EXHAUSTED
                        : response.status < 500  ? grpc::StatusCode::INVALID_ARGUMENT
                                                 : grpc::StatusCode::INTERNAL;
      const std::string message = response.status == 404   ? "Không tìm thấy (not found)"
                                  : response.status == 413 ? "Nội dung yêu cầu quá lớn (request body too large)"
                                  : response.status == 405 ? "Phương thức không được hỗ trợ (method not allowed)"
                                  : response.status < 500  ? "Yêu cầu không hợp lệ (bad request)"
                                                           : "Lỗi hệ thống (internal error)";
      if (absl::StartsWith(request.path, "/api/")) {
        response.set_content(ErrorBody(code, message), "application/json; charset=utf-8");
      } else {
        response.set_content(message + "\n", "text/plain; charset=utf-8");
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    http->set_exception_handler([](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
      spdlog::error("gateway: a handler of {} threw", request.path);
      response.status = 500;
      response.set_content(ErrorBody(grpc::StatusCode::INTERNAL, "Lỗi hệ thống (internal error)"),
                           "application/json; charset=utf-8");
    });
    http->set_post_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
      AddSecurityHeaders(response);
      if (absl::StartsWith(request.path, "/api/") && !response.has_header("Cache-Control")) {
        response.set_header("Cache-Control", "no-store");
      }
      metrics.RecordRequest(RouteLabel(request.path), response.status, absl::Now() - request_started);
    });

    api->Register(*http);
    http->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok\n", "text/plain; charset=utf-8");
    });
    http->Get("/readyz", [this](const httplib::Request&, httplib::Response& response) { Ready(response); });
    http->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
      response.set_content(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    http->Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      ServeStatic(request, response);
    });
  }
};

GatewayServer::GatewayServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

GatewayServer::~GatewayServer() { Stop(); }

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Create(const GatewayConfig& config, GatewayDeps deps) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->clock = deps.clock != nullptr ? deps.clock : &p->system_clock;
  TDKT_ASSIGN_OR_RETURN(const common::RedisEndpoint redis, common::ParseRedisUrl(config.redis_url));
  TDKT_ASSIGN_OR_RETURN(const std::vector<Route> routes, ResolveRoutes(RouteSpecs()));
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together (both set: HTTPS; neither: HTTP)");
  }

  const std::map<Upstream, std::string> addresses = {{Upstream::kDirectory, config.directory_addr},
                                                     {Upstream::kDossier, config.dossier_addr},
                                                     {Upstream::kNotifier, config.notifier_addr},
                                                     {Upstream::kScheduler, config.scheduler_addr},
                                                     {Upstream::kCampaign, config.campaign_addr},
                                                     {Upstream::kCalendar, config.dossier_addr},
                                                     {Upstream::kBloc, config.campaign_addr},
                                                     {Upstream::kReport, config.campaign_addr},
                                                     {Upstream::kAwardHistory, config.dossier_addr}};
  for (const auto& [upstream, address] : addresses) {
    p->channels[upstream] = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    p->stubs[upstream] = std::make_unique<grpc::GenericStub>(p->channels[upstream]);
  }
  p->directory = v1::DirectoryService::NewStub(p->channels.at(Upstream::kDirectory));
  p->store = std::make_unique<SessionStore>(redis, config.session_prefix, *p->clock);
  p->sessions = std::make_unique<Sessions>(
      *p->directory, *p->store, *p->clock,
      SessionOptions{.refresh_margin = config.refresh_margin, .call_timeout = config.upstream_timeout});
  p->login_limit = std::make_unique<common::AddressRateLimiter>(
      common::RateLimit{.per_minute = config.login_per_minute, .burst = config.login_burst}, *p->clock);
  p->public_limit = std::make_unique<common::AddressRateLimiter>(
      common::RateLimit{.per_minute = config.public_status_per_minute, .burst = config.public_status_burst},
      *p->clock);
  p->files = std::make_unique<StaticFiles>(config.web_root);
  if (!p->files->HasIndex()) {
    spdlog::warn("gateway: no index.html in --web-root {}: the console is not served (the API is)", config.web_root);
  }

  const bool tls = !config.tls_cert.empty();
  if (tls) {
    auto https = std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
    if (!https->is_valid()) {
      return absl::InvalidArgumentError(absl::StrCat("cannot use the TLS certificate ", config.tls_cert, " and key ",
                                                     config.tls_key, " (--tls-cert / --tls-key)"));
    }
    p->http = std::move(https);
  } else {
    p->http = std::make_unique<httplib::Server>();
  }
  std::map<Upstream, grpc::GenericStub*> stubs;
  for (auto& [upstream, stub] : p->stubs) stubs[upstream] = stub.get();
  p->api = std::make_unique<Api>(ApiDeps{.config = &p->config,
                                         .clock = p->clock,
                                         .stubs = stubs,
                                         .sessions = p->sessions.get(),
                                         .metrics = &p->metrics,
                                         .login_limit = p->login_limit.get(),
                                         .public_limit = p->public_limit.get(),
                                         .stopping = &p->stopping,
                                         .tls = tls},
                                 routes);
  p->Register();
  spdlog::info("gateway: {} API routes", routes.size());
  return std::unique_ptr<GatewayServer>(new GatewayServer(std::move(p)));
}

absl::Status GatewayServer::Start() {
  Parts& p = *parts_;
  const auto [host, port] = SplitHostPort(p.config.listen);
  const int bound = port == 0 ? p.http->bind_to_any_port(host) : (p.http->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", p.config.listen, " (change --listen)"));
  }
  p.port = bound;
  p.http_thread = std::thread([&p] { p.http->listen_after_bind(); });
  p.started = true;
  spdlog::info("HTTP listening on port {}", bound);
  spdlog::info("gateway ready on {}:{}{}", host, bound, p.config.tls_cert.empty() ? "" : " (HTTPS)");
  return absl::OkStatus();
}

void GatewayServer::WaitForTerminationSignal() {
  common::AwaitTerminationSignal();
  Stop();
}

void GatewayServer::Stop() {
  Parts& p = *parts_;
  if (p.stopped || !p.started) return;
  p.stopped = true;
  // Event streams see `stopping` within a second and end (the browsers reconnect); then the server stops.
  p.stopping = true;
  p.http->stop();
  if (p.http_thread.joinable()) p.http_thread.join();
  spdlog::info("gateway stopped");
}

int GatewayServer::port() const { return parts_->port; }

}  // namespace tdkt::gateway
