#include "services/auth/signing_key.h"

#include <sodium.h>

#include "services/auth/base64url.h"
#include "base/sodium.h"
#include "base/status_macros.h"

namespace tdkt::auth {
namespace {

static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_PUBLICKEYBYTES == 32);
static_assert(crypto_sign_SEEDBYTES == SigningKey::kSeedBytes);
static_assert(crypto_sign_BYTES == 64);

constexpr size_t kKeyIdChars = 16;

}  // namespace

std::string KeyIdForPublicKey(std::string_view public_key) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(public_key.data()), public_key.size());
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest)).substr(0, kKeyIdChars);
}

absl::StatusOr<SigningKey> SigningKey::Generate(absl::Time not_before) {
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  unsigned char seed[crypto_sign_SEEDBYTES];
  randombytes_buf(seed, sizeof seed);
  absl::StatusOr<SigningKey> key =
      FromSeed(std::string_view(reinterpret_cast<const char*>(seed), sizeof seed), not_before);
  sodium_memzero(seed, sizeof seed);
  return key;
}

absl::StatusOr<SigningKey> SigningKey::FromSeed(std::string_view seed, absl::Time not_before,
                                                std::optional<absl::Time> not_after) {
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  if (seed.size() != crypto_sign_SEEDBYTES) return absl::InvalidArgumentError("an Ed25519 seed has 32 bytes");
  SigningKey key;
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(public_key, key.secret_key_.data(), reinterpret_cast<const unsigned char*>(seed.data()));
  key.key_id_ = KeyIdForPublicKey(std::string_view(reinterpret_cast<const char*>(public_key), sizeof public_key));
  key.not_before_ = not_before;
  key.not_after_ = not_after;
  return key;
}

SigningKey::~SigningKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::string_view SigningKey::public_key() const {
  // libsodium stores the public key in the second half of the secret key.
  return std::string_view(reinterpret_cast<const char*>(secret_key_.data()) + crypto_sign_SEEDBYTES,
                          crypto_sign_PUBLICKEYBYTES);
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(), secret_key_.data());
  return signature;
}

std::string SigningKey::Seed() const {
  return std::string(reinterpret_cast<const char*>(secret_key_.data()), crypto_sign_SEEDBYTES);
}

PublicKeyInfo SigningKey::PublicInfo() const {
  return PublicKeyInfo{key_id_, std::string(public_key()), not_before_, not_after_};
}

}  // namespace tdkt::auth
