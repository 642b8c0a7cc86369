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

// People (and unknown usernames) are throttled by username from every address; a service account by the pair
// (address, username), so other addresses' guesses never lock it where it logs in from.
TEST(LoginThrottle, PeopleAreThrottledByUsernameServiceAccountsByAddressAndUsername) {
  const ThrottleSubject here = ThrottleSubjectOf("nv.tinh", "10.0.0.1", false);
  const ThrottleSubject there = ThrottleSubjectOf("nv.tinh", "10.0.0.2", false);
  EXPECT_EQ(here.kind, kUserSubject);
  EXPECT_EQ(here.kind, there.kind);
  EXPECT_EQ(here.key, there.key);
  EXPECT_NE(ThrottleSubjectOf("ct.tinh", "10.0.0.1", false).key, here.key);

  const ThrottleSubject service_here = ThrottleSubjectOf("svc-dossier", "10.0.0.1", true);
  const ThrottleSubject service_there = ThrottleSubjectOf("svc-dossier", "10.0.0.2", true);
  EXPECT_EQ(service_here.kind, kServiceSubject);
  EXPECT_NE(service_here.key, service_there.key);
  EXPECT_NE(service_here.key, ThrottleSubjectOf("svc-dossier", "10.0.0.1", false).key);
  // "1.2.3.4" + "5x" and "1.2.3.45" + "x" are different pairs.
  EXPECT_NE(ThrottleSubjectOf("5x", "1.2.3.4", true).key, ThrottleSubjectOf("x", "1.2.3.45", true).key);

  ThrottlePolicy policy;
  policy.service.max_failures = 9;
  EXPECT_EQ(policy.LimitsOf(service_here).max_failures, 9);
  EXPECT_EQ(policy.LimitsOf(here).max_failures, 5);
}

}  // namespace
}  // namespace tdkt::directory
