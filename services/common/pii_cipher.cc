#include "services/common/pii_cipher.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "base/sodium.h"

namespace tdkt::directory {
namespace {

bool EnsureSodium() { return base::InitSodium().ok(); }

std::optional<std::vector<unsigned char>> Decode(std::string_view text) {
  std::vector<unsigned char> out(text.size());
  std::size_t length = 0;
  if (text.size() == 2 * PiiCipher::kKeyBytes &&
      sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr) == 0) {
    out.resize(length);
    return out;
  }
  for (const int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                            sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                          variant) == 0) {
      out.resize(length);
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<PiiCipher> PiiCipher::FromKeyText(std::string_view text) {
  if (!EnsureSodium()) return absl::InternalError("libsodium could not initialise");
  auto bytes = Decode(text);
  if (!bytes.has_value() || bytes->size() != kKeyBytes) {
    return absl::InvalidArgumentError("PII key must be 32 bytes as 64 hex digits or base64");
  }
  std::array<unsigned char, kKeyBytes> key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  sodium_memzero(bytes->data(), bytes->size());
  return PiiCipher(key);
}

std::string PiiCipher::GenerateKeyText() {
  if (!EnsureSodium()) std::abort();  // no randomness: nothing sensible to return
  std::array<unsigned char, kKeyBytes> key{};
  randombytes_buf(key.data(), key.size());
  std::string hex(2 * kKeyBytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.pop_back();
  return hex;
}

std::string PiiCipher::Seal(std::string_view field, std::string_view plaintext) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string sealed(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonce);
  unsigned long long cipher_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &cipher_length, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(field.data()), field.size(), nullptr, out, key_.data());
  sealed.resize(kNonce + cipher_length);
  return sealed;
}

absl::StatusOr<std::string> PiiCipher::Open(std::string_view field, std::string_view sealed) const {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (sealed.size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return absl::DataLossError("encrypted personal data is truncated");
  }
  std::string plain(sealed.size() - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  unsigned long long plain_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_length, nullptr, in + kNonce,
          sealed.size() - kNonce, reinterpret_cast<const unsigned char*>(field.data()), field.size(), in,
          key_.data()) != 0) {
    return absl::DataLossError("encrypted personal data does not open with the configured PII key");
  }
  plain.resize(plain_length);
  return plain;
}

std::string PiiCipher::KeyedHash(std::string_view data) const {
  std::string subkey = DeriveKey("tdkt.directory.idempotency");
  std::string mac(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(mac.data()), mac.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     reinterpret_cast<const unsigned char*>(subkey.data()), subkey.size());
  sodium_memzero(subkey.data(), subkey.size());
  return mac;
}

std::string PiiCipher::DeriveKey(std::string_view purpose) const {
  std::string subkey(crypto_generichash_KEYBYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(subkey.data()), subkey.size(),
                     reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(), key_.data(),
                     key_.size());
  return subkey;
}

}  // namespace tdkt::directory
