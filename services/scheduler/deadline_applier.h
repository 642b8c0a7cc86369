#pragma once
// DeadlineApplier: applies stream entries of tdkt:events to the timers, exactly once per event id. For each
// batch, one transaction: per deadline event, claim its event id (common::Idempotency), apply it unless the
// dossier already applied a newer version (TimerStore::ApplyDeadlineEvent), record it. Other event types are
// not the scheduler's and are only acknowledged. An event that can never apply (a malformed envelope, a due
// date beyond the calendar) is recorded as consumed and logged, so that it does not block the stream.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "services/scheduler/timer_plan.h"

namespace tdkt::scheduler {

struct ApplyCounts {
  int64_t applied = 0;     // deadline events that changed the timers
  int64_t duplicates = 0;  // event ids applied before
  int64_t stale = 0;       // older than the dossier's applied version
  int64_t ignored = 0;     // other event types, and events that can never apply
};

class DeadlineApplier {
 public:
  // `pool` and `planner` must outlive the applier.
  DeadlineApplier(common::PgPool* pool, const TimerPlanner* planner);

  // `envelopes`: the "data" fields of stream entries, in stream order. All or nothing: an error (PostgreSQL
  // down) writes nothing, and the caller retries the same entries.
  absl::StatusOr<ApplyCounts> Apply(const std::vector<std::string>& envelopes);

 private:
  common::PgPool* pool_;
  const TimerPlanner* planner_;
  const common::Idempotency idempotency_{"scheduler"};
};

}  // namespace tdkt::scheduler
