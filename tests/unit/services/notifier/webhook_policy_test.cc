#include "services/notifier/webhook_policy.h"

#include <gtest/gtest.h>

namespace tdkt::notifier {
namespace {

TEST(WebhookPolicy, TheSignatureIsHmacSha256OfTimestampDotBody) {
  // Computed independently (Python's hmac module) for secret "k" × 32.
  EXPECT_EQ(WebhookSignature(std::string(32, 'k'), 1767225600, R"({"eventId":"e-1"})"),
            "sha256=7750a1a9c585a64a1ffa262805cfeee4a7be1d45698fc9109fc26c7dcb02e16e");
  EXPECT_NE(WebhookSignature(std::string(32, 'k'), 1767225601, R"({"eventId":"e-1"})"),
            WebhookSignature(std::string(32, 'k'), 1767225600, R"({"eventId":"e-1"})"));
}

TEST(WebhookPolicy, TheBackoffCeilingDoublesUpToTheMaximum) {
  const absl::Duration first = absl::Minutes(10), max = absl::Hours(12);
  EXPECT_EQ(BackoffCeiling(1, first, max), absl::Minutes(10));
  EXPECT_EQ(BackoffCeiling(2, first, max), absl::Minutes(20));
  EXPECT_EQ(BackoffCeiling(4, first, max), absl::Minutes(80));
  EXPECT_EQ(BackoffCeiling(7, first, max), absl::Minutes(640));
  EXPECT_EQ(BackoffCeiling(8, first, max), absl::Hours(12));
  EXPECT_EQ(BackoffCeiling(60, first, max), absl::Hours(12));
}

}  // namespace
}  // namespace tdkt::notifier
