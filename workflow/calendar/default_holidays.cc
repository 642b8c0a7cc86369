#include "workflow/calendar/default_holidays.h"

#include <algorithm>

#include "workflow/calendar/lunar_calendar.h"
#include "base/status_macros.h"

namespace tdkt::workflow::calendar {
namespace {

absl::CivilDay NationalDayCompanion(int year) {
  const absl::CivilDay national_day(year, 9, 2);
  switch (absl::GetWeekday(national_day)) {
    case absl::Weekday::sunday:
    case absl::Weekday::monday:
    case absl::Weekday::thursday:
      return national_day + 1;
    default:
      return national_day - 1;
  }
}

}  // namespace

absl::StatusOr<std::vector<HolidayDay>> DefaultHolidayDays(
    int year, const std::vector<OptionalHoliday>& optional_holidays) {
  std::vector<HolidayDay> days;
  days.push_back({HolidayKind::kNewYear, absl::CivilDay(year, 1, 1)});

  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay first_of_year, LunarToSolar({1, 1, year, false}));
  for (int offset = -1; offset <= 3; ++offset) {
    days.push_back({HolidayKind::kTet, first_of_year + offset});
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay hung_kings, LunarToSolar({10, 3, year, false}));
  days.push_back({HolidayKind::kHungKings, hung_kings});
  days.push_back({HolidayKind::kReunification, absl::CivilDay(year, 4, 30)});
  days.push_back({HolidayKind::kLabourDay, absl::CivilDay(year, 5, 1)});
  days.push_back({HolidayKind::kNationalDay, absl::CivilDay(year, 9, 2)});
  days.push_back({HolidayKind::kNationalDay, NationalDayCompanion(year)});

  for (const OptionalHoliday& holiday : optional_holidays) {
    if (holiday.enabled && year >= holiday.first_year) {
      days.push_back({holiday.kind, absl::CivilDay(year, holiday.month, holiday.day)});
    }
  }
  std::stable_sort(days.begin(), days.end(),
                   [](const HolidayDay& a, const HolidayDay& b) { return a.day < b.day; });
  return days;
}

}  // namespace tdkt::workflow::calendar
