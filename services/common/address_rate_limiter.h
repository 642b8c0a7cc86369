#pragma once
// AddressRateLimiter: at most `per_minute` calls a minute from one client address, in bursts of at most `burst`,
// decided in memory (a refused call costs a map lookup under a mutex: no I/O), for unauthenticated RPCs such as
// the dossier service's GetPublicStatus. One token bucket per address, kept in its GCRA form: the time at which
// the bucket is full again, advanced by 60 s / per_minute per call allowed; a call is refused while that time is
// more than (burst − 1) intervals ahead of now. Memory is bounded: beyond `max_addresses` addresses, those whose
// bucket is full again are forgotten first (they are as good as new), then the ones idle longest.
//
//   AddressRateLimiter limiter({.per_minute = 100, .burst = 100}, clock);
//   if (!limiter.Allow(ClientAddress(context->peer()))) return absl::ResourceExhaustedError("…");
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/time/time.h"
#include "base/clock.h"

namespace tdkt::common {

struct RateLimit {
  int per_minute = 100;  // the rate the bucket refills at
  int burst = 100;       // the bucket's size: calls allowed at once
  std::size_t max_addresses = 100000;  // ~100 bytes each
};

// The client address a gRPC peer string names, as a rate limit counts it: "ipv4:192.0.2.7:5678" → "192.0.2.7";
// IPv6 by its /64, which one subscriber holds whole ("ipv6:[2001:db8:1:2:a:b:c:d]:5678" → "2001:db8:1:2::/64");
// an IPv4-mapped IPv6 address as the IPv4 one; anything else (a Unix socket) as it is.
std::string ClientAddress(std::string_view peer);

class AddressRateLimiter {
 public:
  AddressRateLimiter(RateLimit limit, const base::Clock& clock);

  // Whether a call from `address` may go ahead now; counts it when it may.
  bool Allow(const std::string& address);

  // How many addresses are remembered (at most max_addresses).
  std::size_t tracked() const;

 private:
  // Makes room for one more address: drops the full buckets, then the tenth idle longest. Needs mutex_.
  void MakeRoom(absl::Time now);

  const RateLimit limit_;
  const absl::Duration interval_;   // 60 s / per_minute
  const absl::Duration tolerance_;  // (burst − 1) intervals
  const base::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, absl::Time> full_at_;  // address → when its bucket is full again
};

}  // namespace tdkt::common
