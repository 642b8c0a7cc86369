#include "services/directory/text_rules.h"

#include <gtest/gtest.h>

namespace tdkt::directory {
namespace {

TEST(CheckText, AcceptsNfcVietnameseAndRefusesBadInputWithoutEchoingIt) {
  EXPECT_TRUE(CheckText("name", "UBND xã Đồng Tân", {}).ok());
  const absl::Status decomposed = CheckText("name", "xa\xCC\x83", {});  // a + combining tilde
  EXPECT_EQ(decomposed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(decomposed.message().find("xa"), std::string::npos);
  EXPECT_FALSE(CheckText("name", "\xC3\x28", {}).ok());
  EXPECT_FALSE(CheckText("name", "\xE0\x80\xAF", {}).ok());  // overlong
  EXPECT_FALSE(CheckText("name", "\xED\xA0\x80", {}).ok());  // surrogate
  EXPECT_FALSE(CheckText("name", "a\tb", {}).ok());
  EXPECT_FALSE(CheckText("name", "", {}).ok());
  EXPECT_TRUE(CheckText("name", "", {.required = false}).ok());
  EXPECT_TRUE(CheckText("name", std::string(100, 'a') + "ễ", {.max_chars = 101}).ok());
  EXPECT_FALSE(CheckText("name", std::string(101, 'a') + "ễ", {.max_chars = 101}).ok());
}

TEST(FoldForSearch, DropsDiacriticsAndCaseIncludingD) {
  EXPECT_EQ(FoldForSearch("Trịnh Thị Bích Ngọc"), "trinh thi bich ngoc");
  EXPECT_EQ(FoldForSearch("ĐỒNG Tân đào"), "dong tan dao");
}

}  // namespace
}  // namespace tdkt::directory
