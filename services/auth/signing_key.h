#pragma once
// SigningKey: an Ed25519 key pair (libsodium crypto_sign_*) with its key id and the window in which it may
// sign. After rotation a key gets a not_after: it signs no more, but its public half stays published until
// the last token it signed has expired (see KeyRing).
//
//   TDKT_ASSIGN_OR_RETURN(SigningKey key, SigningKey::Generate(clock.Now()));
//   std::string signature = key.Sign("header.payload");   // 64 bytes
//   PublicKeyInfo published = key.PublicInfo();           // what verifiers need
//
// The key id is the first 16 characters of base64url(SHA-256(public key)) (96 bits): derived, so the same key
// always has the same id, and short enough for every token header.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/public_key_set.h"

namespace tdkt::auth {

// The key id of a 32-byte Ed25519 public key.
std::string KeyIdForPublicKey(std::string_view public_key);

class SigningKey {
 public:
  static constexpr size_t kSeedBytes = 32;

  // A fresh random key that may sign from `not_before` on. INTERNAL if libsodium cannot initialise.
  static absl::StatusOr<SigningKey> Generate(absl::Time not_before);

  // The key derived from a stored 32-byte seed (how the directory reloads its keys after a restart).
  // INVALID_ARGUMENT when the seed has the wrong size.
  static absl::StatusOr<SigningKey> FromSeed(std::string_view seed, absl::Time not_before,
                                             std::optional<absl::Time> not_after = std::nullopt);

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey();  // wipes the secret key

  const std::string& key_id() const { return key_id_; }
  std::string_view public_key() const;  // 32 raw bytes
  absl::Time not_before() const { return not_before_; }
  const std::optional<absl::Time>& not_after() const { return not_after_; }

  // Marks the key as rotated out at `at`: CanSignAt is false after it.
  void Retire(absl::Time at) { not_after_ = at; }
  bool CanSignAt(absl::Time t) const { return t >= not_before_ && (!not_after_.has_value() || t <= *not_after_); }

  // The detached 64-byte Ed25519 signature of `message`.
  std::string Sign(std::string_view message) const;

  // The secret seed, only for storing the key encrypted at rest; never log it.
  std::string Seed() const;

  PublicKeyInfo PublicInfo() const;

 private:
  SigningKey() = default;

  // libsodium's secret key: the 32-byte seed followed by the 32-byte public key.
  std::array<unsigned char, 64> secret_key_{};
  std::string key_id_;
  absl::Time not_before_;
  std::optional<absl::Time> not_after_;
};

}  // namespace tdkt::auth
