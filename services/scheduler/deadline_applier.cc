#include "services/scheduler/deadline_applier.h"

#include <algorithm>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "base/status_macros.h"
#include "services/scheduler/deadline_event.h"
#include "services/scheduler/timer_store.h"

namespace tdkt::scheduler {

DeadlineApplier::DeadlineApplier(common::PgPool* pool, SchedulerCalendar* calendar)
    : pool_(pool), calendar_(calendar) {}

absl::StatusOr<ApplyCounts> DeadlineApplier::Apply(const std::vector<std::string>& envelopes) {
  // The calendar of this batch, before any transaction is open (it may take a call to the dossier service).
  int64_t needed_version = 0;
  for (const std::string& bytes : envelopes) {
    if (absl::StatusOr<std::optional<CalendarChangedEvent>> changed = ParseCalendarChangedEvent(bytes);
        changed.ok() && *changed) {
      if (absl::Status offered = calendar_->Offer((*changed)->calendar); !offered.ok()) {
        spdlog::error("scheduler: calendar event {} does not check: {}", (*changed)->event_id,
                      std::string(offered.message()));
      }
      // Should its calendar not have been swapped in, the dossier service is asked for it below.
      needed_version = std::max(needed_version, (*changed)->calendar.version());
    } else if (absl::StatusOr<std::optional<DeadlineEvent>> event = ParseDeadlineEvent(bytes); event.ok() && *event) {
      needed_version = std::max(needed_version, (*event)->calendar_version);
    }
  }
  TDKT_RETURN_IF_ERROR(calendar_->EnsureAtLeast(needed_version));
  const PlannerOnSnapshot planner = calendar_->Planner();

  ApplyCounts counts;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
    counts = ApplyCounts{};
    for (const std::string& bytes : envelopes) {
      absl::StatusOr<std::optional<CalendarChangedEvent>> changed = ParseCalendarChangedEvent(bytes);
      if (!changed.ok() || *changed) {
        if (!changed.ok()) {
          spdlog::error("scheduler: dropping an unreadable calendar event: {}", std::string(changed.status().message()));
          ++counts.ignored;
          continue;
        }
        const CalendarChangedEvent& c = **changed;
        const std::string fingerprint = common::RequestFingerprint("", "CalendarEvent", "", bytes);
        TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, idempotency_.Claim(txn, c.event_id, fingerprint));
        if (earlier) {
          ++counts.duplicates;
          continue;
        }
        if (c.calendar.version() > planner.snapshot->version()) {  // cannot happen: EnsureAtLeast above
          idempotency_.Record(txn, c.event_id, "unusable");
          ++counts.ignored;
          continue;
        }
        TDKT_ASSIGN_OR_RETURN(const int64_t replanned,
                              TimerStore::ReplanRunningDeadlines(txn, planner.planner, c.occurred_at));
        spdlog::info("scheduler: calendar version {}: the timers of {} running deadlines planned again",
                     c.calendar.version(), replanned);
        idempotency_.Record(txn, c.event_id, "replanned");
        ++counts.calendar_changes;
        continue;
      }
      absl::StatusOr<std::optional<DeadlineEvent>> event = ParseDeadlineEvent(bytes);
      if (!event.ok()) {
        spdlog::error("scheduler: dropping an unreadable deadline event: {}", std::string(event.status().message()));
        ++counts.ignored;
        continue;
      }
      if (!*event) {
        ++counts.ignored;
        continue;
      }
      const DeadlineEvent& e = **event;
      const std::string fingerprint = common::RequestFingerprint("", "DeadlineEvent", "", bytes);
      TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, idempotency_.Claim(txn, e.event_id, fingerprint));
      if (earlier) {
        ++counts.duplicates;
        continue;
      }
      std::vector<PlannedTimer> plan;
      if (e.due_date && (e.change == DeadlineChange::kSet || e.change == DeadlineChange::kResumed)) {
        absl::StatusOr<std::vector<PlannedTimer>> planned = planner->Plan(*e.due_date, e.occurred_at);
        if (!planned.ok()) {
          spdlog::error("scheduler: event {} of dossier {} cannot be planned: {}", e.event_id, e.dossier_id,
                        std::string(planned.status().message()));
          idempotency_.Record(txn, e.event_id, "unplannable");
          ++counts.ignored;
          continue;
        }
        plan = *std::move(planned);
      }
      TDKT_ASSIGN_OR_RETURN(const bool applied, TimerStore::ApplyDeadlineEvent(txn, e, plan));
      idempotency_.Record(txn, e.event_id, applied ? "applied" : "stale");
      ++(applied ? counts.applied : counts.stale);
    }
    return absl::OkStatus();
  }));
  return counts;
}

}  // namespace tdkt::scheduler
