#include "services/notifier/notifier_server.h"

#include <unistd.h>

#include <thread>

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "notifier_migrations.h"
#include "services/auth/directory_client.h"
#include "services/auth/token_verifier.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "services/common/pg_pool.h"
#include "services/common/redis_streams.h"
#include "services/notifier/caching_recipient_directory.h"
#include "services/notifier/email_worker.h"
#include "services/notifier/event_applier.h"
#include "services/notifier/event_consumer.h"
#include "services/notifier/fanout_subscriber.h"
#include "services/notifier/grpc_recipient_directory.h"
#include "services/notifier/metrics.h"
#include "services/notifier/notifier_service.h"
#include "services/notifier/template_set.h"
#include "services/notifier/watch_hub.h"
#include "services/notifier/webhook_worker.h"
#include "workflow/catalog/catalog.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::notifier {
namespace {

// The directory's token keys; retried while the directory is starting (the demo starts them together).
absl::StatusOr<auth::PublicKeySet> WaitForPublicKeys(v1::DirectoryService::StubInterface& directory) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    absl::StatusOr<auth::PublicKeySet> keys = auth::FetchPublicKeys(directory);
    if (keys.ok() || absl::Now() > give_up) {
      if (!keys.ok()) {
        return absl::UnavailableError(absl::StrCat("cannot get the token keys from the directory at --directory-addr / "
                                                   "TDKT_DIRECTORY_ADDR: ",
                                                   keys.status().message()));
      }
      return keys;
    }
    spdlog::info("notifier: waiting for the directory's token keys");
    absl::SleepFor(absl::Seconds(1));
  }
}

std::string DefaultConsumerName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return absl::StrCat(host[0] != '\0' ? host : "notifier", "-", getpid());
}

// host:port → (host, port), for the metrics HTTP server.
std::pair<std::string, int> SplitHostPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) return {address, 0};
  return {address.substr(0, colon), port};
}

}  // namespace

struct NotifierServer::Parts {
  NotifierConfig config;
  base::SystemClock system_clock;
  const base::Clock* clock = nullptr;
  common::RedisEndpoint redis;
  std::optional<TemplateSet> templates;
  workflow::catalog::Catalog catalog;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::DirectoryService::Stub> directory_stub;
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<auth::KeyRefresher> key_refresher;
  std::unique_ptr<auth::DirectorySession> session;
  std::unique_ptr<common::PgPool> pool;
  std::unique_ptr<common::PgPool> consumer_pool;
  std::unique_ptr<GrpcRecipientDirectory> remote_directory;
  std::unique_ptr<CachingRecipientDirectory> directory;
  Metrics metrics;
  std::unique_ptr<WatchHub> hub;
  std::unique_ptr<EventApplier> applier;
  std::vector<std::unique_ptr<EventConsumer>> consumers;
  std::unique_ptr<WebhookWorker> webhooks;
  std::unique_ptr<EmailWorker> email;
  std::unique_ptr<FanoutSubscriber> fanout;
  std::unique_ptr<NotifierServiceImpl> service;
  std::unique_ptr<common::GrpcServer> grpc;
  std::unique_ptr<httplib::Server> admin;
  std::thread admin_thread;
  bool started = false;
  bool stopped = false;

  std::string AwardName(const std::string& code, absl::CivilDay day) const {
    if (absl::StatusOr<const workflow::AwardDefinition*> award = catalog.AwardOn(code, day); award.ok()) {
      return (*award)->name_vi;
    }
    std::string name;  // not valid that day: the entry with that code valid last
    for (const workflow::AwardDefinition& award : catalog.awards()) {
      if (award.code == code) name = award.name_vi;
    }
    return name;
  }
};

NotifierServer::NotifierServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

NotifierServer::~NotifierServer() { Stop(); }

absl::StatusOr<std::unique_ptr<NotifierServer>> NotifierServer::Create(const NotifierConfig& config,
                                                                       NotifierDeps deps) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->clock = deps.clock != nullptr ? deps.clock : &p->system_clock;
  if (config.directory_password.empty()) {
    return absl::InvalidArgumentError("--directory-password / TDKT_NOTIFIER_DIRECTORY_PASSWORD is required");
  }
  TDKT_ASSIGN_OR_RETURN(p->redis, common::ParseRedisUrl(config.redis_url));
  TDKT_ASSIGN_OR_RETURN(TemplateSet templates,
                        TemplateSet::Load(config.data_dir + "/templates/notifications.textproto"));
  p->templates = std::move(templates);
  TDKT_ASSIGN_OR_RETURN(p->catalog, workflow::loader::LoadCatalog(config.data_dir));

  p->channel = grpc::CreateChannel(config.directory_addr, grpc::InsecureChannelCredentials());
  p->directory_stub = v1::DirectoryService::NewStub(p->channel);
  TDKT_ASSIGN_OR_RETURN(auth::PublicKeySet keys, WaitForPublicKeys(*p->directory_stub));
  p->verifier = std::make_unique<auth::TokenVerifier>(std::move(keys), *p->clock);
  p->key_refresher = std::make_unique<auth::KeyRefresher>(*p->directory_stub, *p->verifier, *p->clock);
  p->session = std::make_unique<auth::DirectorySession>(*p->directory_stub, config.directory_username,
                                                        config.directory_password, *p->clock);
  if (absl::StatusOr<std::string> token = p->session->AccessToken(); !token.ok()) {
    return absl::UnauthenticatedError(absl::StrCat("the notifier service account cannot log in to the directory "
                                                   "(--directory-username / --directory-password): ",
                                                   token.status().message()));
  }
  TDKT_ASSIGN_OR_RETURN(p->pool,
                        common::ConnectAndMigrate(config.pg_url, config.pg_pool_size, "notifier", NotifierMigrations()));
  // The consumers' own connections, one each, so that applying events never keeps the API waiting for one.
  TDKT_ASSIGN_OR_RETURN(p->consumer_pool, common::PgPool::Connect(config.pg_url, config.consumer_threads));

  Parts* raw = p.get();
  p->remote_directory =
      std::make_unique<GrpcRecipientDirectory>(p->channel, [raw] { return raw->session->AccessToken(); });
  p->directory = std::make_unique<CachingRecipientDirectory>(*p->remote_directory, *p->clock, config.directory_cache_ttl);
  p->hub = std::make_unique<WatchHub>(*p->pool, p->metrics, WatchHubOptions{.heartbeat = config.heartbeat});
  p->applier = std::make_unique<EventApplier>(
      *p->consumer_pool, *p->directory, *p->templates,
      [raw](const std::string& code, absl::CivilDay day) { return raw->AwardName(code, day); },
      ApplyOptions{.email = !config.smtp_url.empty()});
  const std::string consumer_name = config.consumer_name.empty() ? DefaultConsumerName() : config.consumer_name;
  for (int i = 1; i <= config.consumer_threads; ++i) {
    p->consumers.push_back(std::make_unique<EventConsumer>(
        p->redis, *p->applier, *p->consumer_pool, p->metrics,
        ConsumerOptions{.stream = config.events_stream,
                        .consumer = config.consumer_threads == 1 ? consumer_name : absl::StrCat(consumer_name, "/", i),
                        .group_start = config.group_start,
                        .dead_stream = config.dead_stream,
                        .fanout_channel = config.fanout_channel,
                        .claim_idle = config.claim_idle,
                        .max_failures = config.max_event_failures}));
  }
  p->webhooks = std::make_unique<WebhookWorker>(*p->pool, p->metrics,
                                                WebhookWorkerOptions{.max_attempts = config.webhook_max_attempts,
                                                                     .first_backoff = config.webhook_first_backoff,
                                                                     .max_backoff = config.webhook_max_backoff,
                                                                     .timeout = config.webhook_timeout,
                                                                     .allow_loopback = config.webhook_allow_loopback,
                                                                     .poll = config.webhook_poll});
  if (!config.smtp_url.empty()) {
    p->email = std::make_unique<EmailWorker>(
        *p->pool, *p->directory, *p->templates, p->metrics,
        EmailWorkerOptions{.smtp = {.url = config.smtp_url,
                                    .from = config.smtp_from,
                                    .username = config.smtp_username,
                                    .password = config.smtp_password},
                           .console_url = config.console_url,
                           .digest_hour = config.digest_hour,
                           .poll = config.email_poll,
                           .first_backoff = config.email_first_backoff,
                           .max_backoff = config.email_max_backoff});
  } else {
    spdlog::warn("notifier: no --smtp-url: e-mail is off");
  }
  p->fanout = std::make_unique<FanoutSubscriber>(
      p->redis, config.fanout_channel, [raw](const std::vector<std::string>& people) { raw->hub->Wake(people); },
      [raw] { raw->hub->WakeAll(); });
  p->service = std::make_unique<NotifierServiceImpl>(
      *p->pool, *p->verifier, *p->directory, *p->hub,
      NotifierServiceOptions{.allow_loopback_webhooks = config.webhook_allow_loopback,
                             .refresh_keys = [raw] { return raw->key_refresher->Refresh(); }});
  p->grpc = std::make_unique<common::GrpcServer>(
      common::GrpcServerOptions{.listen_address = config.listen, .max_threads = config.grpc_threads});
  p->grpc->AddService(p->service.get());
  return std::unique_ptr<NotifierServer>(new NotifierServer(std::move(p)));
}

absl::Status NotifierServer::Start() {
  Parts& p = *parts_;
  if (!p.config.admin_listen.empty()) {
    p.admin = std::make_unique<httplib::Server>();
    p.admin->new_task_queue = [] { return new httplib::ThreadPool(1); };
    p.admin->Get("/metrics", [&p](const httplib::Request&, httplib::Response& response) {
      if (absl::StatusOr<GroupInfo> info = ReadGroupInfo(p.redis, p.config.events_stream, kConsumerGroup); info.ok()) {
        p.metrics.SetGauge("tdkt_notifier_consumer_lag", info->lag);
        p.metrics.SetGauge("tdkt_notifier_consumer_pending", info->pending);
      }
      response.set_content(p.metrics.Render(), "text/plain; version=0.0.4");
    });
    p.admin->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok\n", "text/plain");
    });
    const auto [host, port] = SplitHostPort(p.config.admin_listen);
    if (!p.admin->bind_to_port(host, port)) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", p.config.admin_listen,
                                                 " for metrics (change --admin-listen)"));
    }
    p.admin_thread = std::thread([&p] { p.admin->listen_after_bind(); });
  }
  // The group exists before the replica reports SERVING (when Redis is up; otherwise the consumer keeps trying).
  if (p.config.consume) {
    if (absl::Status status = p.consumers.front()->Setup(); !status.ok()) {
      spdlog::warn("notifier: consumer group not created yet: {}", std::string(status.message()));
    }
  }
  TDKT_RETURN_IF_ERROR(p.grpc->Start());
  p.hub->Start();
  p.fanout->Start();
  if (p.config.consume) {
    for (auto& consumer : p.consumers) consumer->Start();
  }
  p.webhooks->Start();
  if (p.email) p.email->Start();
  p.started = true;
  spdlog::info("notifier ready on {}", p.config.listen);
  return absl::OkStatus();
}

void NotifierServer::WaitForTerminationSignal() {
  common::AwaitTerminationSignal();
  Stop();
}

void NotifierServer::Stop() {
  Parts& p = *parts_;
  if (p.stopped || !p.started) return;
  p.stopped = true;
  // Stop taking events first (the entry in hand is finished and acknowledged), then end the streams so that the
  // gRPC server does not wait for them, then drain the unary calls. Every consumer is asked at once and then
  // waited for: the stop takes one blocking read, not one per consumer thread.
  for (auto& consumer : p.consumers) consumer->RequestStop();
  for (auto& consumer : p.consumers) consumer->Stop();
  p.webhooks->Stop();
  if (p.email) p.email->Stop();
  p.fanout->Stop();
  p.hub->Stop();
  p.grpc->Shutdown();
  if (p.admin) {
    p.admin->stop();
    if (p.admin_thread.joinable()) p.admin_thread.join();
  }
  spdlog::info("notifier stopped");
}

int NotifierServer::grpc_port() const { return parts_->grpc->bound_port(); }

}  // namespace tdkt::notifier
