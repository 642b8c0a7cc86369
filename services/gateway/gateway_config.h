#pragma once
// GatewayConfig: every setting of tdkt-gateway, typed, from its flags (TDKT_GATEWAY_* and the shared
// TDKT_REDIS_URL, TDKT_DIRECTORY_ADDR, … of the other services). DefineGatewayFlags declares them with their
// defaults and help; FromFlags reads them after parsing.
#include <cstddef>
#include <string>

#include "absl/time/time.h"
#include "services/common/config.h"

namespace tdkt::gateway {

struct GatewayConfig {
  // HTTP: the console's files, the API, /healthz, /readyz and /metrics on one address.
  std::string listen = "127.0.0.1:0";
  int http_threads = 64;           // each open event stream (SSE) holds one
  int max_event_streams = 32;      // beyond that WatchNotifications answers 503, so the API keeps threads
  std::string web_root;            // the console's static files (index.html, assets/)
  std::string tls_cert;            // PEM files; both set = HTTPS (and Secure cookies)
  std::string tls_key;
  std::string origin;              // the gateway's own origin, e.g. https://tdkt.example.vn; empty = from Host
  bool trust_proxy = false;        // take the client address from X-Forwarded-For (behind a reverse proxy)

  // The services behind it.
  std::string directory_addr;
  std::string dossier_addr;
  std::string notifier_addr;
  std::string scheduler_addr;
  std::string campaign_addr;
  absl::Duration upstream_timeout = absl::Seconds(10);  // every unary call
  absl::Duration transfer_timeout = absl::Minutes(5);   // an upload or a download, whole
  absl::Duration watch_timeout = absl::Hours(1);        // an event stream; the browser then reconnects
  absl::Duration keep_alive = absl::Seconds(15);        // SSE comment interval

  // Limits.
  size_t max_json_bytes = 1 << 20;
  size_t max_upload_bytes = 20 << 20;  // the dossier service's --max-document-bytes
  int public_status_per_minute = 100;
  int public_status_burst = 100;
  int login_per_minute = 10;
  int login_burst = 5;

  // Sessions in Redis.
  std::string redis_url;
  std::string session_prefix = "tdkt:gateway:session:";
  absl::Duration refresh_margin = absl::Minutes(2);  // refresh the access token this long before it expires

  // The flags' settings; validation already ran in Flags::Parse.
  static GatewayConfig FromFlags(const common::Flags& flags);
};

void DefineGatewayFlags(common::Flags& flags);

}  // namespace tdkt::gateway
