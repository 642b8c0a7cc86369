#pragma once
// CheckYearArrangement: the one set of rules a year's official arrangement (tdkt.v1.YearArrangement) must
// follow wherever it comes from — a file of data/holidays/ (holidays_loader.h), a file given to `tdktctl calendar
// set-year`, a CalendarService.SetCalendarYear request, a row of the stored calendar — and its conversion into
// the calendar's struct. The first broken rule refuses the whole arrangement:
//  - the year lies outside the working-day calendar (1900–2100);
//  - a period off has no `first`, a date that does not exist, ends before it starts, has a date outside its year
//    (a break across New Year is stored as two arrangements, each with its own days), or has no name (`note`,
//    the reason the days off show);
//  - two periods overlap, or two periods name the same holiday, or a holiday kind is unset;
//  - a make-up working day does not exist, lies outside the year, is not a Saturday or Sunday, lies inside a
//    period off, or is listed twice.
// Reasons are Vietnamese with the English in parentheses. A file's refusal is "<path>:<line>: <reason>" (the line
// of the offending field); a request's is "Lịch nghỉ năm <year> không hợp lệ: <field>: <reason>".
//
//   TDKT_ASSIGN_OR_RETURN(calendar::YearArrangement year, CheckYearArrangement(request.arrangement()));
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "absl/status/statusor.h"
#include "tdkt/v1/holidays.pb.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::loader {

// Where an arrangement comes from, for the refusal's text.
struct ArrangementOrigin {
  std::string file{};  // the file's path; empty for a request or a stored row
  const google::protobuf::TextFormat::ParseInfoTree* locations = nullptr;  // the file's field positions
};

absl::StatusOr<calendar::YearArrangement> CheckYearArrangement(const tdkt::v1::YearArrangement& arrangement,
                                                               const ArrangementOrigin& origin = {});

// The optional holidays (data/holidays/optional_holidays.textproto) checked and converted: a kind, a day of the
// year that exists in every year, a first_year when switched on. Refusals as above ("Ngày lễ tùy chọn không hợp
// lệ: …" without a file).
absl::StatusOr<std::vector<calendar::OptionalHoliday>> CheckOptionalHolidays(
    const tdkt::v1::OptionalHolidays& holidays, const ArrangementOrigin& origin = {});

}  // namespace tdkt::workflow::loader
