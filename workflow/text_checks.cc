#include "workflow/text_checks.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"
#include "base/utf8.h"

namespace tdkt::workflow {
namespace {

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

absl::Status CheckOptionalText(std::string_view text, std::string_view field_vi, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText,
                         absl::StrCat("Trường «", base::AsAbsl(field_vi), "» dài ", text.size(), " byte, vượt giới hạn ",
                                      max_bytes, " byte"));
  }
  if (!base::IsValidUtf8(text)) {
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
