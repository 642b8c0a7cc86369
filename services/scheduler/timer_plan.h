#pragma once
// TimerPlanner: which timers a deadline needs, from the reminder schedule (workflow/reminders/) and the
// working-day calendar. Pure: no I/O, no clock of its own (the caller says "after when").
//
// For a deadline due on T, seen at instant `after` (the event's commit time), the plan is every reminder of
// the schedule strictly after `after` up to and including the first overdue one: T−3, T−1 (BEFORE_DUE), T
// (DUE_TODAY), the first overdue working day (OVERDUE, step 1); and, when escalation is on, one ESCALATION
// timer at the instant of the second overdue working day (after the first overdue working day has passed).
// Overdue reminders are open-ended: only the next is a row, and NextOverdue plans its successor when it fires.
//
//   TimerPlanner planner(calendar, {.hour = 8}, /*escalate=*/true);
//   TDKT_ASSIGN_OR_RETURN(std::vector<PlannedTimer> timers, planner.Plan(due, event_time));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/scheduler.pb.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/reminders/reminder_schedule.h"

namespace tdkt::scheduler {

struct PlannedTimer {
  tdkt::v1::TimerKind kind = tdkt::v1::TIMER_KIND_REMINDER;
  tdkt::v1::ReminderKind reminder_kind = tdkt::v1::REMINDER_KIND_UNSPECIFIED;  // UNSPECIFIED for escalations
  // BEFORE_DUE: working days before the due date (3, 1); DUE_TODAY: 0; OVERDUE, ESCALATION: overdue working days.
  int step = 0;
  absl::CivilDay fire_on;
  absl::Time fire_at;

  friend bool operator==(const PlannedTimer&, const PlannedTimer&) = default;
};

// "<deadline key>|<due date>|<R|E><reminder kind>|<step>": one id per (deadline, due date, kind, step), so that
// planning the same deadline twice finds the same rows.
std::string TimerId(const std::string& deadline_key, absl::CivilDay due, const PlannedTimer& timer);

// Whether a DeadlineReminder of this kind and step tells the council chair too (the schedule's
// OVERDUE_ESCALATED: from the second overdue working day on).
bool IsEscalatedReminder(tdkt::v1::ReminderKind kind, int step);

class TimerPlanner {
 public:
  // `calendar` must outlive the planner. INVALID_ARGUMENT from Plan when the policy's time of day is invalid.
  TimerPlanner(const workflow::calendar::WorkingDayCalendar& calendar, workflow::reminders::ReminderPolicy policy,
               bool escalate);

  // The timers of a deadline due on `due`, seen at `after` (see above), by fire_at.
  absl::StatusOr<std::vector<PlannedTimer>> Plan(absl::CivilDay due, absl::Time after) const;

  // The overdue reminder that follows one that fired: the first after `after` (the later of its own instant
  // and now, so that overdue days missed while every replica was down are not sent in a burst).
  absl::StatusOr<PlannedTimer> NextOverdue(absl::CivilDay due, absl::Time after) const;

  // Every reminder of a deadline due on `due` in (after, until], overdue ones included: what will fire if the
  // deadline stays as it is (ListUpcomingReminders, tests).
  absl::StatusOr<std::vector<PlannedTimer>> RemindersBetween(absl::CivilDay due, absl::Time after,
                                                             absl::Time until) const;

  // The reminders of a campaign deadline due on `due` for one organisation: one BEFORE_DUE for each of
  // `working_days_before` (the n-th working day before `due`) and DUE_TODAY on `due` itself (whatever kind of day
  // it is: a date a campaign names), each strictly after `after`, by fire_at. Campaign deadlines have no overdue
  // reminders.
  absl::StatusOr<std::vector<PlannedTimer>> PlanCampaign(absl::CivilDay due,
                                                         const std::vector<int>& working_days_before,
                                                         absl::Time after) const;

  const workflow::calendar::WorkingDayCalendar& calendar() const { return calendar_; }

 private:
  absl::Time At(absl::CivilDay day) const;

  const workflow::calendar::WorkingDayCalendar& calendar_;
  const workflow::reminders::ReminderPolicy policy_;
  const bool escalate_;
};

}  // namespace tdkt::scheduler
