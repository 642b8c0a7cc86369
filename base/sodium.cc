#include "base/sodium.h"

#include <sodium.h>

namespace tdkt::base {

absl::Status InitSodium() {
  // sodium_init is idempotent and thread-safe, but caching its result keeps the hot path to one load.
  static const int result = sodium_init();
  if (result < 0) return absl::InternalError("libsodium failed to initialise");
  return absl::OkStatus();
}

}  // namespace tdkt::base
