#include "tests/unit/services/auth/test_tokens.h"

#include <gtest/gtest.h>

#include "services/auth/base64url.h"

namespace tdkt::auth::testing {

std::string EncodePart(const nlohmann::json& json) { return Base64UrlEncode(json.dump()); }

nlohmann::json DecodePart(std::string_view part) {
  absl::StatusOr<std::string> text = Base64UrlDecode(part);
  EXPECT_TRUE(text.ok());
  if (!text.ok()) return nlohmann::json::object();
  return nlohmann::json::parse(*text);
}

TokenParts Split(std::string_view token) {
  size_t first = token.find('.');
  size_t second = token.find('.', first + 1);
  EXPECT_NE(second, std::string_view::npos);
  return TokenParts{std::string(token.substr(0, first)), std::string(token.substr(first + 1, second - first - 1)),
                    std::string(token.substr(second + 1))};
}

std::string Join(const TokenParts& parts) { return parts.header + "." + parts.payload + "." + parts.signature; }

std::string SignRaw(const nlohmann::json& header, const nlohmann::json& payload, const SigningKey& key) {
  std::string input = EncodePart(header) + "." + EncodePart(payload);
  return input + "." + Base64UrlEncode(key.Sign(input));
}

}  // namespace tdkt::auth::testing
