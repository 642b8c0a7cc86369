#pragma once
// Holiday data built in code for the pure calendar tests (the shipped files are tested separately).
#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::calendar::testing {

// The Tết and Quốc khánh part of the 2026 arrangement (Thông báo 9441/TB-BNV), as in
// data/holidays/2026.textproto; the file also has the 1/1 swap of Văn bản 12729/VPCP-KGVX.
inline YearArrangement Arrangement2026() {
  return {.year = 2026,
          .source = "9441/TB-BNV",
          .days_off = {{.holidays = {HolidayKind::kTet},
                        .first = absl::CivilDay(2026, 2, 14),
                        .last = absl::CivilDay(2026, 2, 22),
                        .note = ""},
                       {.holidays = {HolidayKind::kNationalDay},
                        .first = absl::CivilDay(2026, 8, 29),
                        .last = absl::CivilDay(2026, 9, 2),
                        .note = ""}},
          .make_up_working_days = {absl::CivilDay(2026, 8, 22)}};
}

}  // namespace tdkt::workflow::calendar::testing
