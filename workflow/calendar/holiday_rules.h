#pragma once
// The holiday data the working-day calendar is built from: each year's official arrangement and the optional
// fixed-date holidays. Plain values; workflow/loader/holidays_loader fills them from data/holidays/.
//
//   HolidayData data;
//   data.arrangements.push_back({.year = 2025, .days_off = {{.holidays = {HolidayKind::kHungKings},
//                                                            .first = absl::CivilDay(2025, 4, 5),
//                                                            .last = absl::CivilDay(2025, 4, 7)}}});
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace tdkt::workflow::calendar {

// The statutory holidays of Labour Code 2019 Art. 112, plus the optional 24/11 Culture Day.
enum class HolidayKind {
  kNewYear,        // 1/1
  kTet,            // Tết Nguyên đán, 5 days
  kHungKings,      // Giỗ Tổ Hùng Vương, 10/3 lunar
  kReunification,  // 30/4
  kLabourDay,      // 1/5
  kNationalDay,    // 2/9 and the day before or after
  kCultureDay,     // 24/11, only when switched on
};

// Vietnamese name for messages: "Tết Nguyên đán", "Quốc khánh", ...
const char* HolidayName(HolidayKind kind);

// Consecutive days off announced for a year; replaces the computed days of the `holidays` it names.
struct DayOffPeriod {
  std::vector<HolidayKind> holidays;
  absl::CivilDay first;
  absl::CivilDay last;  // inclusive
  std::string note;
};

// One year's official arrangement (data/holidays/<year>.textproto).
struct YearArrangement {
  int year = 0;
  std::string source;
  std::vector<DayOffPeriod> days_off;
  std::vector<absl::CivilDay> make_up_working_days;  // Saturdays worked in exchange for a swapped day off
};

// A fixed-date holiday switched on by data from `first_year` (e.g. 24/11 Culture Day).
struct OptionalHoliday {
  HolidayKind kind = HolidayKind::kCultureDay;
  int month = 0;
  int day = 0;
  int first_year = 0;
  bool enabled = false;
};

struct HolidayData {
  std::vector<YearArrangement> arrangements;  // at most one per year
  std::vector<OptionalHoliday> optional_holidays;
};

}  // namespace tdkt::workflow::calendar
