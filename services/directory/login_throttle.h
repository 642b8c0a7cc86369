#pragma once
// Login throttling: repeated failed logins lock a subject for a while. Pure rules; AuthStore keeps one
// ThrottleState per subject (directory.login_throttle).
//
//   const ThrottleSubject subject = ThrottleSubjectOf(username, client_address, record.service_account);
//   if (IsLocked(state, now)) return ResourceExhausted(...);
//   state = AfterFailure(state, now, policy.LimitsOf(subject));
//
// Subjects:
//   - a person, and a username nobody has: the username, whichever address the attempts come from;
//   - a service account (svc-dossier, …): the pair (client address, username).
// The client address alone is never a subject. A commune office shares one public address and the services
// log in from a host that people use too; a lock on an address let a few wrong passwords keep everybody there
// out, correct passwords included. So a correct password of a person who is not locked is never refused,
// whatever else comes from their address, and a service account is locked out only at the address that
// guesses at it: its own host keeps logging in while another address guesses.
//
// A subject that reaches `max_failures` inside `window` is locked for `first_lockout`, doubled on each further
// lockout (capped at `max_lockout`); its failure count restarts after each lockout, and a day without failures
// forgives the earlier lockouts. A successful login clears the subject's state. With the defaults (5 failures,
// 1 minute doubling to 1 hour), guessing stays slow:
//   - one person's password: locks at minutes 0, 1, 3, 7, 15 and 31, then hourly — at most 30 guesses in the
//     first hour, 5 an hour after, about 150 a day. From one address or from a thousand the same: the lock is
//     the username's.
//   - many people's passwords (one common password tried on U usernames): 30·U in the first hour, 5·U an hour
//     after, again whatever the number of addresses (the address lock of old held one address to ~20 an hour,
//     but never an attacker with many addresses).
//   - a service account: 30 in the first hour and 5 an hour after per attacking address, so A addresses get
//     5·A an hour — against a password of at least 20 random characters (kMinServicePasswordChars; 64 hex
//     digits in deploy/local), hopeless for any A.
// Whatever the policy, each guess costs an argon2id verification, and at most one per core runs at once
// (PasswordChecks): a flood of guesses slows logins down, it does not lock anyone out.
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace tdkt::directory {

struct ThrottleLimits {
  int max_failures = 5;
  absl::Duration window = absl::Minutes(15);
  absl::Duration first_lockout = absl::Minutes(1);
  absl::Duration max_lockout = absl::Hours(1);
};

// What a login attempt counts against: kind "user" (key = the username) or "service" (key = the client
// address and the username). The store keeps only a hash of kind and key.
struct ThrottleSubject {
  std::string kind;
  std::string key;
};

inline constexpr char kUserSubject[] = "user";
inline constexpr char kServiceSubject[] = "service";

// `username` in lower case as stored; `service_account`: the username is a service account's.
ThrottleSubject ThrottleSubjectOf(std::string_view username, std::string_view client_address, bool service_account);

struct ThrottlePolicy {
  ThrottleLimits user{};
  ThrottleLimits service{};

  const ThrottleLimits& LimitsOf(const ThrottleSubject& subject) const {
    return subject.kind == kServiceSubject ? service : user;
  }
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
