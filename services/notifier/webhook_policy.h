#pragma once
// The two rules of a webhook attempt that need no network: how its request is signed and how long a failed one
// waits. Pure, so that they are tested apart (and a receiver can check its verification against them).
//
//   headers: X-Tdkt-Timestamp: <t>, X-Tdkt-Signature: WebhookSignature(secret, t, body)
//   next attempt: now + random(0, BackoffCeiling(attempt, first, max))   ("full jitter")
#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace tdkt::notifier {

// The most the wait after failed attempt `attempt` (1-based) may be: first × 2^(attempt−1), at most `max`.
absl::Duration BackoffCeiling(int attempt, absl::Duration first, absl::Duration max);

// "sha256=" + lower-case hex HMAC-SHA256(secret, "<timestamp>.<body>") — the X-Tdkt-Signature header value for
// `body` sent at `timestamp` (Unix seconds, the X-Tdkt-Timestamp header).
std::string WebhookSignature(const std::string& secret, int64_t timestamp, const std::string& body);

}  // namespace tdkt::notifier
