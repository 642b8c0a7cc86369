#include "services/directory/password_hash.h"

#include <sodium.h>

#include "base/sodium.h"
#include "base/status_macros.h"

namespace tdkt::directory {

absl::StatusOr<std::string> HashPassword(const std::string& password) {
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("không đủ bộ nhớ để băm mật khẩu (out of memory hashing a password)");
  }
  return std::string(hash);
}

}  // namespace tdkt::directory
