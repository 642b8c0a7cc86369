#include "services/notifier/mime_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace tdkt::notifier {
namespace {

using ::testing::HasSubstr;

// Decodes "=?UTF-8?B?…?=" words (folded with CRLF + space) back to UTF-8.
std::string DecodeWords(const std::string& header) {
  std::string out;
  for (absl::string_view word : absl::StrSplit(header, "\r\n ")) {
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_TRUE(absl::StartsWith(word, "=?UTF-8?B?") && absl::EndsWith(word, "?=")) << word;
    std::string bytes;
    EXPECT_TRUE(absl::Base64Unescape(word.substr(10, word.size() - 12), &bytes));
    out += bytes;
  }
  return out;
}

TEST(MimeMessage, VietnameseSubjectsBecomeEncodedWordsSplitAtCharacterBoundaries) {
  const std::string subject =
      "Hồ sơ bị trả lại để bổ sung: Chiến sĩ thi đua cơ sở – Nguyễn Thị Thu Hường (Trường Tiểu học Đồng Tân)";
  const std::string encoded = EncodeHeaderWords(subject);
  EXPECT_GT(std::count(encoded.begin(), encoded.end(), '\n'), 1);
  EXPECT_EQ(DecodeWords(encoded), subject);
  // Each word holds whole characters: every one decodes to valid UTF-8 by itself.
  for (absl::string_view word : absl::StrSplit(encoded, "\r\n ")) {
    std::string bytes;
    absl::Base64Unescape(word.substr(10, word.size() - 12), &bytes);
    const auto last = static_cast<unsigned char>(bytes.back());
    EXPECT_TRUE(last < 0x80 || (last & 0xC0) == 0x80) << word;  // ends on ASCII or a continuation byte
  }
  EXPECT_EQ(EncodeHeaderWords("Plain subject"), "Plain subject");
}

TEST(MimeMessage, TheBodyIsUtf8Base64WithCrlfLines) {
  const std::string message = ComposeEmail({.from_address = "tdkt@example.gov.vn",
                                            .from_name = "Hệ thống Thi đua – Khen thưởng",
                                            .to = "vp.dongtan@example.gov.vn",
                                            .subject = "Hồ sơ mới cần thẩm định",
                                            .body = "Dòng một\nDòng hai",
                                            .date = absl::FromUnixSeconds(1767225600),
                                            .message_id = "<tdkt-mail-1@example.gov.vn>"});
  EXPECT_THAT(message, HasSubstr("\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(message, HasSubstr("\r\nContent-Transfer-Encoding: base64\r\n"));
  EXPECT_THAT(message, HasSubstr("\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n"));
  EXPECT_THAT(message, HasSubstr("To: <vp.dongtan@example.gov.vn>\r\n"));
  const size_t body_at = message.find("\r\n\r\n");
  std::string body;
  ASSERT_TRUE(absl::Base64Unescape(absl::StrReplaceAll(message.substr(body_at + 4), {{"\r\n", ""}}), &body));
  EXPECT_EQ(body, "Dòng một\r\nDòng hai");
  const size_t subject_at = message.find("Subject: ") + 9;
  EXPECT_EQ(DecodeWords(message.substr(subject_at, message.find("\r\nDate:") - subject_at)), "Hồ sơ mới cần thẩm định");
}

}  // namespace
}  // namespace tdkt::notifier
