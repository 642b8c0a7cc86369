#include "services/campaign/due_date_changes.h"

#include <map>

#include <google/protobuf/util/message_differencer.h>

namespace tdkt::campaign {
namespace {

absl::CivilDay DayOf(const tdkt::v1::Date& date) { return absl::CivilDay(date.year(), date.month(), date.day()); }

// Whether the scheduler has the due date's deadline, or will have it once the queued handoffs have run.
bool AtScheduler(const DueDateRow& row) {
  return !row.scheduler_deadline_id.empty() || row.handoff_state == tdkt::v1::HANDOFF_STATE_PENDING;
}

}  // namespace

DueDateChanges PlanDueDateChanges(const std::vector<DueDateRow>& stored, const tdkt::v1::Campaign& requested,
                                  absl::CivilDay today) {
  std::map<int, DueDateRow> by_kind;
  for (const DueDateRow& row : stored) by_kind[row.due.kind()] = row;
  DueDateChanges changes;
  std::map<int, bool> asked;
  for (int i = 0; i < requested.due_dates_size(); ++i) {
    const tdkt::v1::PlanDueDateSpec& due = requested.due_dates(i).due();
    asked[due.kind()] = true;
    const bool future = DayOf(due.due_on()) >= today;
    DueDateRow row;
    if (auto found = by_kind.find(due.kind()); found != by_kind.end()) row = found->second;
    const bool existed = by_kind.contains(due.kind()) && !row.removed;
    const bool unchanged = existed && google::protobuf::util::MessageDifferencer::Equals(row.due, due);
    row.due = due;
    row.due_no = i + 1;
    if (unchanged) {
      row.removed = false;
    } else if (existed && AtScheduler(row)) {
      // The scheduler refuses a due date in the past: a due date moved there is cancelled instead.
      changes.handoffs.emplace_back(future ? HandoffAction::kUpdate : HandoffAction::kCancel, due.kind());
      row.handoff_state = tdkt::v1::HANDOFF_STATE_PENDING;
    } else if (future) {
      changes.handoffs.emplace_back(HandoffAction::kCreate, due.kind());
      row.handoff_state = tdkt::v1::HANDOFF_STATE_PENDING;
    } else {
      row.handoff_state = tdkt::v1::HANDOFF_STATE_NOT_NEEDED;
    }
    row.removed = false;
    changes.rows.push_back(row);
  }
  for (const DueDateRow& old : stored) {
    if (old.removed || asked.contains(old.due.kind())) continue;
    DueDateRow row = old;
    row.removed = true;
    if (AtScheduler(old)) {
      changes.handoffs.emplace_back(HandoffAction::kCancel, old.due.kind());
      row.handoff_state = tdkt::v1::HANDOFF_STATE_PENDING;
    }
    changes.rows.push_back(row);
  }
  return changes;
}

}  // namespace tdkt::campaign
