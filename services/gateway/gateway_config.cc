#include "services/gateway/gateway_config.h"

#include "services/common/config.h"

namespace tdkt::gateway {
namespace {

absl::Status ValidateOptionalOrigin(const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  if ((value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) && value.back() != '/') {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError("must be scheme://host[:port] without a trailing slash");
}

absl::Duration Millis(const common::Flags& flags, const std::string& name) {
  return absl::Milliseconds(flags.GetInt(name));
}

}  // namespace

void DefineGatewayFlags(common::Flags& flags) {
  using common::ValidateBool;
  using common::ValidateHostPort;
  using common::ValidatePositiveInt;
  flags.Define({"listen", "TDKT_GATEWAY_LISTEN", "127.0.0.1:7100",
                "HTTP listen address host:port (console, API, /healthz, /readyz, /metrics)", ValidateHostPort});
  flags.Define({"http-threads", "TDKT_GATEWAY_HTTP_THREADS", "64",
                "HTTP worker threads (each open event stream holds one)", ValidatePositiveInt});
  flags.Define({"max-event-streams", "TDKT_GATEWAY_MAX_EVENT_STREAMS", "32",
                "most open WatchNotifications event streams; more get 503 (keep it below --http-threads)",
                ValidatePositiveInt});
  flags.Define({"web-root", "TDKT_GATEWAY_WEB_ROOT", TDKT_SOURCE_WEB_DIR,
                "folder of the web console's files (index.html, assets/)", nullptr});
  flags.Define({"tls-cert", "TDKT_GATEWAY_TLS_CERT", "", "PEM certificate chain: serve HTTPS (with --tls-key)",
                nullptr});
  flags.Define({"tls-key", "TDKT_GATEWAY_TLS_KEY", "", "PEM private key of --tls-cert", nullptr});
  flags.Define({"origin", "TDKT_GATEWAY_ORIGIN", "",
                "the gateway's public origin (scheme://host[:port]) that browsers' Origin headers must equal; "
                "empty = the scheme and Host header of each request",
                ValidateOptionalOrigin});
  flags.Define({"trust-proxy", "TDKT_GATEWAY_TRUST_PROXY", "false",
                "take the client address from the last X-Forwarded-For entry (only behind a reverse proxy that "
                "sets it); otherwise the socket's peer address",
                ValidateBool});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                ValidateHostPort});
  flags.Define({"dossier-addr", "TDKT_DOSSIER_ADDR", "127.0.0.1:7102", "dossier service gRPC address",
                ValidateHostPort});
  flags.Define({"scheduler-addr", "TDKT_SCHEDULER_ADDR", "127.0.0.1:7103", "scheduler service gRPC address",
                ValidateHostPort});
  flags.Define({"notifier-addr", "TDKT_NOTIFIER_ADDR", "127.0.0.1:7104", "notifier service gRPC address",
                ValidateHostPort});
  flags.Define({"campaign-addr", "TDKT_CAMPAIGN_ADDR", "127.0.0.1:7105", "campaign service gRPC address",
                ValidateHostPort});
  flags.Define({"upstream-timeout-ms", "TDKT_GATEWAY_UPSTREAM_TIMEOUT_MS", "10000",
                "deadline of each unary call to a service", ValidatePositiveInt});
  flags.Define({"transfer-timeout-ms", "TDKT_GATEWAY_TRANSFER_TIMEOUT_MS", "300000",
                "deadline of a whole document upload or download", ValidatePositiveInt});
  flags.Define({"watch-timeout-ms", "TDKT_GATEWAY_WATCH_TIMEOUT_MS", "3600000",
                "an event stream ends after this long (the browser reconnects with Last-Event-ID)",
                ValidatePositiveInt});
  flags.Define({"keep-alive-ms", "TDKT_GATEWAY_KEEP_ALIVE_MS", "15000",
                "interval of the comment lines that keep an idle event stream open", ValidatePositiveInt});
  flags.Define({"max-json-bytes", "TDKT_GATEWAY_MAX_JSON_BYTES", "1048576",
                "largest JSON request body (larger: 413)", ValidatePositiveInt});
  flags.Define({"max-upload-bytes", "TDKT_GATEWAY_MAX_UPLOAD_BYTES", "20971520",
                "largest document upload (larger: 413); keep it equal to the dossier's --max-document-bytes",
                ValidatePositiveInt});
  flags.Define({"public-status-per-minute", "TDKT_GATEWAY_PUBLIC_STATUS_PER_MINUTE", "100",
                "GetPublicStatus calls allowed per client address and minute", ValidatePositiveInt});
  flags.Define({"public-status-burst", "TDKT_GATEWAY_PUBLIC_STATUS_BURST", "100",
                "GetPublicStatus calls one address may make at once", ValidatePositiveInt});
  flags.Define({"login-per-minute", "TDKT_GATEWAY_LOGIN_PER_MINUTE", "10",
                "login attempts allowed per client address and minute", ValidatePositiveInt});
  flags.Define({"login-burst", "TDKT_GATEWAY_LOGIN_BURST", "5", "login attempts one address may make at once",
                ValidatePositiveInt});
  flags.Define({"redis-url", "TDKT_REDIS_URL", "redis://127.0.0.1:6379",
                "Redis URL: browser sessions live there (shared by replicas, kept across restarts)",
                common::ValidateRedisUrl});
  flags.Define({"session-prefix", "TDKT_GATEWAY_SESSION_PREFIX", "tdkt:gateway:session:",
                "prefix of the sessions' Redis keys", nullptr});
  flags.Define({"refresh-margin-ms", "TDKT_GATEWAY_REFRESH_MARGIN_MS", "120000",
                "a session's access token is refreshed when it expires within this long", ValidatePositiveInt});
  flags.Define({"log-format", "TDKT_LOG_FORMAT", "text", "log line format: text or json", common::ValidateLogFormat});
  flags.Define({"log-level", "TDKT_LOG_LEVEL", "info", "trace, debug, info, warn or error", common::ValidateLogLevel});
}

GatewayConfig GatewayConfig::FromFlags(const common::Flags& flags) {
  GatewayConfig c;
  c.listen = flags.Get("listen");
  c.http_threads = flags.GetInt("http-threads");
  c.max_event_streams = flags.GetInt("max-event-streams");
  c.web_root = flags.Get("web-root");
  c.tls_cert = flags.Get("tls-cert");
  c.tls_key = flags.Get("tls-key");
  c.origin = flags.Get("origin");
  c.trust_proxy = flags.Get("trust-proxy") == "true";
  c.directory_addr = flags.Get("directory-addr");
  c.dossier_addr = flags.Get("dossier-addr");
  c.notifier_addr = flags.Get("notifier-addr");
  c.scheduler_addr = flags.Get("scheduler-addr");
  c.campaign_addr = flags.Get("campaign-addr");
  c.upstream_timeout = Millis(flags, "upstream-timeout-ms");
  c.transfer_timeout = Millis(flags, "transfer-timeout-ms");
  c.watch_timeout = Millis(flags, "watch-timeout-ms");
  c.keep_alive = Millis(flags, "keep-alive-ms");
  c.max_json_bytes = static_cast<size_t>(flags.GetInt("max-json-bytes"));
  c.max_upload_bytes = static_cast<size_t>(flags.GetInt("max-upload-bytes"));
  c.public_status_per_minute = flags.GetInt("public-status-per-minute");
  c.public_status_burst = flags.GetInt("public-status-burst");
  c.login_per_minute = flags.GetInt("login-per-minute");
  c.login_burst = flags.GetInt("login-burst");
  c.redis_url = flags.Get("redis-url");
  c.session_prefix = flags.Get("session-prefix");
  c.refresh_margin = Millis(flags, "refresh-margin-ms");
  return c;
}

}  // namespace tdkt::gateway
