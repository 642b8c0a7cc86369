#pragma once
// ReminderSchedule: when to remind whom about a working-day deadline (docs/architecture.md §3).
//
// For a due day T the reminders are, each at the policy's local hour (default 08:00 Asia/Ho_Chi_Minh):
//   T−3 working days   REMINDER_T_MINUS_3     → the level holding the dossier
//   T−1 working day    REMINDER_T_MINUS_1     → the level holding the dossier
//   T                  DUE_TODAY              → the level holding the dossier
//   first overdue day  OVERDUE                → the level holding the dossier
//   every later one    OVERDUE_ESCALATED      → the council chair (the notifier copies the holder)
// "Overdue days" are the working days after T by default (nobody reads a reminder on a Sunday); set
// `overdue_on_calendar_days` to remind every day. They go on until the dossier moves, so the schedule is
// open-ended: the scheduler asks NextAfter(now) with its injected clock and sleeps until the answer.
//
//   TDKT_ASSIGN_OR_RETURN(ReminderSchedule schedule, ReminderSchedule::Create(calendar, due, {}));
//   TDKT_ASSIGN_OR_RETURN(Reminder next, schedule.NextAfter(clock.Now()));
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "workflow/calendar/working_day_calendar.h"

namespace tdkt::workflow::reminders {

enum class ReminderKind {
  kTMinus3,           // REMINDER_T_MINUS_3
  kTMinus1,           // T_MINUS_1
  kDueToday,          // DUE_TODAY
  kOverdue,           // OVERDUE: the first overdue day
  kOverdueEscalated,  // OVERDUE_ESCALATED: every overdue day after the first
};

// Who a reminder is for, as a class of recipients; the notifier resolves the people.
enum class Recipient {
  kHolderLevel,   // the standing body of the level that holds the dossier
  kCouncilChair,  // the chair of that level's council
};

// "REMINDER_T_MINUS_3", ..., for logs and event payloads.
const char* ReminderKindName(ReminderKind kind);

struct Reminder {
  absl::Time at;
  absl::CivilDay day;  // `at` as a date in Asia/Ho_Chi_Minh
  ReminderKind kind;
  Recipient recipient;
  int64_t overdue_days = 0;  // 1 on the first overdue day, 2 on the next, ...; 0 before

  friend bool operator==(const Reminder&, const Reminder&) = default;
};

struct ReminderPolicy {
  int hour = 8;  // local time of day, Asia/Ho_Chi_Minh
  int minute = 0;
  bool overdue_on_calendar_days = false;  // default: overdue reminders on working days only
};

class ReminderSchedule {
 public:
  // INVALID_ARGUMENT for a time of day outside 00:00–23:59, or a due day the calendar does not cover.
  // `calendar` must outlive the schedule.
  static absl::StatusOr<ReminderSchedule> Create(const calendar::WorkingDayCalendar& calendar,
                                                 absl::CivilDay due, ReminderPolicy policy);

  // The first reminder strictly after `after`. There always is one (overdue reminders never stop), until
  // the end of the calendar, where it is INVALID_ARGUMENT.
  absl::StatusOr<Reminder> NextAfter(absl::Time after) const;

  // Every reminder in (after, until], in order: e.g. to show a dossier's coming reminders.
  absl::StatusOr<std::vector<Reminder>> Between(absl::Time after, absl::Time until) const;

  absl::CivilDay due() const { return due_; }

 private:
  ReminderSchedule(const calendar::WorkingDayCalendar& calendar, absl::CivilDay due, ReminderPolicy policy)
      : calendar_(&calendar), due_(due), policy_(policy) {}

  absl::Time At(absl::CivilDay day) const;
  absl::StatusOr<Reminder> OverdueReminder(absl::CivilDay day) const;

  const calendar::WorkingDayCalendar* calendar_;
  absl::CivilDay due_;
  ReminderPolicy policy_;
  std::vector<Reminder> before_overdue_;  // T−3, T−1, T in order
};

}  // namespace tdkt::workflow::reminders
