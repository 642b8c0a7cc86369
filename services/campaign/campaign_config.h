#pragma once
// CampaignConfig: the campaign service's settings, from flags and environment variables (common::Flags).
//
//   CampaignConfig config = ValueOrExit(CampaignConfigFromArgs(argc, argv));  // --help: CANCELLED with the usage
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::campaign {

struct CampaignConfig {
  std::string listen = "127.0.0.1:0";
  std::string log_format = "text";
  std::string log_level = "info";
  std::string admin_listen = "127.0.0.1:0";  // metrics HTTP (GET /metrics, /healthz); empty: none
  std::string pg_url;
  int pg_pool_size = 2;
  int grpc_threads = 8;
  std::string data_dir;  // awards/, chains/ (the catalogue) and plans/
  // The directory: token keys, organisation lookups and the service account that calls the scheduler.
  std::string directory_addr;
  std::string directory_username = "campaign";  // the scheduler accepts campaign deadlines from this account
  std::string directory_password;
  std::string scheduler_addr;
  bool seed_plans = false;  // load data/plans as campaigns at start (idempotent)
  // The reports' read model: events read from `stream` in the consumer group `reports_group`; no Redis URL, no
  // consumer (the reports stay as they are).
  std::string redis_url;
  std::string stream = "tdkt:events";
  std::string reports_group = "campaign-reports";
  std::string reports_consumer = "campaign";  // unique among running replicas
  absl::Duration handoff_first_backoff = absl::Seconds(1);
  absl::Duration handoff_max_backoff = absl::Minutes(1);
};

// Parses argv and the environment; for --help, CANCELLED with the usage text; INVALID_ARGUMENT with one line.
absl::StatusOr<CampaignConfig> CampaignConfigFromArgs(int argc, const char* const* argv);

}  // namespace tdkt::campaign
