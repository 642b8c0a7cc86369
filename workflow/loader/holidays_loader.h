#pragma once
// LoadHolidays: reads data/holidays/ into calendar::HolidayData for WorkingDayCalendar::Create.
//
// The directory holds one file per officially arranged year, `<year>.textproto` (tdkt.v1.YearArrangement),
// and optionally `optional_holidays.textproto` (tdkt.v1.OptionalHolidays, e.g. 24/11 Culture Day). Any
// other *.textproto there is an error, so that a misnamed year is not silently ignored.
//
//   TDKT_ASSIGN_OR_RETURN(calendar::HolidayData data, LoadHolidays("data/holidays"));
//   TDKT_ASSIGN_OR_RETURN(calendar::WorkingDayCalendar cal, calendar::WorkingDayCalendar::Create(data));
//
// Errors: NOT_FOUND when the directory is missing; INVALID_ARGUMENT "<file>:<line>: <reason>" for a file that
// does not parse or breaks a rule (year not matching the file name, impossible date, period ending before it
// starts or outside its year, unspecified or repeated holiday kind, make-up day not a Saturday/Sunday or
// inside a period off, optional holiday enabled without a first_year).
#include <string>

#include "absl/status/statusor.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::loader {

absl::StatusOr<calendar::HolidayData> LoadHolidays(const std::string& dir);

// One year's file; `path` names it in errors and its base name must be "<year>.textproto".
absl::StatusOr<calendar::YearArrangement> LoadYearArrangement(const std::string& path);

absl::StatusOr<std::vector<calendar::OptionalHoliday>> LoadOptionalHolidays(const std::string& path);

}  // namespace tdkt::workflow::loader
