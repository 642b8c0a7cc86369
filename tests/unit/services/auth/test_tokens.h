#pragma once
// Helpers that build tokens by hand, so tests can forge what the issuer would never produce.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "services/auth/signing_key.h"

namespace tdkt::auth::testing {

// base64url(json.dump()).
std::string EncodePart(const nlohmann::json& json);
// The JSON object of one base64url part (the test fails on malformed input).
nlohmann::json DecodePart(std::string_view part);

struct TokenParts {
  std::string header, payload, signature;  // still base64url
};
TokenParts Split(std::string_view token);
std::string Join(const TokenParts& parts);

// header.payload.signature with the signature made by `key` over "header.payload".
std::string SignRaw(const nlohmann::json& header, const nlohmann::json& payload, const SigningKey& key);

}  // namespace tdkt::auth::testing
