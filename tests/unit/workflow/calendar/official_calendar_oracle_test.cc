// Every day of 2024–2026 in the calendar built from the shipped data/holidays/ files, against an oracle
// written by hand from the official notices, not derived from those files or from the default rules: the
// list below names each weekday that public servants had off and each Saturday or Sunday they worked. Every
// other day is a working day exactly when it is Monday–Friday.
//
// Notices: 2024 — Văn bản 8662/VPCP-KGVX (3/11/2023; Tết 8–14/2, Quốc khánh 31/8–3/9) and 2450/VPCP-KGVX
// (12/4/2024; 27/4–1/5, Monday 29/4 worked on Saturday 4/5); 1/1 and Giỗ Tổ 18/4 single weekdays.
// 2025 — Công văn 8726/VPCP-KGVX (26/11/2024): 1/1; Tết 25/1–2/2; Giỗ Tổ 7/4; 30/4–4/5 with Friday 2/5
// worked on Saturday 26/4; Quốc khánh 30/8–2/9. 2026 — Văn bản 12729/VPCP-KGVX (25/12/2025): 1–4/1 with
// Friday 2/1 worked on Saturday 10/1; Thông báo 9441/TB-BNV: Tết 14–22/2, Quốc khánh 29/8–2/9 with Monday
// 31/8 worked on Saturday 22/8; Giỗ Tổ on Sunday 26/4 moved to Monday 27/4; 30/4 and 1/5 on Thursday and
// Friday.
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "tests/unit/workflow/calendar/shipped_calendar.h"

namespace tdkt::workflow::calendar {
namespace {

using absl::CivilDay;

struct OracleDay {
  CivilDay day;
  const char* why;
};

// Monday–Friday days off, in date order.
const OracleDay kWeekdaysOff[] = {
    // 2024
    {CivilDay(2024, 1, 1), "Tết Dương lịch"},
    {CivilDay(2024, 2, 8), "Tết Giáp Thìn (29 Chạp)"},
    {CivilDay(2024, 2, 9), "Tết Giáp Thìn (30 Chạp)"},
    {CivilDay(2024, 2, 12), "Tết Giáp Thìn (3 Giêng)"},
    {CivilDay(2024, 2, 13), "Tết Giáp Thìn (4 Giêng)"},
    {CivilDay(2024, 2, 14), "Tết Giáp Thìn (5 Giêng)"},
    {CivilDay(2024, 4, 18), "Giỗ Tổ Hùng Vương"},
    {CivilDay(2024, 4, 29), "hoán đổi, làm bù thứ Bảy 4/5 (2450/VPCP-KGVX)"},
    {CivilDay(2024, 4, 30), "Ngày Chiến thắng"},
    {CivilDay(2024, 5, 1), "Quốc tế Lao động"},
    {CivilDay(2024, 9, 2), "Quốc khánh"},
    {CivilDay(2024, 9, 3), "Quốc khánh (ngày liền sau)"},
    // 2025
    {CivilDay(2025, 1, 1), "Tết Dương lịch"},
    {CivilDay(2025, 1, 27), "Tết Ất Tỵ (28 Chạp, 8726/VPCP-KGVX)"},
    {CivilDay(2025, 1, 28), "Tết Ất Tỵ (29 Chạp)"},
    {CivilDay(2025, 1, 29), "Tết Ất Tỵ (1 Giêng)"},
    {CivilDay(2025, 1, 30), "Tết Ất Tỵ (2 Giêng)"},
    {CivilDay(2025, 1, 31), "Tết Ất Tỵ (3 Giêng)"},
    {CivilDay(2025, 4, 7), "Giỗ Tổ Hùng Vương"},
    {CivilDay(2025, 4, 30), "Ngày Chiến thắng"},
    {CivilDay(2025, 5, 1), "Quốc tế Lao động"},
    {CivilDay(2025, 5, 2), "hoán đổi, làm bù thứ Bảy 26/4 (8726/VPCP-KGVX)"},
    {CivilDay(2025, 9, 1), "Quốc khánh (ngày liền trước)"},
    {CivilDay(2025, 9, 2), "Quốc khánh"},
    // 2026
    {CivilDay(2026, 1, 1), "Tết Dương lịch"},
    {CivilDay(2026, 1, 2), "hoán đổi, làm bù thứ Bảy 10/1 (12729/VPCP-KGVX)"},
    {CivilDay(2026, 2, 16), "Tết Bính Ngọ (29 Chạp)"},
    {CivilDay(2026, 2, 17), "Tết Bính Ngọ (1 Giêng)"},
    {CivilDay(2026, 2, 18), "Tết Bính Ngọ (2 Giêng)"},
    {CivilDay(2026, 2, 19), "Tết Bính Ngọ (3 Giêng)"},
    {CivilDay(2026, 2, 20), "Tết Bính Ngọ (4 Giêng)"},
    {CivilDay(2026, 4, 27), "nghỉ bù Giỗ Tổ Hùng Vương (Chủ nhật 26/4)"},
    {CivilDay(2026, 4, 30), "Ngày Chiến thắng"},
    {CivilDay(2026, 5, 1), "Quốc tế Lao động"},
    {CivilDay(2026, 8, 31), "hoán đổi, làm bù thứ Bảy 22/8 (9441/TB-BNV)"},
    {CivilDay(2026, 9, 1), "Quốc khánh (ngày liền trước)"},
    {CivilDay(2026, 9, 2), "Quốc khánh"},
};

// Saturdays and Sundays worked in exchange for a swapped weekday, in date order.
const OracleDay kWeekendDaysWorked[] = {
    {CivilDay(2024, 5, 4), "làm bù cho thứ Hai 29/4/2024"},
    {CivilDay(2025, 4, 26), "làm bù cho thứ Sáu 2/5/2025"},
    {CivilDay(2026, 1, 10), "làm bù cho thứ Sáu 2/1/2026"},
    {CivilDay(2026, 8, 22), "làm bù cho thứ Hai 31/8/2026"},
};

constexpr int kFirstYear = 2024;
constexpr int kLastYear = 2026;

bool IsWeekend(CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

std::string Describe(CivilDay day) {
  std::ostringstream text;
  text << absl::FormatCivilTime(day) << " (" << absl::GetWeekday(day) << ")";
  return text.str();
}

// The oracle itself is checked, so that a typo in it cannot pass for a defect (or hide one): every entry has
// the right kind of weekday, the lists are in order without repeats, and in each year the weekdays off minus
// the weekend days worked are the 11 paid holidays of Labour Code Art. 112 (a swap adds one of each).
TEST(OfficialCalendarOracleTest, OracleIsConsistent) {
  std::map<int, int> net_days_off;
  for (size_t i = 0; i < std::size(kWeekdaysOff); ++i) {
    const CivilDay day = kWeekdaysOff[i].day;
    EXPECT_FALSE(IsWeekend(day)) << Describe(day) << " is listed as a weekday off";
    if (i > 0) {
      EXPECT_LT(kWeekdaysOff[i - 1].day, day) << Describe(day) << " is out of order or repeated";
    }
    ++net_days_off[static_cast<int>(day.year())];
  }
  for (size_t i = 0; i < std::size(kWeekendDaysWorked); ++i) {
    const CivilDay day = kWeekendDaysWorked[i].day;
    EXPECT_TRUE(IsWeekend(day)) << Describe(day) << " is listed as a weekend day worked";
    if (i > 0) {
      EXPECT_LT(kWeekendDaysWorked[i - 1].day, day) << Describe(day) << " is out of order or repeated";
    }
    --net_days_off[static_cast<int>(day.year())];
  }
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    EXPECT_EQ(net_days_off[year], 11) << year;
  }
}

TEST(OfficialCalendarOracleTest, EveryDayOf2024To2026MatchesTheNotices) {
  std::map<CivilDay, const char*> weekday_off;
  for (const OracleDay& entry : kWeekdaysOff) weekday_off.emplace(entry.day, entry.why);
  std::map<CivilDay, const char*> weekend_worked;
  for (const OracleDay& entry : kWeekendDaysWorked) weekend_worked.emplace(entry.day, entry.why);

  const WorkingDayCalendar& calendar = testing::ShippedCalendar();
  int checked = 0;
  int working_days = 0;
  for (CivilDay day(kFirstYear, 1, 1); day <= CivilDay(kLastYear, 12, 31); ++day) {
    bool expected = !IsWeekend(day);
    std::string why = expected ? "ordinary weekday" : "ordinary weekend day";
    if (const auto off = weekday_off.find(day); off != weekday_off.end()) {
      expected = false;
      why = off->second;
    }
    if (const auto worked = weekend_worked.find(day); worked != weekend_worked.end()) {
      expected = true;
      why = worked->second;
    }
    const absl::StatusOr<bool> working = calendar.IsWorkingDay(day);
    ASSERT_TRUE(working.ok()) << working.status();
    EXPECT_EQ(*working, expected) << Describe(day) << ": the calendar says "
                                  << (*working ? "working day" : "day off") << ", the notices say "
                                  << (expected ? "working day" : "day off") << " — " << why;
    ++checked;
    if (*working) ++working_days;
  }
  EXPECT_EQ(checked, 366 + 365 + 365);
  // 2024–2026 have 262 + 261 + 261 weekdays; 37 of them are off and 4 weekend days are worked. The
  // calendar's own count (its rank index, not the per-day bits) must agree.
  constexpr int kWorkingDays = 262 + 261 + 261 - 37 + 4;
  EXPECT_EQ(working_days, kWorkingDays);
  const absl::StatusOr<int64_t> counted =
      calendar.WorkingDaysBetween(CivilDay(kFirstYear - 1, 12, 31), CivilDay(kLastYear, 12, 31));
  ASSERT_TRUE(counted.ok()) << counted.status();
  EXPECT_EQ(*counted, kWorkingDays);
}

}  // namespace
}  // namespace tdkt::workflow::calendar
