#include "services/common/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/time/clock.h"

namespace tdkt::common {
namespace {

TEST(PeriodicTask, RunsEveryPeriodUntilStoppedAndStopsAtOnce) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", absl::Milliseconds(20), [&] {
    ++runs;
    return runs == 2 ? absl::UnavailableError("a failing run does not stop the task") : absl::OkStatus();
  });
  task.Start();
  absl::SleepFor(absl::Milliseconds(300));
  const absl::Time stop_started = absl::Now();
  task.Stop();
  EXPECT_LT(absl::Now() - stop_started, absl::Milliseconds(100));
  const int after_stop = runs.load();
  EXPECT_GE(after_stop, 4);
  absl::SleepFor(absl::Milliseconds(60));
  EXPECT_EQ(runs.load(), after_stop);
}

TEST(PeriodicTask, StopWithoutStartIsHarmless) {
  PeriodicTask task("idle", absl::Hours(1), [] { return absl::OkStatus(); });
  task.Stop();
}

}  // namespace
}  // namespace tdkt::common
