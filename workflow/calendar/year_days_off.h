#pragma once
// The days off and make-up working days of one year: the default holidays with weekend substitution
// (Labour Code Art. 111), overridden by the year's official arrangement where it has one.
//
//   absl::StatusOr<YearDaysOff> year = ComputeYearDaysOff(2026, &arrangement_2026, data.optional_holidays);
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::calendar {

// A day with no work and why, e.g. {2023-05-02, "nghỉ bù Giỗ Tổ Hùng Vương"}.
struct DayOff {
  absl::CivilDay day;
  std::string reason;
};

struct YearDaysOff {
  std::vector<DayOff> days_off;  // in date order, each day once; may include weekend days
  std::vector<absl::CivilDay> make_up_working_days;
};

// Substitution: a holiday on a Saturday or Sunday, or on a day that is already another holiday, gives the
// next Monday–Friday that is not already off. Holidays are taken in date order, so 2023's Giỗ Tổ (Sat 29/4)
// and 30/4 (Sun) become 2/5 and 3/5, 1/5 being a holiday itself.
//
// `arrangement` may be null (no official arrangement for the year). INVALID_ARGUMENT when the arrangement
// is inconsistent: a period ending before it starts, a make-up working day that is not a Saturday or
// Sunday, or one that is also a day off.
absl::StatusOr<YearDaysOff> ComputeYearDaysOff(int year, const YearArrangement* arrangement,
                                              const std::vector<OptionalHoliday>& optional_holidays);

}  // namespace tdkt::workflow::calendar
