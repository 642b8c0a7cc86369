#include "services/scheduler/calendar_alarm.h"

#include <algorithm>

namespace tdkt::scheduler {
namespace {

bool Arranged(const workflow::calendar::HolidayData& data, int year) {
  return std::any_of(data.arrangements.begin(), data.arrangements.end(),
                     [year](const workflow::calendar::YearArrangement& a) { return a.year == year; });
}

}  // namespace

int UncoveredDays(const workflow::calendar::HolidayData& data, absl::CivilDay today, int horizon_days) {
  int uncovered = 0;
  for (int i = 0; i < horizon_days; ++i) {
    if (!Arranged(data, static_cast<int>((today + i).year()))) ++uncovered;
  }
  return uncovered;
}

std::vector<int> UncoveredYears(const workflow::calendar::HolidayData& data, absl::CivilDay today, int horizon_days) {
  std::vector<int> years;
  for (int i = 0; i < horizon_days; ++i) {
    const int year = static_cast<int>((today + i).year());
    if (!Arranged(data, year) && (years.empty() || years.back() != year)) years.push_back(year);
  }
  return years;
}

}  // namespace tdkt::scheduler
