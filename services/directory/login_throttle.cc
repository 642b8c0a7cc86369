#include "services/directory/login_throttle.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"

namespace tdkt::directory {

ThrottleSubject ThrottleSubjectOf(std::string_view username, std::string_view client_address, bool service_account) {
  if (!service_account) return {kUserSubject, std::string(username)};
  // NUL cannot occur in either part (Login refuses control characters): the pair is unambiguous.
  return {kServiceSubject, absl::StrCat(base::AsAbsl(client_address), std::string(1, '\0'), base::AsAbsl(username))};
}

bool IsLocked(const ThrottleState& state, absl::Time now) {
  return state.locked_until.has_value() && now < *state.locked_until;
}

ThrottleState AfterFailure(const std::optional<ThrottleState>& state, absl::Time now, const ThrottleLimits& limits) {
  ThrottleState next = state.value_or(ThrottleState{.window_start = now});
  if (now - next.window_start > limits.window) {
    if (now - next.window_start > absl::Hours(24)) next.lockouts = 0;  // a quiet day forgives earlier lockouts
    next.failures = 0;
    next.window_start = now;
  }
  ++next.failures;
  if (next.failures >= limits.max_failures) {
    const absl::Duration lockout =
        std::min(limits.first_lockout * (int64_t{1} << std::min(next.lockouts, 20)), limits.max_lockout);
    next.locked_until = now + lockout;
    ++next.lockouts;
    next.failures = 0;
    next.window_start = now;
  }
  return next;
}

}  // namespace tdkt::directory
