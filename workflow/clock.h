#pragma once
// Clock: the only way domain code and services learn the time, so that tests can set it.
//
//   SystemClock clock;            // production
//   FakeClock clock(absl::FromCivil(absl::CivilSecond(2025, 7, 1, 8, 0, 0), VietnamTimeZone()));
//   clock.Advance(absl::Hours(24));
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace tdkt::workflow {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override { return now_; }
  void Set(absl::Time now) { now_ = now; }
  void Advance(absl::Duration d) { now_ += d; }

 private:
  absl::Time now_;
};

// Business dates are computed in Asia/Ho_Chi_Minh, which has been a fixed UTC+7 since 1975; a fixed zone
// avoids depending on the machine's tzdata.
inline absl::TimeZone VietnamTimeZone() { return absl::FixedTimeZone(7 * 60 * 60); }

inline absl::CivilDay VietnamDate(absl::Time t) {
  return absl::ToCivilDay(t, VietnamTimeZone());
}

}  // namespace tdkt::workflow
