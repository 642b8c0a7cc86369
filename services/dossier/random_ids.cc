#include "services/dossier/random_ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "absl/strings/str_format.h"
#include "base/sodium.h"

namespace tdkt::dossier {

std::string NewUuid() {
  (void)base::InitSodium();  // idempotent; a failure would already have stopped the service at start
  std::array<uint8_t, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return absl::StrFormat("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                         b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

std::string NewTrackingCode() {
  (void)base::InitSodium();
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::array<uint8_t, 16> b{};
  randombytes_buf(b.data(), b.size());
  std::string code;
  for (int i = 0; i < 16; ++i) {  // 16 symbols × 5 bits = 80 bits
    if (i > 0 && i % 4 == 0) code += '-';
    code += kCrockford[b[static_cast<size_t>(i)] & 0x1f];
  }
  return code;
}

}  // namespace tdkt::dossier
