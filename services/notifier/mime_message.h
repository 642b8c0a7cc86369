#pragma once
// MIME e-mail in UTF-8: the subject and the sender's display name as RFC 2047 encoded words (base64, split at
// character boundaries so that no word exceeds 75 characters), the body as text/plain; charset=UTF-8 in base64
// (lines of 76), CRLF line ends throughout.
//
//   std::string message = ComposeEmail({.from_address = "tdkt@example.gov.vn", .from_name = "Hệ thống TĐKT",
//                                       .to = "vp.dongtan@example.gov.vn", .subject = "Hồ sơ mới cần thẩm định",
//                                       .body = text, .date = now, .message_id = "<n-42@tdkt>"});
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace tdkt::notifier {

struct EmailParts {
  std::string from_address;
  std::string from_name;
  std::string to;
  std::string subject;  // UTF-8, one line
  std::string body;     // UTF-8, "\n" line ends
  absl::Time date;
  std::string message_id;  // with the angle brackets
};

std::string ComposeEmail(const EmailParts& parts);

// "=?UTF-8?B?…?=" words separated by CRLF + space (folding); plain ASCII without specials is returned as is.
std::string EncodeHeaderWords(std::string_view utf8);

}  // namespace tdkt::notifier
