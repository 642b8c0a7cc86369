#include "services/notifier/notifier_config.h"

#include "absl/strings/numbers.h"
#include "services/common/service_flags.h"

namespace tdkt::notifier {
namespace {

absl::Status ValidateHour(const std::string& value) {
  int hour = -1;
  if (!absl::SimpleAtoi(value, &hour) || hour < 0 || hour > 23) {
    return absl::InvalidArgumentError("must be an hour 0–23");
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalHostPort(const std::string& value) {
  return value.empty() ? absl::OkStatus() : common::ValidateHostPort(value);
}

absl::Duration Millis(const common::Flags& flags, const std::string& name) {
  return absl::Milliseconds(flags.GetInt(name));
}

}  // namespace

void DefineNotifierFlags(common::Flags& flags) {
  using common::ValidateBool;
  using common::ValidatePositiveInt;
  common::DefineServiceFlags(flags, "NOTIFIER", 7104);
  flags.Define({"admin-listen", "TDKT_NOTIFIER_ADMIN_LISTEN", "127.0.0.1:9104",
                "HTTP address of the Prometheus metrics (GET /metrics); empty = none", ValidateOptionalHostPort});
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR,
                "folder with awards/, chains/ and templates/notifications.textproto (loaded once at start)", nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                common::ValidateHostPort});
  flags.Define({"directory-username", "TDKT_NOTIFIER_DIRECTORY_USERNAME", "svc-notifier",
                "the notifier service account in the directory (recipients, names, e-mail addresses)", nullptr});
  flags.Define({"directory-password", "TDKT_NOTIFIER_DIRECTORY_PASSWORD", "", "that account's password (required)",
                nullptr, /*secret=*/true});
  flags.Define({"directory-cache-seconds", "TDKT_NOTIFIER_DIRECTORY_CACHE_SECONDS", "30",
                "how long answers of the directory are reused", ValidatePositiveInt});
  flags.Define({"events-stream", "TDKT_NOTIFIER_EVENTS_STREAM", "tdkt:events",
                "the Redis stream of events read in the consumer group 'notifier'", nullptr});
  flags.Define({"dead-stream", "TDKT_NOTIFIER_DEAD_STREAM", "tdkt:dead",
                "where entries that cannot be applied go, with their error", nullptr});
  flags.Define({"fanout-channel", "TDKT_NOTIFIER_FANOUT_CHANNEL", "tdkt:notifier:new",
                "the Redis channel replicas tell each other about new notifications on", nullptr});
  flags.Define({"consume", "TDKT_NOTIFIER_CONSUME", "true",
                "read the events stream (false: serve the API and live streams only)", ValidateBool});
  flags.Define({"group-start", "TDKT_NOTIFIER_GROUP_START", "0",
                "where the consumer group starts when it is first created: 0 = every entry still in the stream, "
                "$ = only entries added from then on (a first start on a long-running stream)",
                [](const std::string& value) {
                  return value == "0" || value == "$" ? absl::OkStatus()
                                                      : absl::InvalidArgumentError("must be 0 or $");
                }});
  flags.Define({"consumer-name", "TDKT_NOTIFIER_CONSUMER_NAME", "",
                "this replica's name in the consumer group 'notifier' (unique; empty = <host>-<pid>)", nullptr});
  flags.Define({"consumer-threads", "TDKT_NOTIFIER_CONSUMER_THREADS", "4",
                "threads applying events, each a consumer of the group with a PostgreSQL connection of its own",
                ValidatePositiveInt});
  flags.Define({"claim-idle-ms", "TDKT_NOTIFIER_CLAIM_IDLE_MS", "30000",
                "take over entries another consumer left unacknowledged this long (XAUTOCLAIM)", ValidatePositiveInt});
  flags.Define({"max-event-failures", "TDKT_NOTIFIER_MAX_EVENT_FAILURES", "5",
                "failures after which an event goes to tdkt:dead (outages are not counted)", ValidatePositiveInt});
  flags.Define({"heartbeat-ms", "TDKT_NOTIFIER_HEARTBEAT_MS", "30000",
                "WatchNotifications heartbeat (and poll) interval", ValidatePositiveInt});
  flags.Define({"webhook-max-attempts", "TDKT_NOTIFIER_WEBHOOK_MAX_ATTEMPTS", "8",
                "attempts before a webhook delivery becomes a dead letter", ValidatePositiveInt});
  flags.Define({"webhook-first-backoff-ms", "TDKT_NOTIFIER_WEBHOOK_FIRST_BACKOFF_MS", "600000",
                "most wait after the first failed attempt (doubles each attempt, full jitter)", ValidatePositiveInt});
  flags.Define({"webhook-max-backoff-ms", "TDKT_NOTIFIER_WEBHOOK_MAX_BACKOFF_MS", "43200000",
                "most wait between two attempts", ValidatePositiveInt});
  flags.Define({"webhook-timeout-ms", "TDKT_NOTIFIER_WEBHOOK_TIMEOUT_MS", "10000",
                "a target that has not answered by then counts as a failed attempt", ValidatePositiveInt});
  flags.Define({"webhook-allow-loopback", "TDKT_NOTIFIER_WEBHOOK_ALLOW_LOOPBACK", "false",
                "allow webhook URLs on 127.0.0.0/8 and ::1 (tests and the demo only)", ValidateBool});
  flags.Define({"webhook-poll-ms", "TDKT_NOTIFIER_WEBHOOK_POLL_MS", "1000", "how often due deliveries are looked for",
                ValidatePositiveInt});
  flags.Define({"smtp-url", "TDKT_NOTIFIER_SMTP_URL", "",
                "SMTP server, smtp://host:port or smtps://host:port; empty = no e-mail", nullptr});
  flags.Define({"smtp-from", "TDKT_NOTIFIER_SMTP_FROM", "tdkt@localhost", "sender address of the e-mails", nullptr});
  flags.Define({"smtp-username", "TDKT_NOTIFIER_SMTP_USERNAME", "", "SMTP login (empty = none)", nullptr});
  flags.Define({"smtp-password", "TDKT_NOTIFIER_SMTP_PASSWORD", "", "SMTP password", nullptr, /*secret=*/true});
  flags.Define({"email-poll-ms", "TDKT_NOTIFIER_EMAIL_POLL_MS", "2000", "how often due e-mails are looked for",
                ValidatePositiveInt});
  flags.Define({"email-first-backoff-ms", "TDKT_NOTIFIER_EMAIL_FIRST_BACKOFF_MS", "30000",
                "wait after the first failed send (doubles each attempt)", ValidatePositiveInt});
  flags.Define({"email-max-backoff-ms", "TDKT_NOTIFIER_EMAIL_MAX_BACKOFF_MS", "1800000",
                "most wait between two sends of one e-mail (it is never given up)", ValidatePositiveInt});
  flags.Define({"digest-hour", "TDKT_NOTIFIER_DIGEST_HOUR", "17",
                "local hour (Asia/Ho_Chi_Minh) of the daily digest e-mail", ValidateHour});
  flags.Define({"console-url", "TDKT_NOTIFIER_CONSOLE_URL", "",
                "web console address put before /dossiers/<id> in e-mails (empty = relative links)", nullptr});
}

NotifierConfig NotifierConfig::FromFlags(const common::Flags& flags) {
  NotifierConfig c;
  c.listen = flags.Get("listen");
  c.admin_listen = flags.Get("admin-listen");
  c.grpc_threads = flags.GetInt("grpc-threads");
  c.pg_url = flags.Get("pg-url");
  c.pg_pool_size = flags.GetInt("pg-pool-size");
  c.redis_url = flags.Get("redis-url");
  c.data_dir = flags.Get("data-dir");
  c.directory_addr = flags.Get("directory-addr");
  c.directory_username = flags.Get("directory-username");
  c.directory_password = flags.Get("directory-password");
  c.directory_cache_ttl = absl::Seconds(flags.GetInt("directory-cache-seconds"));
  c.events_stream = flags.Get("events-stream");
  c.dead_stream = flags.Get("dead-stream");
  c.fanout_channel = flags.Get("fanout-channel");
  c.consume = flags.Get("consume") == "true";
  c.group_start = flags.Get("group-start");
  c.consumer_name = flags.Get("consumer-name");
  c.consumer_threads = flags.GetInt("consumer-threads");
  c.claim_idle = Millis(flags, "claim-idle-ms");
  c.max_event_failures = flags.GetInt("max-event-failures");
  c.heartbeat = Millis(flags, "heartbeat-ms");
  c.webhook_max_attempts = flags.GetInt("webhook-max-attempts");
  c.webhook_first_backoff = Millis(flags, "webhook-first-backoff-ms");
  c.webhook_max_backoff = Millis(flags, "webhook-max-backoff-ms");
  c.webhook_timeout = Millis(flags, "webhook-timeout-ms");
  c.webhook_allow_loopback = flags.Get("webhook-allow-loopback") == "true";
  c.webhook_poll = Millis(flags, "webhook-poll-ms");
  c.smtp_url = flags.Get("smtp-url");
  c.smtp_from = flags.Get("smtp-from");
  c.smtp_username = flags.Get("smtp-username");
  c.smtp_password = flags.Get("smtp-password");
  c.email_poll = Millis(flags, "email-poll-ms");
  c.email_first_backoff = Millis(flags, "email-first-backoff-ms");
  c.email_max_backoff = Millis(flags, "email-max-backoff-ms");
  c.digest_hour = flags.GetInt("digest-hour");
  c.console_url = flags.Get("console-url");
  return c;
}

}  // namespace tdkt::notifier
