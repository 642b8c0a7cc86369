#pragma once
// InitSodium: libsodium must be initialised (sodium_init) before key generation, random bytes or hashing; this
// does it once per process, from any thread. Every function of base/ that uses libsodium calls it.
//
//   TDKT_RETURN_IF_ERROR(base::InitSodium());
//   randombytes_buf(buffer, sizeof buffer);
#include "absl/status/status.h"

namespace tdkt::base {

// INTERNAL when libsodium cannot initialise (no entropy source); every later call returns the same result.
absl::Status InitSodium();

}  // namespace tdkt::base
