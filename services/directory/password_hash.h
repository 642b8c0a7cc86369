#pragma once
// HashPassword: argon2id (libsodium crypto_pwhash_str, interactive limits) for the person.password_hash
// column. Login (services/auth, later) verifies with crypto_pwhash_str_verify.
#include <string>

#include "absl/status/statusor.h"

namespace tdkt::directory {

absl::StatusOr<std::string> HashPassword(const std::string& password);

}  // namespace tdkt::directory
