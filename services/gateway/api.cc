#include "services/gateway/api.h"

#include <sodium.h>

#include <cmath>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/json_mapping.h"
#include "services/gateway/upstream_call.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::gateway {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A session id as the gateway makes them (64 hex digits); anything else is no session.
bool LooksLikeSessionId(const std::string& id) {
  if (id.size() != 64) return false;
  for (char c : id) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

grpc::Status GrpcOf(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace

std::string RequestClientAddress(const httplib::Request& request, bool trust_proxy) {
  std::string address = request.remote_addr;
  if (trust_proxy && request.has_header("X-Forwarded-For")) {
    const std::string forwarded = request.get_header_value("X-Forwarded-For");
    const std::vector<std::string> hops = absl::StrSplit(forwarded, ',');
    const std::string last(absl::StripAsciiWhitespace(hops.back()));
    if (!last.empty()) address = last;
  }
  return common::ClientAddress(absl::StrContains(address, ':') ? absl::StrCat("ipv6:[", address, "]:0")
                                                               : absl::StrCat("ipv4:", address, ":0"));
}

std::string CookieValue(const httplib::Request& request, const std::string& name) {
  for (size_t i = 0; i < request.get_header_value_count("Cookie"); ++i) {
    for (absl::string_view pair : absl::StrSplit(request.get_header_value("Cookie", i), ';')) {
      pair = absl::StripAsciiWhitespace(pair);
      if (absl::ConsumePrefix(&pair, name) && absl::ConsumePrefix(&pair, "=")) return std::string(pair);
    }
  }
  return "";
}

void SendError(httplib::Response& response, int http_status, grpc::StatusCode code, const std::string& message) {
  response.status = http_status;
  response.set_content(ErrorBody(code, message), kJson);
}

void SendError(httplib::Response& response, const grpc::Status& status) {
  SendError(response, HttpStatusOf(status.error_code()), status.error_code(), status.error_message());
  if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED && !response.has_header("Retry-After")) {
    response.set_header("Retry-After", "60");
  }
}

Api::Api(ApiDeps deps, const std::vector<Route>& routes) : deps_(std::move(deps)) {
  for (const Route& route : routes) routes_.emplace(route.path, route);
}

void Api::Register(httplib::Server& server) {
  server.Post("/api/v1/session/login",
              [this](const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& body) { Login(request, response, body); });
  server.Get("/api/v1/session",
             [this](const httplib::Request& request, httplib::Response& response) { CurrentSession(request, response); });
  server.Post("/api/v1/session/logout", [this](const httplib::Request& request, httplib::Response& response,
                                               const httplib::ContentReader&) { Logout(request, response); });
  server.Post(R"(/api/v1/[a-z]+/[A-Za-z]+)",
              [this](const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& body) { HandlePost(request, response, body); });
  server.Get(R"(/api/.*)",
             [this](const httplib::Request& request, httplib::Response& response) { HandleGet(request, response); });
}

// ---- who calls ----

bool Api::OriginAllowed(const httplib::Request& request) const {
  if (!request.has_header("Origin")) return true;
  const std::string origin = request.get_header_value("Origin");
  const std::string own = !deps_.config->origin.empty()
                              ? deps_.config->origin
                              : absl::StrCat(deps_.tls ? "https://" : "http://", request.get_header_value("Host"));
  return origin == own;
}

std::optional<Api::Caller> Api::Authenticate(const httplib::Request& request, httplib::Response& response,
                                             bool mutating) {
  if (request.has_header("Authorization")) {
    absl::string_view value = request.get_header_value("Authorization");
    if (!absl::ConsumePrefix(&value, "Bearer ") || absl::StripAsciiWhitespace(value).empty()) {
      SendError(response, 401, grpc::StatusCode::UNAUTHENTICATED,
                "Thiếu hoặc sai mã truy cập (Authorization must be Bearer <access token>)");
      return std::nullopt;
    }
    return Caller{.bearer_token = std::string(absl::StripAsciiWhitespace(value)), .from_cookie = false};
  }
  const std::string id = CookieValue(request, kSessionCookie);
  if (id.empty() || !LooksLikeSessionId(id)) {
    SendError(response, GrpcOf(SessionExpiredError()));
    return std::nullopt;
  }
  if (mutating && !OriginAllowed(request)) {
    SendError(response, 403, grpc::StatusCode::PERMISSION_DENIED,
              "Yêu cầu không đến từ trang của hệ thống (Origin does not match the gateway)");
    return std::nullopt;
  }
  absl::StatusOr<Session> session = deps_.sessions->Active(id);
  if (!session.ok()) {
    SendError(response, GrpcOf(session.status()));
    return std::nullopt;
  }
  if (mutating && !ConstantTimeEquals(request.get_header_value("X-CSRF-Token"), session->csrf_token)) {
    SendError(response, 403, grpc::StatusCode::PERMISSION_DENIED,
              "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token missing or wrong)");
    return std::nullopt;
  }
  return Caller{.bearer_token = session->access_token, .from_cookie = true};
}

bool Api::WithinLimit(common::AddressRateLimiter& limit, int per_minute, const std::string& name,
                      const httplib::Request& request, httplib::Response& response) {
  if (limit.Allow(RequestClientAddress(request, deps_.config->trust_proxy))) return true;
  deps_.metrics->RecordRateLimited(name);
  // One more call is allowed once the bucket has refilled by one: 60 s / per_minute at most.
  response.set_header("Retry-After", absl::StrCat(std::max(1, static_cast<int>(std::ceil(60.0 / per_minute)))));
  SendError(response, 429, grpc::StatusCode::RESOURCE_EXHAUSTED,
            "Quá nhiều yêu cầu từ địa chỉ này, xin thử lại sau (rate limited)");
  return false;
}

std::optional<std::string> Api::ReadBody(const httplib::Request& request, httplib::Response& response,
                                         const httplib::ContentReader& body, size_t limit) {
  const auto too_large = [&] {
    SendError(response, 413, grpc::StatusCode::RESOURCE_EXHAUSTED,
              absl::StrCat("Nội dung yêu cầu quá lớn, tối đa ", limit, " byte (request body too large)"));
  };
  size_t declared = 0;
  if (request.has_header("Content-Length") &&
      absl::SimpleAtoi(request.get_header_value("Content-Length"), &declared) && declared > limit) {
    too_large();
    return std::nullopt;
  }
  std::string text;
  bool over = false;
  const bool read = body([&](const char* data, size_t length) {
    if (text.size() + length > limit) {
      over = true;
      return false;
    }
    text.append(data, length);
    return true;
  });
  if (over) {
    too_large();
    return std::nullopt;
  }
  if (!read) {
    SendError(response, 400, grpc::StatusCode::INVALID_ARGUMENT, "Không đọc được nội dung yêu cầu (bad body)");
    return std::nullopt;
  }
  return text;
}

void Api::SendUpstreamError(const grpc::Status& status, Upstream upstream, httplib::Response& response) {
  deps_.metrics->RecordUpstreamError(UpstreamName(upstream), CodeName(status.error_code()));
  const grpc::Status shown = ClientFacing(status, UpstreamName(upstream));
  if (HttpStatusOf(status.error_code()) >= 500) {
    spdlog::warn("gateway: {} answered {}: {}", UpstreamName(upstream), CodeName(status.error_code()),
                 status.error_message());
  }
  SendError(response, shown);
}

// ---- the generic mapping ----

void Api::HandlePost(const httplib::Request& request, httplib::Response& response,
                     const httplib::ContentReader& body) {
  const auto found = routes_.find(request.path);
  if (found == routes_.end() ||
      (found->second.spec.kind != RouteKind::kUnary && found->second.spec.kind != RouteKind::kUpload)) {
    SendError(response, 404, grpc::StatusCode::NOT_FOUND,
              absl::StrCat("Không có API ", request.path, " (no such route for POST)"));
    return;
  }
  const Route& route = found->second;
  Caller caller;
  if (route.spec.public_rate_limited) {
    if (!WithinLimit(*deps_.public_limit, deps_.config->public_status_per_minute, "public", request, response)) return;
  } else {
    std::optional<Caller> authenticated = Authenticate(request, response, /*mutating=*/true);
    if (!authenticated) return;
    caller = *authenticated;
  }
  if (route.spec.kind == RouteKind::kUpload) {
    Upload(route, caller, request, response, body);
  } else {
    Unary(route, caller, request, response, body);
  }
}

void Api::HandleGet(const httplib::Request& request, httplib::Response& response) {
  const auto found = routes_.find(request.path);
  if (found == routes_.end() ||
      (found->second.spec.kind != RouteKind::kDownload && found->second.spec.kind != RouteKind::kEventStream)) {
    SendError(response, 404, grpc::StatusCode::NOT_FOUND,
              absl::StrCat("Không có API ", request.path, " (no such route for GET)"));
    return;
  }
  std::optional<Caller> caller = Authenticate(request, response, /*mutating=*/false);
  if (!caller) return;
  if (found->second.spec.kind == RouteKind::kDownload) {
    Download(found->second, *caller, request, response);
  } else {
    EventStream(found->second, *caller, request, response);
  }
}

void Api::Unary(const Route& route, const Caller& caller, const httplib::Request& request,
                httplib::Response& response, const httplib::ContentReader& body) {
  std::optional<std::string> text = ReadBody(request, response, body, deps_.config->max_json_bytes);
  if (!text) return;
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> message =
      ParseJsonRequest(*route.descriptor->input_type(), *text);
  if (!message.ok()) {
    SendError(response, GrpcOf(message.status()));
    return;
  }
  std::string answer;
  const grpc::Status status =
      UnaryCall(*deps_.stubs.at(route.spec.upstream), route.grpc_method, (*message)->SerializeAsString(), &answer,
                {.bearer_token = caller.bearer_token, .timeout = deps_.config->upstream_timeout});
  if (!status.ok()) {
    SendUpstreamError(status, route.spec.upstream, response);
    return;
  }
  std::unique_ptr<google::protobuf::Message> reply = NewMessage(*route.descriptor->output_type());
  if (!reply->ParseFromString(answer)) {
    SendUpstreamError(grpc::Status(grpc::StatusCode::INTERNAL, "unparsable response"), route.spec.upstream, response);
    return;
  }
  response.status = 200;
  response.set_content(ToJson(*reply), kJson);
}

std::unique_ptr<google::protobuf::Message> Api::QueryMessage(const Route& route, const httplib::Request& request,
                                                             httplib::Response& response) {
  std::unique_ptr<google::protobuf::Message> message = NewMessage(*route.descriptor->input_type());
  const std::vector<std::pair<std::string, std::string>> params(request.params.begin(), request.params.end());
  if (absl::Status status = SetFieldsFromQuery(params, route.spec.query_aliases, *message); !status.ok()) {
    SendError(response, GrpcOf(status));
    return nullptr;
  }
  return message;
}

// ---- sessions ----

std::string Api::SessionCookie(const std::string& value, bool clear) const {
  const bool secure = deps_.tls || absl::StartsWith(deps_.config->origin, "https://");
  return absl::StrCat(kSessionCookie, "=", value, "; HttpOnly; SameSite=Strict; Path=/", clear ? "; Max-Age=0" : "",
                      secure ? "; Secure" : "");
}

void Api::SendSession(const Session& session, httplib::Response& response) {
  absl::StatusOr<v1::GetCurrentIdentityResponse> identity = deps_.sessions->Identity(session);
  if (!identity.ok()) {
    SendUpstreamError(GrpcOf(identity.status()), Upstream::kDirectory, response);
    return;
  }
  response.status = 200;
  response.set_content(absl::StrCat("{\"identity\":", ToJson(*identity), ",\"csrfToken\":\"", session.csrf_token,
                                    "\"}"),
                       kJson);
}

void Api::Login(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& body) {
  if (!WithinLimit(*deps_.login_limit, deps_.config->login_per_minute, "login", request, response)) return;
  if (!OriginAllowed(request)) {
    SendError(response, 403, grpc::StatusCode::PERMISSION_DENIED,
              "Yêu cầu không đến từ trang của hệ thống (Origin does not match the gateway)");
    return;
  }
  std::optional<std::string> text = ReadBody(request, response, body, deps_.config->max_json_bytes);
  if (!text) return;
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> message =
      ParseJsonRequest(*v1::LoginRequest::descriptor(), *text);
  if (!message.ok()) {
    SendError(response, GrpcOf(message.status()));
    return;
  }
  const auto& login = static_cast<const v1::LoginRequest&>(**message);
  absl::StatusOr<NewSession> made = deps_.sessions->Login(login.username(), login.password());
  if (!made.ok()) {
    SendUpstreamError(GrpcOf(made.status()), Upstream::kDirectory, response);
    return;
  }
  SendSession(made->session, response);
  if (response.status == 200) {
    response.set_header("Set-Cookie", SessionCookie(made->id, /*clear=*/false));
  } else {
    (void)deps_.sessions->Logout(made->id);
  }
}

void Api::CurrentSession(const httplib::Request& request, httplib::Response& response) {
  const std::string id = CookieValue(request, kSessionCookie);
  if (!LooksLikeSessionId(id)) {
    SendError(response, GrpcOf(SessionExpiredError()));
    return;
  }
  absl::StatusOr<Session> session = deps_.sessions->Active(id);
  if (!session.ok()) {
    SendError(response, GrpcOf(session.status()));
    return;
  }
  SendSession(*session, response);
}

void Api::Logout(const httplib::Request& request, httplib::Response& response) {
  std::optional<Caller> caller = Authenticate(request, response, /*mutating=*/true);
  if (!caller) {
    // No session (or an expired one): the browser's cookie goes all the same.
    if (response.status == 401) {
      response.set_header("Set-Cookie", SessionCookie("", /*clear=*/true));
    }
    return;
  }
  if (!caller->from_cookie) {
    SendError(response, 400, grpc::StatusCode::INVALID_ARGUMENT,
              "Đăng xuất chỉ dành cho phiên trình duyệt (logout needs the session cookie)");
    return;
  }
  if (absl::Status status = deps_.sessions->Logout(CookieValue(request, kSessionCookie)); !status.ok()) {
    SendUpstreamError(GrpcOf(status), Upstream::kDirectory, response);
    return;
  }
  response.status = 204;
  response.set_header("Set-Cookie", SessionCookie("", /*clear=*/true));
}

}  // namespace tdkt::gateway
