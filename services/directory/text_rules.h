#pragma once
// Text rules for everything a client sends to the directory (DESIGN §5): valid UTF-8, NFC (Vietnamese has
// two encodings for most letters with diacritics; two spellings of one name must not become two people), no
// control characters, bounded length. Rejecting instead of normalising keeps what is stored equal to what
// the client holds.
//
//   TDKT_RETURN_IF_ERROR(CheckText("name_vi", org.name_vi(), {.max_chars = 300}));
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tdkt::directory {

struct TextLimits {
  std::size_t max_chars = 200;  // Unicode code points
  bool required = true;         // empty is INVALID_ARGUMENT
};

// OK, or INVALID_ARGUMENT naming `field` (never echoing the value: it may be personal data).
absl::Status CheckText(std::string_view field, std::string_view value, TextLimits limits);

bool IsValidUtf8(std::string_view text);
bool IsNfc(std::string_view utf8);

// Lower case, diacritics removed, đ → d: "Nguyễn Thị Đào" → "nguyen thi dao". Used for accent-insensitive
// name search (ListPeople.name_query).
std::string FoldForSearch(std::string_view utf8);

}  // namespace tdkt::directory
