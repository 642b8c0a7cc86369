#pragma once
// The holidays of a year as the law places them when no official arrangement says otherwise, before any
// weekend substitution.
//
// Default rules (used only for years, or holidays, that data/holidays/ does not arrange):
//  - Tết Nguyên đán: the last day of the old lunar year and 1–4 Giêng (Art. 112 gives 5 days and leaves their
//    placement to the Government; this matches the 2026 arrangement, 16–20/2, but not 2024's, 8–14/2, nor
//    2025's, 27–31/1, where the Government put the substitutes for Tết days on a weekend before Tết too, not
//    only after it: the data files therefore state every Tết).
//  - Quốc khánh: 2/9 plus the day after it when 2/9 is a Sunday, Monday or Thursday (so the days off join a
//    weekend), otherwise the day before it (2024: 2–3/9; 2025: 1–2/9; 2026: 1–2/9, as announced).
//  - 1/1, 30/4, 1/5, Giỗ Tổ 10/3 lunar: the day itself; optional holidays when enabled from their first year.
//
//   absl::StatusOr<std::vector<HolidayDay>> days = DefaultHolidayDays(2026, {});
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::calendar {

struct HolidayDay {
  HolidayKind kind;
  absl::CivilDay day;
};

// In date order. INVALID_ARGUMENT when `year` is outside the lunar calendar's range.
absl::StatusOr<std::vector<HolidayDay>> DefaultHolidayDays(
    int year, const std::vector<OptionalHoliday>& optional_holidays);

}  // namespace tdkt::workflow::calendar
