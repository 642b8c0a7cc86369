#pragma once
// NotifierConfig: every setting of tdkt-notifier, typed, from its flags (TDKT_NOTIFIER_* and the shared
// TDKT_PG_URL, TDKT_REDIS_URL, … of service_flags.h). DefineNotifierFlags declares them with their defaults and
// help; FromFlags reads them after parsing.
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/config.h"

namespace tdkt::notifier {

struct NotifierConfig {
  // The service.
  std::string listen = "127.0.0.1:0";
  std::string admin_listen;  // host:port of the metrics HTTP endpoint; empty = none
  int grpc_threads = 8;
  std::string pg_url;
  int pg_pool_size = 4;
  std::string redis_url;
  std::string data_dir;  // awards/ and chains/ (award names) and templates/notifications.textproto

  // The directory: token keys, and the service account that reads recipients.
  std::string directory_addr;
  std::string directory_username = "svc-notifier";
  std::string directory_password;
  absl::Duration directory_cache_ttl = absl::Seconds(30);

  // Consuming tdkt:events (the names can be changed, e.g. for tests sharing one Redis).
  std::string events_stream = "tdkt:events";
  std::string dead_stream = "tdkt:dead";
  std::string fanout_channel = "tdkt:notifier:new";
  bool consume = true;        // false: this replica serves the API and live streams only
  std::string group_start = "0";  // where a new consumer group starts: "0" the whole stream, "$" new entries
  std::string consumer_name;  // empty: <host>-<pid>
  // Threads applying events, each a consumer of the group ("<name>/<n>" when more than one): an event waits
  // mostly for PostgreSQL's commit, so a few apply side by side (as replicas do); each has a connection of its
  // own, beside the pool of pg_pool_size.
  int consumer_threads = 4;
  absl::Duration claim_idle = absl::Seconds(30);
  int max_event_failures = 5;

  // Live streams.
  absl::Duration heartbeat = absl::Seconds(30);

  // Webhooks.
  int webhook_max_attempts = 8;
  absl::Duration webhook_first_backoff = absl::Minutes(10);
  absl::Duration webhook_max_backoff = absl::Hours(12);
  absl::Duration webhook_timeout = absl::Seconds(10);
  bool webhook_allow_loopback = false;
  absl::Duration webhook_poll = absl::Seconds(1);

  // E-mail (off while smtp_url is empty).
  std::string smtp_url;
  std::string smtp_from = "tdkt@localhost";
  std::string smtp_username;
  std::string smtp_password;
  absl::Duration email_poll = absl::Seconds(2);
  absl::Duration email_first_backoff = absl::Seconds(30);
  absl::Duration email_max_backoff = absl::Minutes(30);
  int digest_hour = 17;
  std::string console_url;

  // The flags' settings; validation already ran in Flags::Parse.
  static NotifierConfig FromFlags(const common::Flags& flags);
};

void DefineNotifierFlags(common::Flags& flags);

}  // namespace tdkt::notifier
