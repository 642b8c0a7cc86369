#pragma once
// SchedulerServer: the whole scheduler process, built from its configuration — the PostgreSQL pools (schema
// `scheduler`, migrated at start), the directory link, the working-day calendar (the dossier service's stored one,
// followed without a restart: scheduler_calendar.h), the consumer of tdkt:events, the firing loop, the relay of
// the scheduler's outbox, the calendar alarm, the metrics port and the gRPC API (with health). main() and the tests
// build it the same way; tests inject a clock and token keys.
//
//   auto server = ValueOrExit(SchedulerServer::Create(config, {.clock = &clock}));
//   ExitOnError(server->Start());
//   …
//   server->Stop();
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/public_key_set.h"
#include "services/scheduler/calendar_fetcher.h"
#include "services/scheduler/escalator.h"
#include "services/scheduler/firing_loop.h"
#include "services/scheduler/org_tree.h"
#include "services/scheduler/scheduler_config.h"
#include "services/scheduler/scheduler_metrics.h"

namespace tdkt::scheduler {

struct SchedulerDeps {
  const base::Clock* clock = nullptr;  // required; business dates and, with kInjected, the claim instant
  ClaimClock claim_clock = ClaimClock::kDatabase;
  absl::Duration max_sleep = absl::Minutes(5);  // the firing loop's longest sleep without a notification
  // Replaces the gRPC escalator built from the configuration (config.escalate still decides).
  Escalator* escalator = nullptr;
  // The token keys of the API, instead of fetching the directory's (tests).
  std::optional<auth::PublicKeySet> token_keys = std::nullopt;
  // The organisation tree the API authorises with, instead of asking the directory (tests).
  const OrgTree* org_tree = nullptr;
  // Where the stored calendar comes from, instead of GetCalendar at config.dossier_addr (tests). Neither: the
  // calendar of data_dir/holidays.
  CalendarFetcher* calendar_fetcher = nullptr;
};

class SchedulerServer {
 public:
  static absl::StatusOr<std::unique_ptr<SchedulerServer>> Create(const SchedulerConfig& config, SchedulerDeps deps);
  ~SchedulerServer();

  // Serves gRPC and metrics, consumes events, fires timers, relays the outbox.
  absl::Status Start();
  // Stops everything (the pass in progress finishes; nothing is lost).
  void Stop();

  int grpc_port() const;
  int admin_port() const;
  SchedulerMetrics& metrics();
  FiringLoop& firing_loop();
  // Deadline events applied by this replica's consumer (read after Stop()).
  int64_t events_acknowledged() const;
  // The calendar this replica plans with now.
  std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar() const;

  struct Parts;  // defined in scheduler_server.cc

 private:
  explicit SchedulerServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::scheduler
