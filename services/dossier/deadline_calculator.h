#pragma once
// PlanDeadlines: turns the state machine's deadline operations (START/PAUSE/RESUME/CLEAR/RECALCULATE, effects.h)
// into dated deadline records with the working-day calendar. Pure: the runner stores the records and publishes
// the changes in the transition's transaction.
//
// Due date = AddWorkingDays(receipt date in Asia/Ho_Chi_Minh, working days), moved later by the working days
// the clock was paused (returned for supplement), exactly as AddWorkingDaysWithPauses counts them.
//
//   TDKT_ASSIGN_OR_RETURN(DeadlinePlan plan, PlanDeadlines(calendar, version, live, last_no,
//                                                          t.effects.deadline_ops, t.dossier.holder_org_id));
//   for (const DeadlineChange& c : plan.changes) store.UpsertDeadline(c.record);
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "workflow/calendar/paused_working_days.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/effects.h"

namespace tdkt::dossier {

enum class DeadlineRecordState { kRunning, kPaused, kCleared };
std::string DeadlineRecordStateName(DeadlineRecordState state);  // "RUNNING", "PAUSED", "CLEARED"

// One level's appraisal deadline (a row of dossier.deadline).
struct DeadlineRecord {
  int deadline_no = 0;  // 1, 2, … per dossier: a new number whenever a level's clock starts
  int level_index = 0;
  std::string org_id;  // the organisation whose standing body must act
  absl::Time received_at;
  int working_days = 0;
  absl::CivilDay due_date;
  std::optional<absl::Time> paused_at;
  std::vector<workflow::calendar::ClockPause> pauses;
  int escalation_count = 0;
  DeadlineRecordState state = DeadlineRecordState::kRunning;
  // The version of the stored calendar (calendar.proto) due_date was last computed with, or confirmed against
  // (DeadlineRecalculator): a deadline below the current version may need recomputing. 0: before versions.
  int64_t calendar_version = 0;
};

enum class DeadlineChangeKind { kSet, kPaused, kResumed, kCleared };

struct DeadlineChange {
  DeadlineChangeKind kind;
  DeadlineRecord record;           // after the change
  int64_t working_days_remaining;  // from the day of the change to the due date (negative when overdue)
};

struct DeadlinePlan {
  std::optional<DeadlineRecord> live;  // the running or paused deadline after all operations, if any
  std::vector<DeadlineChange> changes;  // in operation order; store each record (upsert by deadline_no)
};

// `calendar` is the stored calendar at `calendar_version`, which the records whose due date it computes keep.
// `live` is the dossier's running or paused deadline before the command; `last_deadline_no` the highest
// number used so far (0 for none). A START for a level whose deadline is still live replaces it (CLEARED
// first). RECALCULATE counts the live deadline's due date again from its receipt, working days and closed pauses
// — a SET change for a running deadline, a PAUSED one (with its remainder at the pause) for a paused deadline, so
// that a consumer keeps a stopped clock stopped. PAUSE/RESUME/CLEAR/RECALCULATE without a live deadline at that
// level change nothing. INVALID_ARGUMENT from the calendar for dates outside 1900–2100.
absl::StatusOr<DeadlinePlan> PlanDeadlines(const workflow::calendar::WorkingDayCalendar& calendar,
                                           int64_t calendar_version, std::optional<DeadlineRecord> live,
                                           int last_deadline_no,
                                           const std::vector<workflow::DeadlineOp>& ops,
                                           const std::string& holder_org_id);

// How many working days a deadline due on `due_date` is overdue on `today`: the working days after the due
// date up to and including today (0 up to the due date and on the days off after it). The first working day
// after the due date is 1: the day an overdue escalation first becomes due. INVALID_ARGUMENT from the calendar
// for dates outside 1900–2100.
// The due date of `record` counted with `calendar`: its working days from the receipt date in Vietnam, moved
// later by its closed pauses (a pause still open has not moved it yet). What START and RESUME compute, and what a
// calendar change recomputes.
absl::StatusOr<absl::CivilDay> CountDueDate(const workflow::calendar::WorkingDayCalendar& calendar,
                                            const DeadlineRecord& record);

absl::StatusOr<int64_t> OverdueWorkingDays(const workflow::calendar::WorkingDayCalendar& calendar,
                                           absl::CivilDay due_date, absl::CivilDay today);

}  // namespace tdkt::dossier
