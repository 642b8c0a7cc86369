#include "services/auth/base64url.h"

#include <random>

#include <gtest/gtest.h>

namespace tdkt::auth {
namespace {

// RFC 4648 §10 test vectors, without the padding that base64url in JWS omits.
TEST(Base64Url, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},         {"f", "Zg"},          {"fo", "Zm8"},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(Base64UrlEncode(bytes), text) << bytes;
    absl::StatusOr<std::string> decoded = Base64UrlDecode(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
  // 0xFB 0xFF = 111110 111111 1111(00): the two characters where base64 and base64url differ.
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(*Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_FALSE(Base64UrlDecode("+/8").ok());
}

TEST(Base64Url, RefusesPaddingBadCharactersAndImpossibleLengths) {
  for (std::string_view text : {"Zg==", "Zm8=", "Z", "Zm9vY", "Zm9v!", "Zm 9v", "Zm9v\n", "Zm.v"}) {
    EXPECT_FALSE(Base64UrlDecode(text).ok()) << text;
  }
  EXPECT_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4)).ok());
}

TEST(Base64Url, RefusesNonCanonicalTrailingBits) {
  // "Zg" is the only encoding of "f"; "Zh".."Zv" carry stray low bits.
  EXPECT_TRUE(Base64UrlDecode("Zg").ok());
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());
  EXPECT_FALSE(Base64UrlDecode("Zm9").ok());  // "fo" is "Zm8"
  EXPECT_TRUE(Base64UrlDecode("Zm8").ok());
}

TEST(Base64Url, RoundTripsRandomBytes) {
  std::mt19937 random(42);
  for (int length = 0; length < 100; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    absl::StatusOr<std::string> decoded = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, bytes);
  }
}

}  // namespace
}  // namespace tdkt::auth
