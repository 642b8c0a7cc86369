#include "workflow/reminders/reminder_schedule.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "workflow/vietnam_time.h"
#include "base/status_macros.h"

namespace tdkt::workflow::reminders {

const char* ReminderKindName(ReminderKind kind) {
  switch (kind) {
    case ReminderKind::kTMinus3:
      return "REMINDER_T_MINUS_3";
    case ReminderKind::kTMinus1:
      return "REMINDER_T_MINUS_1";
    case ReminderKind::kDueToday:
      return "REMINDER_DUE_TODAY";
    case ReminderKind::kOverdue:
      return "REMINDER_OVERDUE";
    case ReminderKind::kOverdueEscalated:
      return "REMINDER_OVERDUE_ESCALATED";
  }
  return "REMINDER_UNSPECIFIED";
}

absl::StatusOr<ReminderSchedule> ReminderSchedule::Create(const calendar::WorkingDayCalendar& calendar,
                                                          absl::CivilDay due, ReminderPolicy policy) {
  if (policy.hour < 0 || policy.hour > 23 || policy.minute < 0 || policy.minute > 59) {
    return absl::InvalidArgumentError(
        absl::StrCat("reminder time of day ", policy.hour, ":", policy.minute, " is not a valid time"));
  }
  ReminderSchedule schedule(calendar, due, policy);
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay t_minus_3, calendar.SubtractWorkingDays(due, 3));
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay t_minus_1, calendar.SubtractWorkingDays(due, 1));
  schedule.before_overdue_ = {
      {schedule.At(t_minus_3), t_minus_3, ReminderKind::kTMinus3, Recipient::kHolderLevel, 0},
      {schedule.At(t_minus_1), t_minus_1, ReminderKind::kTMinus1, Recipient::kHolderLevel, 0},
      {schedule.At(due), due, ReminderKind::kDueToday, Recipient::kHolderLevel, 0},
  };
  return schedule;
}

absl::Time ReminderSchedule::At(absl::CivilDay day) const {
  return absl::FromCivil(
      absl::CivilMinute(day.year(), day.month(), day.day(), policy_.hour, policy_.minute),
      VietnamTimeZone());
}

absl::StatusOr<Reminder> ReminderSchedule::OverdueReminder(absl::CivilDay day) const {
  int64_t overdue_days = day - due_;
  if (!policy_.overdue_on_calendar_days) {
    TDKT_ASSIGN_OR_RETURN(overdue_days, calendar_->WorkingDaysBetween(due_, day));
  }
  if (overdue_days == 1) {
    return Reminder{At(day), day, ReminderKind::kOverdue, Recipient::kHolderLevel, overdue_days};
  }
  return Reminder{At(day), day, ReminderKind::kOverdueEscalated, Recipient::kCouncilChair, overdue_days};
}

absl::StatusOr<Reminder> ReminderSchedule::NextAfter(absl::Time after) const {
  for (const Reminder& reminder : before_overdue_) {
    if (reminder.at > after) return reminder;
  }
  // `after` is at or past the due-day reminder, so its local date is a sane day from T on. Start the search
  // the day before it: a reminder later on that day's own date may still be ahead.
  absl::CivilDay day = std::max(due_, VietnamDate(after) - 1);
  while (true) {
    if (policy_.overdue_on_calendar_days) {
      ++day;
      if (!calendar::WorkingDayCalendar::Covers(day)) {
        return absl::InvalidArgumentError("no reminder before the end of the working-day calendar");
      }
    } else {
      TDKT_ASSIGN_OR_RETURN(day, calendar_->AddWorkingDays(day, 1));
    }
    if (At(day) > after) return OverdueReminder(day);
  }
}

absl::StatusOr<std::vector<Reminder>> ReminderSchedule::Between(absl::Time after, absl::Time until) const {
  std::vector<Reminder> reminders;
  absl::Time cursor = after;
  while (true) {
    TDKT_ASSIGN_OR_RETURN(Reminder next, NextAfter(cursor));
    if (next.at > until) return reminders;
    cursor = next.at;
    reminders.push_back(next);
  }
}

}  // namespace tdkt::workflow::reminders
