#pragma once
// PiiCipher: encrypts personal data (ID numbers, email, phone) before it reaches PostgreSQL, so that the
// database, its dumps and its replicas never hold it in clear. XChaCha20-Poly1305 (libsodium) with a random
// 24-byte nonce per value; the stored form is nonce || ciphertext || tag. The field name is authenticated as
// associated data, so a ciphertext copied into another column does not decrypt. Each service that holds
// personal data has its own key: the directory (people) and the dossier service (nominees).
//
//   auto cipher = PiiCipher::FromKeyText(flags.Get("pii-key"));   // 64 hex digits or base64 of 32 bytes
//   std::string sealed = cipher->Seal("id_number", "001190012345");
//   absl::StatusOr<std::string> plain = cipher->Open("id_number", sealed);
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

// Defined in tdkt::directory, its first home, so that the directory's forward declarations of it stay valid;
// other code names it common::PiiCipher (below).
namespace tdkt::directory {

class PiiCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // INVALID_ARGUMENT unless `text` is 64 hex digits or standard/URL-safe base64 of exactly 32 bytes.
  static absl::StatusOr<PiiCipher> FromKeyText(std::string_view text);
  // A fresh random key, as 64 hex digits (for `--pii-key` in demos and tests).
  static std::string GenerateKeyText();

  std::string Seal(std::string_view field, std::string_view plaintext) const;
  // DATA_LOSS when the value was not sealed with this key and field (wrong key, tampering).
  absl::StatusOr<std::string> Open(std::string_view field, std::string_view sealed) const;

  // A 32-byte BLAKE2b MAC of `data` under a key derived from the PII key. DirectoryServer derives the key of
  // the request fingerprints from it (the MAC of a fixed label), so that a stored fingerprint of a request that
  // carries an ID number or a password cannot be checked against guesses without the PII key.
  std::string KeyedHash(std::string_view data) const;

  // A 32-byte key for `purpose`, derived from the PII key (BLAKE2b keyed with it, over the purpose), so that one
  // configured secret serves several uses without one use revealing another's key: e.g. the secret of a
  // service's idempotency fingerprints (common::RequestFingerprint).
  std::string DeriveKey(std::string_view purpose) const;

 private:
  explicit PiiCipher(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace tdkt::directory

namespace tdkt::common {
using PiiCipher = ::tdkt::directory::PiiCipher;
}  // namespace tdkt::common
