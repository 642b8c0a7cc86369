#pragma once
// InitSodium: libsodium must be initialised (sodium_init) before key generation and random bytes; this does it
// once per process, from any thread.
//
//   TDKT_RETURN_IF_ERROR(InitSodium());
//   randombytes_buf(buffer, sizeof buffer);
#include "absl/status/status.h"

namespace tdkt::auth {

// INTERNAL when libsodium cannot initialise (no entropy source); every later call returns the same result.
absl::Status InitSodium();

}  // namespace tdkt::auth
