#include "services/scheduler/scheduler_config.h"

#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "services/common/service_flags.h"

namespace tdkt::scheduler {
namespace {

absl::Status ValidateTimeOfDay(const std::string& value) {
  int hour = -1, minute = -1;
  if (value.size() != 5 || value[2] != ':' || !absl::SimpleAtoi(value.substr(0, 2), &hour) ||
      !absl::SimpleAtoi(value.substr(3), &minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return absl::InvalidArgumentError("expected HH:MM, 00:00 to 23:59");
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalHostPort(const std::string& value) {
  return value.empty() ? absl::OkStatus() : common::ValidateHostPort(value);
}

std::string DefaultConsumerName() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat("scheduler-", host, "-", getpid());
}

void DefineFlags(common::Flags& flags) {
  common::DefineServiceFlags(flags, "SCHEDULER", 7103);
  flags.Define({"admin-listen", "TDKT_SCHEDULER_ADMIN_LISTEN", "127.0.0.1:7113",
                "metrics HTTP address (GET /metrics, Prometheus text); empty: none", ValidateOptionalHostPort});
  flags.Define(
      {"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR, "folder with holidays/: the calendar only while the dossier service cannot give its stored one", nullptr});
  flags.Define({"stream", "TDKT_EVENTS_STREAM", "tdkt:events", "Redis stream of events", nullptr});
  flags.Define({"consumer-name", "TDKT_SCHEDULER_CONSUMER", "",
                "this replica's consumer name in the group 'scheduler' (default: scheduler-<host>-<pid>)", nullptr});
  flags.Define({"reminder-time", "TDKT_SCHEDULER_REMINDER_TIME", "08:00",
                "local time (Asia/Ho_Chi_Minh) at which reminders fire, HH:MM", ValidateTimeOfDay});
  flags.Define({"firing-threads", "TDKT_SCHEDULER_FIRING_THREADS", "2",
                "threads firing due timers, each with its own PostgreSQL connection", common::ValidatePositiveInt});
  flags.Define({"late-after-seconds", "TDKT_SCHEDULER_LATE_AFTER_SECONDS", "60",
                "a reminder fired later than this after its instant is marked late", common::ValidatePositiveInt});
  flags.Define({"outbox-relay", "TDKT_SCHEDULER_OUTBOX_RELAY", "true",
                "publish reminder events to the stream (one relay is active across replicas)", common::ValidateBool});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                common::ValidateHostPort});
  flags.Define({"directory-username", "TDKT_SCHEDULER_DIRECTORY_USERNAME", "scheduler",
                "the scheduler's service account (the dossier treats the service named scheduler as the system actor)",
                nullptr});
  flags.Define({"directory-password", "TDKT_SCHEDULER_DIRECTORY_PASSWORD", "", "that account's password (required)",
                nullptr, /*secret=*/true});
  flags.Define({"escalate", "TDKT_SCHEDULER_ESCALATE", "true",
                "call DossierService.EscalateDossier after the first overdue working day", common::ValidateBool});
  flags.Define({"dossier-addr", "TDKT_DOSSIER_ADDR", "127.0.0.1:7102",
                "dossier service gRPC address: escalations and the stored working-day calendar (GetCalendar)",
                common::ValidateHostPort});
}

}  // namespace

absl::StatusOr<SchedulerConfig> SchedulerConfigFromArgs(int argc, const char* const* argv) {
  common::Flags flags("tdkt-scheduler",
                      "Durable deadline timers: reminders at T-3, T-1, the due day and every overdue working day, "
                      "escalations, campaign deadlines.");
  DefineFlags(flags);
  if (absl::Status status = flags.Parse(argc, argv); !status.ok()) return status;
  SchedulerConfig config;
  config.listen = flags.Get("listen");
  config.log_format = flags.Get("log-format");
  config.log_level = flags.Get("log-level");
  config.admin_listen = flags.Get("admin-listen");
  config.pg_url = flags.Get("pg-url");
  config.pg_pool_size = flags.GetInt("pg-pool-size");
  config.redis_url = flags.Get("redis-url");
  config.grpc_threads = flags.GetInt("grpc-threads");
  config.data_dir = flags.Get("data-dir");
  config.stream = flags.Get("stream");
  config.consumer_name = flags.Get("consumer-name").empty() ? DefaultConsumerName() : flags.Get("consumer-name");
  const std::string& time_of_day = flags.Get("reminder-time");
  (void)absl::SimpleAtoi(time_of_day.substr(0, 2), &config.reminder_hour);  // validated
  (void)absl::SimpleAtoi(time_of_day.substr(3), &config.reminder_minute);
  config.late_after = absl::Seconds(flags.GetInt("late-after-seconds"));
  config.firing_threads = flags.GetInt("firing-threads");
  config.outbox_relay = flags.Get("outbox-relay") == "true";
  config.directory_addr = flags.Get("directory-addr");
  config.directory_username = flags.Get("directory-username");
  config.directory_password = flags.Get("directory-password");
  config.escalate = flags.Get("escalate") == "true";
  config.dossier_addr = flags.Get("dossier-addr");
  if (config.directory_password.empty()) {
    return absl::InvalidArgumentError(
        "--directory-password / TDKT_SCHEDULER_DIRECTORY_PASSWORD is required (organisation lookups, escalations)");
  }
  return config;
}

}  // namespace tdkt::scheduler
