#include "workflow/calendar/calendar_alarm.h"

#include <algorithm>

namespace tdkt::workflow::calendar {
namespace {

bool Arranged(const HolidayData& data, int year) {
  return std::any_of(data.arrangements.begin(), data.arrangements.end(),
                     [year](const YearArrangement& a) { return a.year == year; });
}

}  // namespace

int UncoveredDays(const HolidayData& data, absl::CivilDay today, int horizon_days) {
  int uncovered = 0;
  for (int i = 0; i < horizon_days; ++i) {
    if (!Arranged(data, static_cast<int>((today + i).year()))) ++uncovered;
  }
  return uncovered;
}

std::vector<int> UncoveredYears(const HolidayData& data, absl::CivilDay today, int horizon_days) {
  std::vector<int> years;
  for (int i = 0; i < horizon_days; ++i) {
    const int year = static_cast<int>((today + i).year());
    if (!Arranged(data, year) && (years.empty() || years.back() != year)) years.push_back(year);
  }
  return years;
}

}  // namespace tdkt::workflow::calendar
