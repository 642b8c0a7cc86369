#pragma once
// The calendar running out is an alarm: working days in a year without an official arrangement (stored by the
// dossier service, seeded from data/holidays/) are computed from the default rules
// (workflow/calendar/default_holidays.h), which the Government's yearly notice often moves (Tết substitutes,
// swapped days). Deadlines and reminders counted on such days may land on a day off, so an administrator must
// store the year's arrangement (tdktctl calendar set-year) before it starts. Every process that counts working
// days checks it at start, daily and after each calendar change (services/common/calendar_alarm_task.h).
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::calendar {

inline constexpr int kCalendarHorizonDays = 60;

// The days of [today, today + horizon_days) whose year has no official arrangement in `data`.
int UncoveredDays(const HolidayData& data, absl::CivilDay today, int horizon_days = kCalendarHorizonDays);

// The years of [today, today + horizon_days) without an official arrangement, ascending.
std::vector<int> UncoveredYears(const HolidayData& data, absl::CivilDay today,
                                int horizon_days = kCalendarHorizonDays);

}  // namespace tdkt::workflow::calendar
