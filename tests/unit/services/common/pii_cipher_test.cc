#include "services/common/pii_cipher.h"

#include <gtest/gtest.h>

namespace tdkt::directory {
namespace {

TEST(PiiCipher, SealsWithFreshNoncesAndOpensOnlyWithKeyAndField) {
  auto cipher = PiiCipher::FromKeyText(PiiCipher::GenerateKeyText());
  ASSERT_TRUE(cipher.ok());
  const std::string a = cipher->Seal("id_number", "001190012345");
  const std::string b = cipher->Seal("id_number", "001190012345");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find("001190012345"), std::string::npos);
  EXPECT_EQ(*cipher->Open("id_number", a), "001190012345");
  EXPECT_EQ(cipher->Open("email", a).status().code(), absl::StatusCode::kDataLoss);
  auto other = PiiCipher::FromKeyText(PiiCipher::GenerateKeyText());
  EXPECT_FALSE(other->Open("id_number", a).ok());
  EXPECT_NE(cipher->KeyedHash("x"), other->KeyedHash("x"));
}

TEST(PiiCipher, KeyIsHexOrBase64Of32Bytes) {
  EXPECT_TRUE(PiiCipher::FromKeyText(std::string(64, 'a')).ok());
  EXPECT_TRUE(PiiCipher::FromKeyText("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").ok());
  EXPECT_FALSE(PiiCipher::FromKeyText(std::string(62, 'a')).ok());
  EXPECT_FALSE(PiiCipher::FromKeyText("short").ok());
  EXPECT_FALSE(PiiCipher::FromKeyText("").ok());
}

}  // namespace
}  // namespace tdkt::directory
