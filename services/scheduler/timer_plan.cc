#include "services/scheduler/timer_plan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {
namespace {

namespace reminders = workflow::reminders;

PlannedTimer FromReminder(const reminders::Reminder& reminder) {
  PlannedTimer timer;
  timer.fire_on = reminder.day;
  timer.fire_at = reminder.at;
  switch (reminder.kind) {
    case reminders::ReminderKind::kTMinus3:
      timer.reminder_kind = tdkt::v1::REMINDER_KIND_BEFORE_DUE;
      timer.step = 3;
      break;
    case reminders::ReminderKind::kTMinus1:
      timer.reminder_kind = tdkt::v1::REMINDER_KIND_BEFORE_DUE;
      timer.step = 1;
      break;
    case reminders::ReminderKind::kDueToday:
      timer.reminder_kind = tdkt::v1::REMINDER_KIND_DUE_TODAY;
      timer.step = 0;
      break;
    case reminders::ReminderKind::kOverdue:
    case reminders::ReminderKind::kOverdueEscalated:
      timer.reminder_kind = tdkt::v1::REMINDER_KIND_OVERDUE;
      timer.step = static_cast<int>(reminder.overdue_days);
      break;
  }
  return timer;
}

}  // namespace

std::string TimerId(const std::string& deadline_key, absl::CivilDay due, const PlannedTimer& timer) {
  const char kind = timer.kind == tdkt::v1::TIMER_KIND_ESCALATION ? 'E' : 'R';
  return absl::StrCat(deadline_key, "|", base::FormatIsoDate(due), "|", std::string(1, kind),
                      static_cast<int>(timer.reminder_kind), "|", timer.step);
}

bool IsEscalatedReminder(tdkt::v1::ReminderKind kind, int step) {
  return kind == tdkt::v1::REMINDER_KIND_OVERDUE && step >= 2;
}

TimerPlanner::TimerPlanner(const workflow::calendar::WorkingDayCalendar& calendar,
                           workflow::reminders::ReminderPolicy policy, bool escalate)
    : calendar_(calendar), policy_(policy), escalate_(escalate) {}

absl::StatusOr<std::vector<PlannedTimer>> TimerPlanner::Plan(absl::CivilDay due, absl::Time after) const {
  TDKT_ASSIGN_OR_RETURN(const reminders::ReminderSchedule schedule,
                        reminders::ReminderSchedule::Create(calendar_, due, policy_));
  std::vector<PlannedTimer> timers;
  absl::Time cursor = after;
  while (true) {
    TDKT_ASSIGN_OR_RETURN(const reminders::Reminder next, schedule.NextAfter(cursor));
    cursor = next.at;
    if (next.overdue_days >= 2) {
      // A deadline seen only when already overdue (resumed late): its next overdue reminder is this one.
      if (timers.empty() || timers.back().reminder_kind != tdkt::v1::REMINDER_KIND_OVERDUE) {
        timers.push_back(FromReminder(next));
      }
      // The first reminder from the second overdue working day on: the escalation instant.
      if (escalate_) {
        PlannedTimer escalation = FromReminder(next);
        escalation.kind = tdkt::v1::TIMER_KIND_ESCALATION;
        escalation.reminder_kind = tdkt::v1::REMINDER_KIND_UNSPECIFIED;
        timers.push_back(escalation);
      }
      return timers;
    }
    timers.push_back(FromReminder(next));
  }
}

absl::StatusOr<PlannedTimer> TimerPlanner::NextOverdue(absl::CivilDay due, absl::Time after) const {
  TDKT_ASSIGN_OR_RETURN(const reminders::ReminderSchedule schedule,
                        reminders::ReminderSchedule::Create(calendar_, due, policy_));
  TDKT_ASSIGN_OR_RETURN(const reminders::Reminder next, schedule.NextAfter(after));
  return FromReminder(next);
}

absl::Time TimerPlanner::At(absl::CivilDay day) const {
  return absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(), policy_.hour, policy_.minute),
                         workflow::VietnamTimeZone());
}

absl::StatusOr<std::vector<PlannedTimer>> TimerPlanner::PlanCampaign(absl::CivilDay due,
                                                                     const std::vector<int>& working_days_before,
                                                                     absl::Time after) const {
  std::vector<PlannedTimer> timers;
  for (const int days : working_days_before) {
    PlannedTimer timer;
    timer.reminder_kind = tdkt::v1::REMINDER_KIND_BEFORE_DUE;
    timer.step = days;
    TDKT_ASSIGN_OR_RETURN(timer.fire_on, calendar_.SubtractWorkingDays(due, days));
    timer.fire_at = At(timer.fire_on);
    if (timer.fire_at > after) timers.push_back(timer);
  }
  PlannedTimer due_day;
  due_day.reminder_kind = tdkt::v1::REMINDER_KIND_DUE_TODAY;
  due_day.fire_on = due;
  due_day.fire_at = At(due);
  if (due_day.fire_at > after) timers.push_back(due_day);
  std::sort(timers.begin(), timers.end(), [](const PlannedTimer& a, const PlannedTimer& b) {
    return a.fire_at < b.fire_at || (a.fire_at == b.fire_at && a.step > b.step);
  });
  return timers;
}

absl::StatusOr<std::vector<PlannedTimer>> TimerPlanner::RemindersBetween(absl::CivilDay due, absl::Time after,
                                                                         absl::Time until) const {
  TDKT_ASSIGN_OR_RETURN(const reminders::ReminderSchedule schedule,
                        reminders::ReminderSchedule::Create(calendar_, due, policy_));
  TDKT_ASSIGN_OR_RETURN(const std::vector<reminders::Reminder> all, schedule.Between(after, until));
  std::vector<PlannedTimer> timers;
  timers.reserve(all.size());
  for (const reminders::Reminder& reminder : all) timers.push_back(FromReminder(reminder));
  return timers;
}

}  // namespace tdkt::scheduler
