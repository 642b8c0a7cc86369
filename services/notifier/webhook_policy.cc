#include "services/notifier/webhook_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"

namespace tdkt::notifier {

absl::Duration BackoffCeiling(int attempt, absl::Duration first, absl::Duration max) {
  absl::Duration ceiling = first;
  for (int i = 1; i < attempt && ceiling < max; ++i) ceiling *= 2;
  return std::min(ceiling, max);
}

std::string WebhookSignature(const std::string& secret, int64_t timestamp, const std::string& body) {
  return absl::StrCat("sha256=", base::HexOf(base::HmacSha256(secret, absl::StrCat(timestamp, ".", body))));
}

}  // namespace tdkt::notifier
