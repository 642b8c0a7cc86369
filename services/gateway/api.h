#pragma once
// Api: the HTTP handlers of /api/v1 — the session endpoints and the one generic mapping of the route table
// (route_table.h) onto the services: who the caller is (a bearer token, or a session cookie with its CSRF
// token and Origin checked), the request message from JSON or the query, the gRPC call with a deadline, and
// the answer or the error as the HTTP contract says (http_errors.h). Handlers of streaming RPCs (upload,
// download, server-sent events) are in api_streams.cc.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/common/address_rate_limiter.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/gateway_metrics.h"
#include "services/gateway/route_table.h"
#include "services/gateway/sessions.h"

namespace tdkt::gateway {

inline constexpr char kSessionCookie[] = "tdkt_session";

struct ApiDeps {
  const GatewayConfig* config = nullptr;
  const base::Clock* clock = nullptr;
  std::map<Upstream, grpc::GenericStub*> stubs;
  Sessions* sessions = nullptr;
  GatewayMetrics* metrics = nullptr;
  common::AddressRateLimiter* login_limit = nullptr;
  common::AddressRateLimiter* public_limit = nullptr;
  const std::atomic<bool>* stopping = nullptr;  // set at shutdown: event streams end
  bool tls = false;
};

class Api {
 public:
  Api(ApiDeps deps, const std::vector<Route>& routes);

  // Registers every /api/v1 handler on `server`.
  void Register(httplib::Server& server);

  // Whether `path` is a route of the table (for the metrics' route label).
  bool IsRoute(const std::string& path) const { return routes_.count(path) > 0; }

 private:
  // Who calls: the bearer token to pass on (empty for none).
  struct Caller {
    std::string bearer_token;
    bool from_cookie = false;
  };

  void HandlePost(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& body);
  void HandleGet(const httplib::Request& request, httplib::Response& response);
  void Login(const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& body);
  void CurrentSession(const httplib::Request& request, httplib::Response& response);
  void Logout(const httplib::Request& request, httplib::Response& response);

  void Unary(const Route& route, const Caller& caller, const httplib::Request& request, httplib::Response& response,
             const httplib::ContentReader& body);
  void Upload(const Route& route, const Caller& caller, const httplib::Request& request,
              httplib::Response& response, const httplib::ContentReader& body);
  void Download(const Route& route, const Caller& caller, const httplib::Request& request,
                httplib::Response& response);
  void EventStream(const Route& route, const Caller& caller, const httplib::Request& request,
                   httplib::Response& response);

  // The caller of a request that needs one; on failure the error response is written and nullopt returned.
  // `mutating`: a cookie request must carry the session's CSRF token and come from the gateway's origin.
  std::optional<Caller> Authenticate(const httplib::Request& request, httplib::Response& response, bool mutating);
  // Whether the Origin header is absent or the gateway's own origin.
  bool OriginAllowed(const httplib::Request& request) const;
  // Applies a per-address limit; writes 429 with Retry-After when the address is over it.
  bool WithinLimit(common::AddressRateLimiter& limit, int per_minute, const std::string& name,
                   const httplib::Request& request, httplib::Response& response);
  // Reads a whole request body of at most `limit` bytes; writes 413 when it is larger.
  std::optional<std::string> ReadBody(const httplib::Request& request, httplib::Response& response,
                                      const httplib::ContentReader& body, size_t limit);
  // The request message of a GET route from the query (and `extra` fields); writes 400 when it is wrong.
  std::unique_ptr<google::protobuf::Message> QueryMessage(const Route& route, const httplib::Request& request,
                                                          httplib::Response& response);
  std::string SessionCookie(const std::string& value, bool clear) const;
  void SendSession(const Session& session, httplib::Response& response);
  // Writes the error of a failed call to `upstream` (counted in the metrics).
  void SendUpstreamError(const grpc::Status& status, Upstream upstream, httplib::Response& response);

  ApiDeps deps_;
  std::map<std::string, Route> routes_;  // by path
};

// The client address a rate limit counts for this request: the socket's peer, or with trust_proxy the last
// X-Forwarded-For entry; IPv6 by its /64 (common::ClientAddress).
std::string RequestClientAddress(const httplib::Request& request, bool trust_proxy);

// The value of cookie `name` in the Cookie header; empty when absent.
std::string CookieValue(const httplib::Request& request, const std::string& name);

// Writes the JSON error body with `http_status`.
void SendError(httplib::Response& response, int http_status, grpc::StatusCode code, const std::string& message);
void SendError(httplib::Response& response, const grpc::Status& status);

}  // namespace tdkt::gateway
