#include "workflow/reminders/reminder_schedule.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "workflow/vietnam_time.h"

namespace tdkt::workflow::reminders {
namespace {

using absl::CivilDay;
using base::FakeClock;
using calendar::WorkingDayCalendar;

// The 2026 Tết arrangement (14–22/2 off) is enough to show that T−3 skips the holiday.
const WorkingDayCalendar& Calendar() {
  static const WorkingDayCalendar* const calendar = [] {
    calendar::HolidayData data;
    data.arrangements.push_back({.year = 2026,
                                 .source = "",
                                 .days_off = {{.holidays = {calendar::HolidayKind::kTet},
                                               .first = CivilDay(2026, 2, 14),
                                               .last = CivilDay(2026, 2, 22),
                                               .note = ""}},
                                 .make_up_working_days = {}});
    return new WorkingDayCalendar(*WorkingDayCalendar::Create(data));
  }();
  return *calendar;
}

absl::Time Local(int y, int m, int d, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hour, minute, 0), VietnamTimeZone());
}

std::string Utc(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M", t, absl::UTCTimeZone()); }

// Due Wednesday 25/2/2026, the third working day after Tết.
constexpr CivilDay kDue(2026, 2, 25);

ReminderSchedule Schedule(ReminderPolicy policy = {}) {
  absl::StatusOr<ReminderSchedule> schedule = ReminderSchedule::Create(Calendar(), kDue, policy);
  EXPECT_TRUE(schedule.ok()) << schedule.status();
  return *std::move(schedule);
}

TEST(ReminderScheduleTest, FullScheduleOnWorkingDaysAt8InVietnam) {
  const absl::StatusOr<std::vector<Reminder>> reminders =
      Schedule().Between(absl::InfinitePast(), Local(2026, 3, 3, 23));
  ASSERT_TRUE(reminders.ok()) << reminders.status();
  const std::vector<Reminder> expected = {
      // T−3: 24/2, 23/2, then back over Tết to Friday 13/2.
      {Local(2026, 2, 13, 8), CivilDay(2026, 2, 13), ReminderKind::kTMinus3, Recipient::kHolderLevel, 0},
      {Local(2026, 2, 24, 8), CivilDay(2026, 2, 24), ReminderKind::kTMinus1, Recipient::kHolderLevel, 0},
      {Local(2026, 2, 25, 8), kDue, ReminderKind::kDueToday, Recipient::kHolderLevel, 0},
      {Local(2026, 2, 26, 8), CivilDay(2026, 2, 26), ReminderKind::kOverdue, Recipient::kHolderLevel, 1},
      {Local(2026, 2, 27, 8), CivilDay(2026, 2, 27), ReminderKind::kOverdueEscalated,
       Recipient::kCouncilChair, 2},
      // The weekend is skipped.
      {Local(2026, 3, 2, 8), CivilDay(2026, 3, 2), ReminderKind::kOverdueEscalated, Recipient::kCouncilChair,
       3},
      {Local(2026, 3, 3, 8), CivilDay(2026, 3, 3), ReminderKind::kOverdueEscalated, Recipient::kCouncilChair,
       4},
  };
  EXPECT_EQ(*reminders, expected);
  // 08:00 in Hà Nội is 01:00 UTC.
  EXPECT_EQ(Utc(reminders->front().at), "2026-02-13 01:00");
}

TEST(ReminderScheduleTest, NextAfterIsStrictlyAfter) {
  const ReminderSchedule schedule = Schedule();
  EXPECT_EQ(schedule.NextAfter(Local(2026, 2, 13, 7, 59))->kind, ReminderKind::kTMinus3);
  EXPECT_EQ(schedule.NextAfter(Local(2026, 2, 13, 8))->kind, ReminderKind::kTMinus1);
  EXPECT_EQ(schedule.NextAfter(Local(2026, 2, 25, 8))->day, CivilDay(2026, 2, 26));
  EXPECT_EQ(schedule.NextAfter(Local(2026, 2, 25, 7))->kind, ReminderKind::kDueToday);
  // Friday evening → Monday morning, the third overdue working day.
  const absl::StatusOr<Reminder> monday = schedule.NextAfter(Local(2026, 2, 27, 18));
  ASSERT_TRUE(monday.ok());
  EXPECT_EQ(monday->day, CivilDay(2026, 3, 2));
  EXPECT_EQ(monday->overdue_days, 3);
  // Far in the future it still answers, with the count of overdue working days.
  EXPECT_EQ(schedule.NextAfter(Local(2026, 12, 31, 9))->kind, ReminderKind::kOverdueEscalated);
}

TEST(ReminderScheduleTest, DrivenByAFakeClock) {
  const ReminderSchedule schedule = Schedule();
  FakeClock clock(Local(2026, 2, 1, 0));
  std::vector<ReminderKind> fired;
  for (int i = 0; i < 5; ++i) {
    const absl::StatusOr<Reminder> next = schedule.NextAfter(clock.Now());
    ASSERT_TRUE(next.ok());
    clock.Set(next->at);
    fired.push_back(next->kind);
  }
  EXPECT_EQ(fired, (std::vector<ReminderKind>{ReminderKind::kTMinus3, ReminderKind::kTMinus1,
                                              ReminderKind::kDueToday, ReminderKind::kOverdue,
                                              ReminderKind::kOverdueEscalated}));
  EXPECT_EQ(clock.Now(), Local(2026, 2, 27, 8));
}

TEST(ReminderScheduleTest, CalendarDaysAndAnotherHour) {
  const ReminderSchedule schedule = Schedule({.hour = 14, .minute = 30, .overdue_on_calendar_days = true});
  const absl::StatusOr<std::vector<Reminder>> reminders =
      schedule.Between(Local(2026, 2, 25, 15), Local(2026, 3, 1, 23));
  ASSERT_TRUE(reminders.ok());
  ASSERT_EQ(reminders->size(), 4u);  // 26, 27, 28/2 and 1/3, weekend included
  EXPECT_EQ((*reminders)[0].kind, ReminderKind::kOverdue);
  EXPECT_EQ((*reminders)[2].day, CivilDay(2026, 2, 28));
  EXPECT_EQ((*reminders)[2].overdue_days, 3);
  EXPECT_EQ((*reminders)[3].at, Local(2026, 3, 1, 14, 30));
  EXPECT_EQ(Utc((*reminders)[3].at), "2026-03-01 07:30");
}

TEST(ReminderScheduleTest, InvalidPolicyIsRejected) {
  EXPECT_EQ(ReminderSchedule::Create(Calendar(), kDue, {.hour = 24}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReminderSchedule::Create(Calendar(), kDue, {.hour = 8, .minute = -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReminderSchedule::Create(Calendar(), CivilDay(1900, 1, 2), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ReminderScheduleTest, KindNames) {
  EXPECT_STREQ(ReminderKindName(ReminderKind::kTMinus3), "REMINDER_T_MINUS_3");
  EXPECT_STREQ(ReminderKindName(ReminderKind::kOverdueEscalated), "REMINDER_OVERDUE_ESCALATED");
}

}  // namespace
}  // namespace tdkt::workflow::reminders
