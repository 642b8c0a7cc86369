#pragma once
// Clock: the only way code learns the time, so that tests can set it. Domain code and services take a
// `const Clock&` in their constructors; only main() creates a SystemClock.
//
//   base::SystemClock clock;                                   // production
//   base::FakeClock clock(absl::FromUnixSeconds(1751331600));  // tests
//   clock.Advance(absl::Hours(24));
#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace tdkt::base {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// Safe to read from handler threads while a test thread moves it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_us_(absl::ToUnixMicros(now)) {}
  absl::Time Now() const override { return absl::FromUnixMicros(now_us_.load()); }
  void Set(absl::Time now) { now_us_.store(absl::ToUnixMicros(now)); }
  void Advance(absl::Duration d) { now_us_.fetch_add(absl::ToInt64Microseconds(d)); }

 private:
  std::atomic<int64_t> now_us_;
};

}  // namespace tdkt::base
