#pragma once
// DeadlineApplier: applies stream entries of tdkt:events to the timers, exactly once per event id. For each
// batch, one transaction: per deadline event, claim its event id (common::Idempotency), apply it unless the
// dossier already applied a newer version (TimerStore::ApplyDeadlineEvent), record it. Other event types are
// not the scheduler's and are only acknowledged. An event that can never apply (a malformed envelope, a due
// date beyond the calendar) is recorded as consumed and logged, so that it does not block the stream.
//
// The calendar: a batch plans with ONE calendar snapshot (SchedulerCalendar), taken after the batch's
// CALENDAR_CHANGED events have been offered and after the calendar has been brought to at least the version every
// deadline event of the batch was counted with. A CALENDAR_CHANGED event, applied once (its event id), plans the
// pending timers of every running deadline again with the new calendar (TimerStore::ReplanRunningDeadlines): the
// reminder and escalation days of a deadline whose due date stays can move too. The deadlines whose due date
// moves follow as DEADLINE_SET events of a newer dossier version, which replace their timers as any SET does.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "services/scheduler/scheduler_calendar.h"

namespace tdkt::scheduler {

struct ApplyCounts {
  int64_t applied = 0;           // deadline events that changed the timers
  int64_t duplicates = 0;        // event ids applied before
  int64_t stale = 0;             // older than the dossier's applied version
  int64_t ignored = 0;           // other event types, and events that can never apply
  int64_t calendar_changes = 0;  // CALENDAR_CHANGED events that re-planned the running deadlines
};

class DeadlineApplier {
 public:
  // `pool` and `calendar` must outlive the applier.
  DeadlineApplier(common::PgPool* pool, SchedulerCalendar* calendar);

  // `envelopes`: the "data" fields of stream entries, in stream order. All or nothing: an error (PostgreSQL
  // down, a calendar the dossier service cannot give yet) writes nothing, and the caller retries the same entries.
  absl::StatusOr<ApplyCounts> Apply(const std::vector<std::string>& envelopes);

 private:
  common::PgPool* pool_;
  SchedulerCalendar* calendar_;
  const common::Idempotency idempotency_{"scheduler"};
};

}  // namespace tdkt::scheduler
