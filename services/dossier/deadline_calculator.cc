#include "services/dossier/deadline_calculator.h"

#include <utility>

#include "workflow/vietnam_time.h"
#include "base/status_macros.h"

namespace tdkt::dossier {
namespace {

using workflow::VietnamDate;
namespace calendar = workflow::calendar;

absl::StatusOr<int64_t> Remaining(const calendar::WorkingDayCalendar& cal, const DeadlineRecord& record,
                                  absl::Time at) {
  return cal.WorkingDaysBetween(VietnamDate(at), record.due_date);
}

}  // namespace

std::string DeadlineRecordStateName(DeadlineRecordState state) {
  switch (state) {
    case DeadlineRecordState::kRunning:
      return "RUNNING";
    case DeadlineRecordState::kPaused:
      return "PAUSED";
    case DeadlineRecordState::kCleared:
      return "CLEARED";
  }
  return "CLEARED";
}

absl::StatusOr<absl::CivilDay> CountDueDate(const calendar::WorkingDayCalendar& cal, const DeadlineRecord& record) {
  return calendar::AddWorkingDaysWithPauses(cal, VietnamDate(record.received_at), record.working_days, record.pauses);
}

absl::StatusOr<DeadlinePlan> PlanDeadlines(const calendar::WorkingDayCalendar& cal, int64_t calendar_version,
                                           std::optional<DeadlineRecord> live, int last_deadline_no,
                                           const std::vector<workflow::DeadlineOp>& ops,
                                           const std::string& holder_org_id) {
  DeadlinePlan plan;
  auto clear_live = [&](absl::Time at) -> absl::Status {
    if (!live) return absl::OkStatus();
    live->state = DeadlineRecordState::kCleared;
    live->paused_at.reset();
    TDKT_ASSIGN_OR_RETURN(int64_t remaining, Remaining(cal, *live, at));
    plan.changes.push_back({DeadlineChangeKind::kCleared, *live, remaining});
    live.reset();
    return absl::OkStatus();
  };
  for (const workflow::DeadlineOp& op : ops) {
    const bool at_level = live && live->level_index == op.level_index;
    switch (op.kind) {
      case workflow::DeadlineOpKind::kStart: {
        TDKT_RETURN_IF_ERROR(clear_live(op.at));
        DeadlineRecord record;
        record.deadline_no = ++last_deadline_no;
        record.level_index = op.level_index;
        record.org_id = holder_org_id;
        record.received_at = op.at;
        record.working_days = op.working_days;
        record.calendar_version = calendar_version;
        TDKT_ASSIGN_OR_RETURN(record.due_date, CountDueDate(cal, record));
        TDKT_ASSIGN_OR_RETURN(int64_t remaining, Remaining(cal, record, op.at));
        plan.changes.push_back({DeadlineChangeKind::kSet, record, remaining});
        live = std::move(record);
        break;
      }
      case workflow::DeadlineOpKind::kPause: {
        if (!at_level || live->state != DeadlineRecordState::kRunning) break;
        live->state = DeadlineRecordState::kPaused;
        live->paused_at = op.at;
        TDKT_ASSIGN_OR_RETURN(int64_t remaining, Remaining(cal, *live, op.at));
        plan.changes.push_back({DeadlineChangeKind::kPaused, *live, remaining});
        break;
      }
      case workflow::DeadlineOpKind::kResume: {
        if (!at_level || live->state != DeadlineRecordState::kPaused) break;
        live->pauses.push_back({VietnamDate(*live->paused_at), VietnamDate(op.at)});
        live->paused_at.reset();
        live->state = DeadlineRecordState::kRunning;
        live->calendar_version = calendar_version;
        TDKT_ASSIGN_OR_RETURN(live->due_date, CountDueDate(cal, *live));
        TDKT_ASSIGN_OR_RETURN(int64_t remaining, Remaining(cal, *live, op.at));
        plan.changes.push_back({DeadlineChangeKind::kResumed, *live, remaining});
        break;
      }
      case workflow::DeadlineOpKind::kRecalculate: {
        if (!at_level) break;
        live->calendar_version = calendar_version;
        TDKT_ASSIGN_OR_RETURN(live->due_date, CountDueDate(cal, *live));
        const bool paused = live->state == DeadlineRecordState::kPaused && live->paused_at.has_value();
        TDKT_ASSIGN_OR_RETURN(int64_t remaining, Remaining(cal, *live, paused ? *live->paused_at : op.at));
        plan.changes.push_back({paused ? DeadlineChangeKind::kPaused : DeadlineChangeKind::kSet, *live, remaining});
        break;
      }
      case workflow::DeadlineOpKind::kClear:
        if (at_level) TDKT_RETURN_IF_ERROR(clear_live(op.at));
        break;
    }
  }
  plan.live = std::move(live);
  return plan;
}

absl::StatusOr<int64_t> OverdueWorkingDays(const workflow::calendar::WorkingDayCalendar& calendar,
                                           absl::CivilDay due_date, absl::CivilDay today) {
  if (today <= due_date) return 0;
  return calendar.WorkingDaysBetween(due_date, today);  // the working days in (due_date, today]
}

}  // namespace tdkt::dossier
