#include "services/campaign/campaign_config.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "services/common/service_flags.h"

namespace tdkt::campaign {
namespace {

absl::Status ValidateOptionalHostPort(const std::string& value) {
  return value.empty() ? absl::OkStatus() : common::ValidateHostPort(value);
}

std::string DefaultReportsConsumer() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat("campaign-", host, "-", getpid());
}

void DefineFlags(common::Flags& flags) {
  common::DefineServiceFlags(flags, "CAMPAIGN", 7105);
  flags.Define({"admin-listen", "TDKT_CAMPAIGN_ADMIN_LISTEN", "127.0.0.1:7115",
                "metrics HTTP address (GET /metrics, Prometheus text); empty: none", ValidateOptionalHostPort});
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR,
                "folder with awards/ and chains/ (the catalogue) and plans/ (loaded once at start)", nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                common::ValidateHostPort});
  flags.Define({"directory-username", "TDKT_CAMPAIGN_DIRECTORY_USERNAME", "campaign",
                "the campaign service's account (the scheduler accepts campaign deadlines from the account named "
                "campaign)",
                nullptr});
  flags.Define({"directory-password", "TDKT_CAMPAIGN_DIRECTORY_PASSWORD", "", "that account's password (required)",
                nullptr, /*secret=*/true});
  flags.Define({"scheduler-addr", "TDKT_SCHEDULER_ADDR", "127.0.0.1:7103", "scheduler service gRPC address",
                common::ValidateHostPort});
  flags.Define({"seed-plans", "TDKT_CAMPAIGN_SEED_PLANS", "false",
                "load every plan of <data-dir>/plans as a campaign at start (a plan already loaded is left alone)",
                common::ValidateBool});
  flags.Define({"stream", "TDKT_EVENTS_STREAM", "tdkt:events", "Redis stream of events (read for the reports)",
                nullptr});
  flags.Define({"reports-consumer", "TDKT_CAMPAIGN_REPORTS_CONSUMER", "",
                "this replica's consumer name in the group 'campaign-reports' (default: campaign-<host>-<pid>)",
                nullptr});
  flags.Define({"handoff-max-backoff-seconds", "TDKT_CAMPAIGN_HANDOFF_MAX_BACKOFF_SECONDS", "60",
                "longest wait between two attempts to hand a due date to the scheduler", common::ValidatePositiveInt});
}

}  // namespace

absl::StatusOr<CampaignConfig> CampaignConfigFromArgs(int argc, const char* const* argv) {
  common::Flags flags("tdkt-campaign",
                      "Emulation campaigns and year plans (rounds, due dates, award targets) and registrations for "
                      "titles; due dates are handed to the scheduler.");
  DefineFlags(flags);
  if (absl::Status status = flags.Parse(argc, argv); !status.ok()) return status;
  CampaignConfig config;
  config.listen = flags.Get("listen");
  config.log_format = flags.Get("log-format");
  config.log_level = flags.Get("log-level");
  config.admin_listen = flags.Get("admin-listen");
  config.pg_url = flags.Get("pg-url");
  config.pg_pool_size = flags.GetInt("pg-pool-size");
  config.grpc_threads = flags.GetInt("grpc-threads");
  config.data_dir = flags.Get("data-dir");
  config.directory_addr = flags.Get("directory-addr");
  config.directory_username = flags.Get("directory-username");
  config.directory_password = flags.Get("directory-password");
  config.scheduler_addr = flags.Get("scheduler-addr");
  config.seed_plans = flags.Get("seed-plans") == "true";
  config.handoff_max_backoff = absl::Seconds(flags.GetInt("handoff-max-backoff-seconds"));
  config.redis_url = flags.Get("redis-url");
  config.stream = flags.Get("stream");
  config.reports_consumer =
      flags.Get("reports-consumer").empty() ? DefaultReportsConsumer() : flags.Get("reports-consumer");
  if (config.directory_password.empty()) {
    return absl::InvalidArgumentError(
        "--directory-password / TDKT_CAMPAIGN_DIRECTORY_PASSWORD is required (organisation lookups, scheduler calls)");
  }
  return config;
}

}  // namespace tdkt::campaign
