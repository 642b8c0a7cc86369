#pragma once
// Business dates are computed in Asia/Ho_Chi_Minh, which has been a fixed UTC+7 since 1975; a fixed zone
// avoids depending on the machine's tzdata.
//
//   absl::CivilDay today = VietnamDate(clock.Now());
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace tdkt::workflow {

inline absl::TimeZone VietnamTimeZone() { return absl::FixedTimeZone(7 * 60 * 60); }

inline absl::CivilDay VietnamDate(absl::Time t) { return absl::ToCivilDay(t, VietnamTimeZone()); }

}  // namespace tdkt::workflow
