#pragma once
// ExtractBearerToken: the token of an `authorization: Bearer <token>` metadata value (RFC 6750 §2.1).
//
//   ExtractBearerToken("Bearer eyJhbGciOi…");  // "eyJhbGciOi…"
//   ExtractBearerToken("Basic dXNlcjpwYXNz");  // UNAUTHENTICATED
//
// The scheme is case-insensitive (RFC 7235 §2.1); the token must be one run of b64token characters. The
// result views into `header_value`.
#include <string_view>

#include "absl/status/statusor.h"

namespace tdkt::auth {

// UNAUTHENTICATED ("missing bearer token" / "malformed authorization header") unless the value is a bearer
// credential; the message never repeats the value.
absl::StatusOr<std::string_view> ExtractBearerToken(std::string_view header_value);

}  // namespace tdkt::auth
