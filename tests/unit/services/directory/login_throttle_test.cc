// The login throttling rules (services/directory/login_throttle.h), without a database.
#include <gtest/gtest.h>

#include "services/directory/login_throttle.h"

namespace tdkt::directory {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'780'000'000);

TEST(LoginThrottle, FiveFailuresInTheWindowLockAndTheLockoutDoubles) {
  const ThrottleLimits limits;
  std::optional<ThrottleState> state;
  for (int i = 0; i < 4; ++i) state = AfterFailure(state, kStart + absl::Minutes(i), limits);
  EXPECT_FALSE(IsLocked(*state, kStart + absl::Minutes(4)));
  state = AfterFailure(state, kStart + absl::Minutes(4), limits);
  EXPECT_TRUE(IsLocked(*state, kStart + absl::Minutes(4) + absl::Seconds(59)));
  EXPECT_FALSE(IsLocked(*state, kStart + absl::Minutes(5)));
  for (int i = 0; i < 5; ++i) state = AfterFailure(state, kStart + absl::Minutes(6), limits);
  EXPECT_EQ(*state->locked_until, kStart + absl::Minutes(8));  // 2 minutes the second time
  for (int lockout = 0; lockout < 30; ++lockout) {
    for (int i = 0; i < 5; ++i) state = AfterFailure(state, kStart + absl::Hours(2), limits);
  }
  EXPECT_EQ(*state->locked_until, kStart + absl::Hours(3));  // capped at max_lockout
}

TEST(LoginThrottle, FailuresOutsideTheWindowDoNotAddUpAndAQuietDayForgives) {
  const ThrottleLimits limits;
  std::optional<ThrottleState> state;
  for (int i = 0; i < 10; ++i) state = AfterFailure(state, kStart + absl::Minutes(16) * i, limits);
  EXPECT_FALSE(state->locked_until.has_value());
  for (int i = 0; i < 5; ++i) state = AfterFailure(state, kStart + absl::Hours(10), limits);
  ASSERT_EQ(state->lockouts, 1);
  for (int i = 0; i < 5; ++i) state = AfterFailure(state, kStart + absl::Hours(40), limits);
  EXPECT_EQ(state->lockouts, 1);  // counted from zero again after a quiet day
  EXPECT_EQ(*state->locked_until, kStart + absl::Hours(40) + absl::Minutes(1));
}

}  // namespace
}  // namespace tdkt::directory
