#pragma once
// The calendar running out is an alarm: working days in a year without an official arrangement file in
// data/holidays/ are computed from the default rules (workflow/calendar/default_holidays.h), which the
// Government's yearly notice often moves (Tết substitutes, swapped days). Reminders planned on such days may
// land on a day off, so operators must add the year's file before it starts.
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::scheduler {

inline constexpr int kCalendarHorizonDays = 60;

// The days of [today, today + horizon_days) whose year has no official arrangement in `data`.
int UncoveredDays(const workflow::calendar::HolidayData& data, absl::CivilDay today,
                  int horizon_days = kCalendarHorizonDays);

// The years of [today, today + horizon_days) without an official arrangement, ascending.
std::vector<int> UncoveredYears(const workflow::calendar::HolidayData& data, absl::CivilDay today,
                                int horizon_days = kCalendarHorizonDays);

}  // namespace tdkt::scheduler
