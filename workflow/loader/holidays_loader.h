#pragma once
// LoadHolidays: reads data/holidays/ into calendar::HolidayData for WorkingDayCalendar::Create.
//
// The directory holds one file per officially arranged year, `<year>.textproto` (tdkt.v1.YearArrangement),
// and optionally `optional_holidays.textproto` (tdkt.v1.OptionalHolidays, e.g. 24/11 Culture Day). Any
// other *.textproto there is an error, so that a misnamed year is not silently ignored.
//
// data/holidays/ is where the calendar starts: the dossier service seeds its stored calendar from it once
// (docs/architecture.md, "The calendar"), and a process that cannot reach the stored calendar falls back to it.
//
//   TDKT_ASSIGN_OR_RETURN(calendar::HolidayData data, LoadHolidays("data/holidays"));
//   TDKT_ASSIGN_OR_RETURN(calendar::WorkingDayCalendar cal, calendar::WorkingDayCalendar::Create(data));
//
// Errors: NOT_FOUND when the directory or a file cannot be read; INVALID_ARGUMENT "<file>:<line>: <reason>" for a
// file that does not parse (with the column) or breaks a rule: the rules of CheckYearArrangement
// (year_arrangement_check.h) and CheckOptionalHolidays, a year not matching the file name, an unexpected file name
// (line 1: the file as a whole).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tdkt/v1/holidays.pb.h"
#include "workflow/calendar/calendar_snapshot.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::loader {

// The files of a holidays directory as messages (what the stored calendar keeps) and as the calendar's structs.
struct HolidayFiles {
  std::vector<tdkt::v1::YearArrangement> years;  // ascending by year
  tdkt::v1::OptionalHolidays optional_holidays;
  calendar::HolidayData data;
};

absl::StatusOr<HolidayFiles> LoadHolidayFiles(const std::string& dir);

absl::StatusOr<calendar::HolidayData> LoadHolidays(const std::string& dir);

// One year's file; `path` names it in errors and its base name must be "<year>.textproto".
absl::StatusOr<calendar::YearArrangement> LoadYearArrangement(const std::string& path);

// One year's arrangement from a file of any name (`tdktctl calendar set-year FILE`), checked with
// CheckYearArrangement: the message, or the refusal "<path>:<line>: <reason>".
absl::StatusOr<tdkt::v1::YearArrangement> ReadYearArrangementFile(const std::string& path);

absl::StatusOr<std::vector<calendar::OptionalHoliday>> LoadOptionalHolidays(const std::string& path);

// The calendar's structs from stored messages (the stored calendar, GetCalendar, a CALENDAR_CHANGED event), each
// checked again: INVALID_ARGUMENT as CheckYearArrangement, or for a year given twice.
absl::StatusOr<calendar::HolidayData> HolidayDataFromMessages(
    const google::protobuf::RepeatedPtrField<tdkt::v1::YearArrangement>& years,
    const tdkt::v1::OptionalHolidays& optional_holidays);

// The snapshot of a stored calendar at `version` (tdkt.v1.Calendar's years and optional holidays), as above.
absl::StatusOr<std::shared_ptr<const calendar::CalendarSnapshot>> CalendarSnapshotFromMessages(
    int64_t version, const google::protobuf::RepeatedPtrField<tdkt::v1::YearArrangement>& years,
    const tdkt::v1::OptionalHolidays& optional_holidays);

}  // namespace tdkt::workflow::loader
