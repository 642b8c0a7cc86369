#pragma once
// Login throttling (issue 5): repeated failed logins lock the username and the client address for a while.
// Pure rules; AuthStore keeps one ThrottleState per subject (directory.login_throttle).
//
//   ThrottlePolicy policy;                        // 5 failures per user / 20 per source in 15 min
//   if (IsLocked(state, now)) return ResourceExhausted(...);
//   state = AfterFailure(state, now, policy.user);
//
// A subject that reaches `max_failures` inside `window` is locked for `first_lockout`, doubled on each further
// lockout (capped at `max_lockout`); its failure count restarts after each lockout. A successful login clears
// the user's state but never the source's: one valid account must not unlock guessing from that address.
#include <optional>

#include "absl/time/time.h"

namespace tdkt::directory {

struct ThrottleLimits {
  int max_failures = 5;
  absl::Duration window = absl::Minutes(15);
  absl::Duration first_lockout = absl::Minutes(1);
  absl::Duration max_lockout = absl::Hours(1);
};

struct ThrottlePolicy {
  ThrottleLimits user{};
  // Higher: several people of one office may share an address (NAT).
  ThrottleLimits source{.max_failures = 20};
};

struct ThrottleState {
  int failures = 0;
  absl::Time window_start = absl::UnixEpoch();
  std::optional<absl::Time> locked_until = std::nullopt;
  int lockouts = 0;
};

bool IsLocked(const ThrottleState& state, absl::Time now);

// The state after one more failure at `now` (a fresh state when none is stored).
ThrottleState AfterFailure(const std::optional<ThrottleState>& state, absl::Time now, const ThrottleLimits& limits);

}  // namespace tdkt::directory
