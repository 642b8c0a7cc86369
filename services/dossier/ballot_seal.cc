#include "services/dossier/ballot_seal.h"

#include <sodium.h>

#include <vector>

#include "base/sodium.h"

namespace tdkt::dossier {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

absl::StatusOr<BallotSeal> BallotSeal::FromKeyText(std::string_view hex) {
  if (absl::Status s = base::InitSodium(); !s.ok()) return s;
  std::array<unsigned char, kKeyBytes> key{};
  size_t length = 0;
  if (hex.size() != 2 * kKeyBytes ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0 ||
      length != kKeyBytes) {
    return absl::InvalidArgumentError("the ballot key must be 32 bytes as 64 hex digits (--ballot-key)");
  }
  return BallotSeal(key);
}

std::string BallotSeal::Seal(std::string_view plaintext, std::string_view associated) const {
  std::vector<unsigned char> sealed(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(sealed.data(), kNonceBytes);
  unsigned long long cipher_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data() + kNonceBytes, &cipher_length, Bytes(plaintext),
                                             plaintext.size(), Bytes(associated), associated.size(), nullptr,
                                             sealed.data(), key_.data());
  std::string hex(2 * (kNonceBytes + cipher_length) + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), sealed.data(), kNonceBytes + cipher_length);
  hex.pop_back();
  return hex;
}

absl::StatusOr<std::string> BallotSeal::Open(std::string_view sealed_hex, std::string_view associated) const {
  std::vector<unsigned char> sealed(sealed_hex.size() / 2);
  size_t length = 0;
  if (sodium_hex2bin(sealed.data(), sealed.size(), sealed_hex.data(), sealed_hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != sealed.size() || length < kNonceBytes + kTagBytes) {
    return absl::DataLossError("sealed ballot counts are malformed");
  }
  std::string plain(length - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plain_length,
                                                 nullptr, sealed.data() + kNonceBytes, length - kNonceBytes,
                                                 Bytes(associated), associated.size(), sealed.data(),
                                                 key_.data()) != 0) {
    return absl::DataLossError("sealed ballot counts do not open with this key for this ballot");
  }
  plain.resize(plain_length);
  return plain;
}

}  // namespace tdkt::dossier
