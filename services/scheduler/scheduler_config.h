#pragma once
// SchedulerConfig: the scheduler's settings, from flags and environment variables (common::Flags).
//
//   SchedulerConfig config = ValueOrExit(SchedulerConfigFromArgs(argc, argv));  // --help prints and exits
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::scheduler {

struct SchedulerConfig {
  std::string listen = "127.0.0.1:0";
  std::string log_format = "text";
  std::string log_level = "info";
  std::string admin_listen = "127.0.0.1:0";  // metrics HTTP (GET /metrics); empty: none
  std::string pg_url;
  int pg_pool_size = 2;
  std::string redis_url;
  int grpc_threads = 8;
  std::string data_dir;  // holidays/ inside it: the calendar while the dossier service cannot give its own
  std::string stream = "tdkt:events";
  std::string consumer_group = "scheduler";  // every replica in the same group (tests that share a stream differ)
  std::string consumer_name;  // unique per replica; default host-pid
  int reminder_hour = 8;      // local time, Asia/Ho_Chi_Minh
  int reminder_minute = 0;
  absl::Duration late_after = absl::Minutes(1);
  int firing_threads = 2;
  bool outbox_relay = true;
  // The directory: token keys for the API and the service account for escalations.
  std::string directory_addr;
  std::string directory_username = "scheduler";  // the token names the service by its username
  std::string directory_password;
  // Escalations: DossierService.EscalateDossier after the first overdue working day.
  bool escalate = true;
  // The dossier service: escalations, and the stored calendar (CalendarService.GetCalendar); empty: neither, the
  // calendar of data_dir/holidays.
  std::string dossier_addr;
};

// Parses argv and the environment; for --help, CANCELLED with the usage text; INVALID_ARGUMENT with one line.
absl::StatusOr<SchedulerConfig> SchedulerConfigFromArgs(int argc, const char* const* argv);

}  // namespace tdkt::scheduler
