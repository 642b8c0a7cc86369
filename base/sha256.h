#pragma once
// SHA-256 of bytes, as 32 raw bytes or 64 lower-case hex digits, and HMAC-SHA-256: the one implementation
// (libsodium) for migration checksums, document hashes, request fingerprints and refresh-token digests.
//
//   std::string hex = base::Sha256Hex(content);   // "e3b0c442…" for ""
#include <string>
#include <string_view>

namespace tdkt::base {

std::string Sha256(std::string_view bytes);     // 32 bytes
std::string Sha256Hex(std::string_view bytes);  // 64 hex digits
std::string HexOf(std::string_view bytes);      // lower-case hex of any bytes

// HMAC-SHA-256 of `bytes` under `key` (any length), 32 bytes.
std::string HmacSha256(std::string_view key, std::string_view bytes);

}  // namespace tdkt::base
