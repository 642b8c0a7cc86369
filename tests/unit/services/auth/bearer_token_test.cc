#include "services/auth/bearer_token.h"

#include <gtest/gtest.h>

namespace tdkt::auth {
namespace {

TEST(ExtractBearerToken, ReturnsTheToken) {
  EXPECT_EQ(*ExtractBearerToken("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(*ExtractBearerToken("bearer abc-_~+/="), "abc-_~+/=");  // the scheme is case-insensitive
  EXPECT_EQ(*ExtractBearerToken("BEARER  x"), "x");
}

TEST(ExtractBearerToken, RefusesOtherSchemesAndMalformedValues) {
  for (std::string_view value : {"", "Bearer", "Bearer ", "Bearerx abc", "Basic dXNlcjpwYXNz", "Bearer a b",
                                 "Bearer a.b.c ", "Bearer =abc", "Bearer a=b", "Bearer a\tb", " Bearer a"}) {
    absl::StatusOr<std::string_view> token = ExtractBearerToken(value);
    EXPECT_TRUE(absl::IsUnauthenticated(token.status())) << value;
  }
}

TEST(ExtractBearerToken, DoesNotEchoTheValue) {
  absl::StatusOr<std::string_view> token = ExtractBearerToken("Basic c2VjcmV0LXBhc3N3b3Jk");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(std::string(token.status().message()).find("c2VjcmV0"), std::string::npos);
}

TEST(ExtractBearerToken, MessagesStartInVietnamese) {
  for (std::string_view value : {"", "Basic abc"}) {
    const std::string message(ExtractBearerToken(value).status().message());
    EXPECT_TRUE(message.rfind("Chưa đăng nhập", 0) == 0 || message.rfind("Tiêu đề xác thực", 0) == 0) << message;
  }
}

}  // namespace
}  // namespace tdkt::auth
