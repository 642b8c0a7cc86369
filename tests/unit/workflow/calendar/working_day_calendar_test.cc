#include "workflow/calendar/working_day_calendar.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/unit/workflow/calendar/calendar_test_data.h"

namespace tdkt::workflow::calendar {
namespace {

using absl::CivilDay;

WorkingDayCalendar Build(const HolidayData& data) {
  absl::StatusOr<WorkingDayCalendar> calendar = WorkingDayCalendar::Create(data);
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *std::move(calendar);
}

const WorkingDayCalendar& Defaults() {
  static const WorkingDayCalendar* const calendar = new WorkingDayCalendar(Build({}));
  return *calendar;
}

const WorkingDayCalendar& With2026() {
  static const WorkingDayCalendar* const calendar =
      new WorkingDayCalendar(Build({.arrangements = {testing::Arrangement2026()}, .optional_holidays = {}}));
  return *calendar;
}

bool Working(const WorkingDayCalendar& calendar, CivilDay day) {
  const absl::StatusOr<bool> working = calendar.IsWorkingDay(day);
  EXPECT_TRUE(working.ok()) << working.status();
  return working.ok() && *working;
}

void ExpectDaysOff(const WorkingDayCalendar& calendar, CivilDay first, CivilDay last) {
  for (CivilDay day = first; day <= last; ++day) {
    EXPECT_FALSE(Working(calendar, day)) << absl::FormatCivilTime(day) << " should be a day off";
  }
}

TEST(WorkingDayCalendarTest, WeekdaysWorkWeekendsRest) {
  EXPECT_TRUE(Working(Defaults(), CivilDay(2025, 3, 3)));   // Monday
  EXPECT_TRUE(Working(Defaults(), CivilDay(2025, 3, 7)));   // Friday
  EXPECT_FALSE(Working(Defaults(), CivilDay(2025, 3, 8)));  // Saturday
  EXPECT_FALSE(Working(Defaults(), CivilDay(2025, 3, 9)));  // Sunday
}

TEST(WorkingDayCalendarTest, Default2023GioToAnd30April) {
  // Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday: with 1/5 (Monday) a holiday, 2/5 and 3/5 are off.
  EXPECT_TRUE(Working(Defaults(), CivilDay(2023, 4, 28)));
  ExpectDaysOff(Defaults(), CivilDay(2023, 4, 29), CivilDay(2023, 5, 3));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2023, 5, 4)));
}

TEST(WorkingDayCalendarTest, DefaultTetIsTheLastDayOfTheYearAndFourMore) {
  // 2026 without its arrangement: 29 Chạp (Monday 16/2) and 1–4 Giêng (17–20/2), as announced.
  EXPECT_TRUE(Working(Defaults(), CivilDay(2026, 2, 13)));
  ExpectDaysOff(Defaults(), CivilDay(2026, 2, 16), CivilDay(2026, 2, 20));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2026, 2, 23)));
  // 2024 (Tết on Saturday 10/2): 9/2 and 12–13/2, and the two weekend days move to 14–15/2.
  EXPECT_TRUE(Working(Defaults(), CivilDay(2024, 2, 8)));
  ExpectDaysOff(Defaults(), CivilDay(2024, 2, 9), CivilDay(2024, 2, 15));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2024, 2, 16)));
}

TEST(WorkingDayCalendarTest, DefaultNationalDayJoinsTheNearestWeekend) {
  // 2024: Monday 2/9 → 3/9; 2025: Tuesday → 1/9; 2026: Wednesday → 1/9.
  EXPECT_TRUE(Working(Defaults(), CivilDay(2024, 8, 30)));
  ExpectDaysOff(Defaults(), CivilDay(2024, 9, 2), CivilDay(2024, 9, 3));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2024, 9, 4)));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2025, 8, 29)));
  ExpectDaysOff(Defaults(), CivilDay(2025, 9, 1), CivilDay(2025, 9, 2));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2025, 9, 3)));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2026, 8, 31)));
  ExpectDaysOff(Defaults(), CivilDay(2026, 9, 1), CivilDay(2026, 9, 2));
  // 2027: Thursday 2/9 → Friday 3/9 (a four-day break), not Wednesday 1/9.
  EXPECT_TRUE(Working(Defaults(), CivilDay(2027, 9, 1)));
  ExpectDaysOff(Defaults(), CivilDay(2027, 9, 2), CivilDay(2027, 9, 5));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2027, 9, 6)));
}

TEST(WorkingDayCalendarTest, NewYearOnASundayMovesToMonday) {
  ExpectDaysOff(Defaults(), CivilDay(2023, 1, 1), CivilDay(2023, 1, 2));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2023, 1, 3)));
}

TEST(WorkingDayCalendarTest, ArrangementWinsOverTheDefaultsForTheHolidaysItNames) {
  const WorkingDayCalendar& calendar = With2026();
  ExpectDaysOff(calendar, CivilDay(2026, 2, 14), CivilDay(2026, 2, 22));
  ExpectDaysOff(calendar, CivilDay(2026, 8, 29), CivilDay(2026, 9, 2));
  EXPECT_TRUE(Working(calendar, CivilDay(2026, 8, 22)));   // make-up Saturday
  EXPECT_FALSE(Working(Defaults(), CivilDay(2026, 8, 22)));
  EXPECT_FALSE(Working(Defaults(), CivilDay(2026, 8, 29)));
  EXPECT_TRUE(Working(Defaults(), CivilDay(2026, 8, 31)));  // only the arrangement makes it a day off
  // Holidays it does not name keep the default: Giỗ Tổ on Sunday 26/4 moves to Monday 27/4.
  EXPECT_FALSE(Working(calendar, CivilDay(2026, 4, 27)));
  EXPECT_TRUE(Working(calendar, CivilDay(2026, 4, 28)));
}

TEST(WorkingDayCalendarTest, CultureDayOnlyWhenSwitchedOn) {
  OptionalHoliday culture_day{.kind = HolidayKind::kCultureDay, .month = 11, .day = 24, .first_year = 2026,
                              .enabled = true};
  const WorkingDayCalendar on = Build({.arrangements = {}, .optional_holidays = {culture_day}});
  EXPECT_FALSE(Working(on, CivilDay(2026, 11, 24)));  // Tuesday
  EXPECT_TRUE(Working(on, CivilDay(2025, 11, 24)));   // before first_year
  EXPECT_FALSE(Working(on, CivilDay(2029, 11, 26)));  // 24/11/2029 is a Saturday → Monday
  culture_day.enabled = false;
  const WorkingDayCalendar off = Build({.arrangements = {}, .optional_holidays = {culture_day}});
  EXPECT_TRUE(Working(off, CivilDay(2026, 11, 24)));
}

TEST(WorkingDayCalendarTest, DaysOffExplainThemselves) {
  const std::vector<DayOff>& days = Defaults().DaysOff(2023);
  auto reason = [&](CivilDay day) {
    for (const DayOff& off : days) {
      if (off.day == day) return off.reason;
    }
    return std::string("working");
  };
  EXPECT_EQ(reason(CivilDay(2023, 5, 1)), "Ngày Quốc tế Lao động");
  EXPECT_EQ(reason(CivilDay(2023, 5, 2)), "nghỉ bù Giỗ Tổ Hùng Vương");
  EXPECT_EQ(reason(CivilDay(2023, 5, 3)), "nghỉ bù Ngày Chiến thắng 30/4");
  EXPECT_TRUE(Defaults().DaysOff(1800).empty());
}

TEST(WorkingDayCalendarTest, InconsistentDataIsRejected) {
  YearArrangement bad = testing::Arrangement2026();
  bad.make_up_working_days = {CivilDay(2026, 8, 24)};  // a Monday
  EXPECT_EQ(WorkingDayCalendar::Create({.arrangements = {bad}, .optional_holidays = {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  bad = testing::Arrangement2026();
  std::swap(bad.days_off[0].first, bad.days_off[0].last);
  EXPECT_EQ(WorkingDayCalendar::Create({.arrangements = {bad}, .optional_holidays = {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WorkingDayCalendar::Create(
                {.arrangements = {testing::Arrangement2026(), testing::Arrangement2026()},
                 .optional_holidays = {}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WorkingDayCalendarTest, AddWorkingDaysIsTheNthWorkingDayAfter) {
  const WorkingDayCalendar& calendar = With2026();
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2025, 3, 7), 0), CivilDay(2025, 3, 7));
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2025, 3, 8), 0), CivilDay(2025, 3, 8));  // n = 0: itself
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2025, 3, 7), 1), CivilDay(2025, 3, 10));
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2025, 3, 8), 1), CivilDay(2025, 3, 10));
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2025, 3, 3), 10), CivilDay(2025, 3, 17));
  // Across Tết 2026: Friday 13/2 + 1 is Monday 23/2.
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2026, 2, 13), 1), CivilDay(2026, 2, 23));
  // Across Quốc khánh 2026 with its make-up Saturday 22/8: 21/8 + 1 = 22/8; 28/8 + 1 = 3/9.
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2026, 8, 21), 1), CivilDay(2026, 8, 22));
  EXPECT_EQ(*calendar.AddWorkingDays(CivilDay(2026, 8, 28), 1), CivilDay(2026, 9, 3));
}

TEST(WorkingDayCalendarTest, WorkingDaysBetweenCountsTheHalfOpenInterval) {
  const WorkingDayCalendar& calendar = With2026();
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2025, 3, 3), CivilDay(2025, 3, 3)), 0);
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2025, 3, 3), CivilDay(2025, 3, 4)), 1);  // (3/3, 4/3]
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2025, 3, 7), CivilDay(2025, 3, 9)), 0);
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2025, 3, 3), CivilDay(2025, 3, 17)), 10);
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2025, 3, 17), CivilDay(2025, 3, 3)), -10);
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2026, 2, 13), CivilDay(2026, 2, 23)), 1);
  // (1/1/2026, 31/12/2026] has 260 weekdays; 11 of them are off (Tết 16–20/2, Giỗ Tổ moved to 27/4, 30/4,
  // 1/5, Quốc khánh 31/8–2/9) and Saturday 22/8 is worked.
  EXPECT_EQ(*calendar.WorkingDaysBetween(CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)), 260 - 11 + 1);
}

TEST(WorkingDayCalendarTest, AgreesWithDayByDayCounting) {
  const WorkingDayCalendar& calendar = With2026();
  std::mt19937 random(20260217);
  std::uniform_int_distribution<int> offset(0, 365 * 180);
  std::uniform_int_distribution<int> small(0, 90);
  std::uniform_int_distribution<int> large(500, 3000);
  for (int i = 0; i < 400; ++i) {
    const CivilDay from = CivilDay(1905, 1, 1) + offset(random);
    const int n = i % 4 == 0 ? large(random) : small(random);
    CivilDay expected = from;
    for (int left = n; left > 0;) {
      ++expected;
      if (*calendar.IsWorkingDay(expected)) --left;
    }
    ASSERT_EQ(*calendar.AddWorkingDays(from, n), expected) << absl::FormatCivilTime(from) << " + " << n;
    ASSERT_EQ(*calendar.WorkingDaysBetween(from, expected), n);
    CivilDay back = from;
    for (int left = n; left > 0;) {
      --back;
      if (*calendar.IsWorkingDay(back)) --left;
    }
    ASSERT_EQ(*calendar.SubtractWorkingDays(from, n), back) << absl::FormatCivilTime(from) << " - " << n;
  }
}

TEST(WorkingDayCalendarTest, OutsideTheCalendarIsAnError) {
  const WorkingDayCalendar& calendar = Defaults();
  EXPECT_EQ(calendar.IsWorkingDay(CivilDay(1899, 12, 31)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calendar.IsWorkingDay(CivilDay(2101, 1, 1)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(calendar.IsWorkingDay(CivilDay(2100, 12, 31)).ok());
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2100, 12, 20), 30).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calendar.AddWorkingDays(CivilDay(2025, 1, 1), -1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calendar.SubtractWorkingDays(CivilDay(1900, 1, 3), 5).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calendar.WorkingDaysBetween(CivilDay(2025, 1, 1), CivilDay(2101, 1, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::workflow::calendar
