#include "services/scheduler/deadline_applier.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "base/status_macros.h"
#include "services/scheduler/deadline_event.h"
#include "services/scheduler/timer_store.h"

namespace tdkt::scheduler {

DeadlineApplier::DeadlineApplier(common::PgPool* pool, const TimerPlanner* planner) : pool_(pool), planner_(planner) {}

absl::StatusOr<ApplyCounts> DeadlineApplier::Apply(const std::vector<std::string>& envelopes) {
  ApplyCounts counts;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
    counts = ApplyCounts{};
    for (const std::string& bytes : envelopes) {
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
        absl::StatusOr<std::vector<PlannedTimer>> planned = planner_->Plan(*e.due_date, e.occurred_at);
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
