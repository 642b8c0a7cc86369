#include "workflow/calendar/lunar_calendar.h"

#include <gtest/gtest.h>

namespace tdkt::workflow::calendar {
namespace {

struct Tet {
  int year;
  int month;
  int day;
};

// 1 Giêng in Vietnam. The Chinese New Year dates (e.g. the 1993–2006 table at
// encyclopedia.kids.net.au/page/ch/Chinese_New_Year) coincide except where the UTC+7 meridian moves the new
// moon to the day before: 1985 (21 Jan, China 20 Feb), 2007 (17 Feb, China 18 Feb), 2030 (2 Feb, China
// 3 Feb) — domain facts §7 and viet-jo.com/news/life/060706102756.html.
constexpr Tet kTet[] = {
    {1980, 2, 16}, {1981, 2, 5},  {1982, 1, 25}, {1983, 2, 13}, {1984, 2, 2},  {1985, 1, 21},
    {1986, 2, 9},  {1987, 1, 29}, {1988, 2, 17}, {1989, 2, 6},  {1990, 1, 27}, {1991, 2, 15},
    {1992, 2, 4},  {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31}, {1996, 2, 19}, {1997, 2, 7},
    {1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5},  {2001, 1, 24}, {2002, 2, 12}, {2003, 2, 1},
    {2004, 1, 22}, {2005, 2, 9},  {2006, 1, 29}, {2007, 2, 17}, {2008, 2, 7},  {2009, 1, 26},
    {2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19},
    {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},  {2020, 1, 25}, {2021, 2, 12},
    {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6},
    {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2},
};

TEST(LunarCalendarTest, TetFallsOnThePublishedVietnameseDate) {
  for (const Tet& tet : kTet) {
    const absl::CivilDay day(tet.year, tet.month, tet.day);
    SCOPED_TRACE(absl::FormatCivilTime(day));
    const absl::StatusOr<absl::CivilDay> solar = LunarToSolar({1, 1, tet.year, false});
    ASSERT_TRUE(solar.ok()) << solar.status();
    EXPECT_EQ(*solar, day);
    const absl::StatusOr<LunarDate> lunar = SolarToLunar(day);
    ASSERT_TRUE(lunar.ok()) << lunar.status();
    EXPECT_EQ(*lunar, (LunarDate{1, 1, tet.year, false}));
    const absl::StatusOr<LunarDate> eve = SolarToLunar(day - 1);
    ASSERT_TRUE(eve.ok());
    EXPECT_EQ(eve->month, 12);
    EXPECT_EQ(eve->year, tet.year - 1);
    EXPECT_GE(eve->day, 29);
  }
}

TEST(LunarCalendarTest, VietnameseTetDiffersFromChineseWhereTheMeridianMatters) {
  // The Chinese dates (UTC+8) are the day after; at UTC+7 they are 2 Giêng.
  EXPECT_EQ(SolarToLunar(absl::CivilDay(2007, 2, 18))->day, 2);
  EXPECT_EQ(SolarToLunar(absl::CivilDay(2030, 2, 3))->day, 2);
}

TEST(LunarCalendarTest, GioToHungVuongDates) {
  // 10/3 lunar; 2023: Saturday 29/4, 2024: 18/4, 2025: Monday 7/4 (domain facts §7).
  const absl::CivilDay expected[] = {absl::CivilDay(2019, 4, 14), absl::CivilDay(2020, 4, 2),  absl::CivilDay(2021, 4, 21), absl::CivilDay(2022, 4, 10),
                                     absl::CivilDay(2023, 4, 29), absl::CivilDay(2024, 4, 18), absl::CivilDay(2025, 4, 7),  absl::CivilDay(2026, 4, 26)};
  for (const absl::CivilDay& day : expected) {
    SCOPED_TRACE(absl::FormatCivilTime(day));
    EXPECT_EQ(*LunarToSolar({10, 3, static_cast<int>(day.year()), false}), day);
    EXPECT_EQ(*SolarToLunar(day), (LunarDate{10, 3, static_cast<int>(day.year()), false}));
  }
}

TEST(LunarCalendarTest, LeapMonths) {
  // Quý Mão 2023 repeats month 2, Canh Tý 2020 month 4, Ất Tỵ 2025 and Đinh Dậu 2017 month 6.
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2023, 3, 22)), (LunarDate{1, 2, 2023, true}));
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2023, 3, 21)), (LunarDate{30, 2, 2023, false}));
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2020, 5, 23)), (LunarDate{1, 4, 2020, true}));
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2025, 7, 25)), (LunarDate{1, 6, 2025, true}));
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2017, 7, 23)), (LunarDate{1, 6, 2017, true}));
  EXPECT_EQ(*LunarToSolar({1, 6, 2025, true}), absl::CivilDay(2025, 7, 25));
  EXPECT_EQ(*LunarToSolar({1, 7, 2025, false}), absl::CivilDay(2025, 8, 23));
}

TEST(LunarCalendarTest, ImpossibleLunarDatesAreRejected) {
  EXPECT_EQ(LunarToSolar({1, 5, 2025, true}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LunarToSolar({1, 1, 2026, true}).status().code(), absl::StatusCode::kInvalidArgument);
  // Tháng Chạp of Ất Tỵ has 29 days: Tết 2026 is on 17/2 and 29 Chạp on 16/2.
  EXPECT_EQ(*SolarToLunar(absl::CivilDay(2026, 2, 16)), (LunarDate{29, 12, 2025, false}));
  EXPECT_EQ(LunarToSolar({30, 12, 2025, false}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LunarToSolar({0, 1, 2026, false}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LunarToSolar({1, 13, 2026, false}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SolarToLunar(absl::CivilDay(1799, 12, 31)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LunarCalendarTest, EveryDayFrom1900To2100RoundTripsAndFollowsThePreviousDay) {
  absl::StatusOr<LunarDate> previous = SolarToLunar(absl::CivilDay(1899, 12, 31));
  ASSERT_TRUE(previous.ok());
  int leap_months_seen = 0;
  for (absl::CivilDay day(1900, 1, 1); day <= absl::CivilDay(2100, 12, 31); ++day) {
    const absl::StatusOr<LunarDate> lunar = SolarToLunar(day);
    ASSERT_TRUE(lunar.ok()) << lunar.status();
    const absl::StatusOr<absl::CivilDay> back = LunarToSolar(*lunar);
    ASSERT_TRUE(back.ok()) << FormatLunarDate(*lunar) << ": " << back.status();
    ASSERT_EQ(*back, day) << FormatLunarDate(*lunar);
    if (lunar->day == 1) {
      ASSERT_GE(previous->day, 29) << absl::FormatCivilTime(day);
      if (lunar->leap) ++leap_months_seen;
    } else {
      ASSERT_EQ(lunar->day, previous->day + 1) << absl::FormatCivilTime(day);
      ASSERT_EQ(lunar->month, previous->month);
      ASSERT_EQ(lunar->leap, previous->leap);
    }
    previous = lunar;
  }
  // About 7 leap months every 19 years: 201 years give 73 or 74.
  EXPECT_GE(leap_months_seen, 72);
  EXPECT_LE(leap_months_seen, 75);
}

TEST(LunarCalendarTest, FormatsLeapMonths) {
  EXPECT_EQ(FormatLunarDate({1, 1, 2026, false}), "1/1/2026");
  EXPECT_EQ(FormatLunarDate({15, 6, 2025, true}), "15/6/2025 (nhuận)");
}

}  // namespace
}  // namespace tdkt::workflow::calendar
