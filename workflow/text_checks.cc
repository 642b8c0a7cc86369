#include "workflow/text_checks.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"

namespace tdkt::workflow {
namespace {

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto b0 = static_cast<uint8_t>(text[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    uint32_t code_point = 0;
    if ((b0 & 0xE0) == 0xC0) {
      length = 2;
      code_point = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      length = 3;
      code_point = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      length = 4;
      code_point = b0 & 0x07;
    } else {
      return false;
    }
    if (i + length > n) return false;
    for (int k = 1; k < length; ++k) {
      const auto b = static_cast<uint8_t>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

absl::Status CheckOptionalText(std::string_view text, std::string_view field_vi, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText,
                         absl::StrCat("Trường «", base::AsAbsl(field_vi), "» dài ", text.size(), " byte, vượt giới hạn ",
                                      max_bytes, " byte"));
  }
  if (!IsValidUtf8(text)) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText,
                         absl::StrCat("Trường «", base::AsAbsl(field_vi), "» không phải văn bản UTF-8 hợp lệ"));
  }
  return absl::OkStatus();
}

absl::Status CheckRequiredText(std::string_view text, std::string_view field_vi, size_t max_bytes,
                               ReasonCode when_blank) {
  if (IsBlank(text)) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, when_blank, absl::StrCat("Thiếu ", base::AsAbsl(field_vi)));
  }
  return CheckOptionalText(text, field_vi, max_bytes);
}

}  // namespace tdkt::workflow
