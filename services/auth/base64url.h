#pragma once
// Base64url without padding (RFC 4648 §5, as JWS requires in RFC 7515 §2), strict on input.
//
//   std::string text = Base64UrlEncode("foob");            // "Zm9vYg"
//   absl::StatusOr<std::string> bytes = Base64UrlDecode("Zm9vYg");  // "foob"
//   Base64UrlDecode("Zm9vYg==");  // INVALID_ARGUMENT: padding is refused
//
// Decoding refuses padding, characters outside [A-Za-z0-9_-], a length of 1 mod 4, and non-canonical
// trailing bits (e.g. "Zh" for "f"): every byte string has exactly one accepted encoding, so a token cannot be
// altered without changing its signed text.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tdkt::auth {

std::string Base64UrlEncode(std::string_view bytes);

// INVALID_ARGUMENT (with a short reason that does not echo the input) unless `text` is canonical base64url.
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

}  // namespace tdkt::auth
