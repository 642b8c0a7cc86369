#include "services/directory/password_hash.h"

#include <sodium.h>

namespace tdkt::directory {

absl::StatusOr<std::string> HashPassword(const std::string& password) {
  if (sodium_init() < 0) return absl::InternalError("libsodium could not initialise");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("không đủ bộ nhớ để băm mật khẩu (out of memory hashing a password)");
  }
  return std::string(hash);
}

std::string Sha256(const std::string& data) {
  std::string digest(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return digest;
}

}  // namespace tdkt::directory
