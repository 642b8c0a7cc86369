#include "services/auth/bearer_token.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "base/string_view_compat.h"

namespace tdkt::auth {
namespace {

constexpr std::string_view kScheme = "Bearer";

bool IsB64TokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' ||
         c == '+' || c == '/';
}

}  // namespace

absl::StatusOr<std::string_view> ExtractBearerToken(std::string_view header_value) {
  if (header_value.empty()) return absl::UnauthenticatedError("Chưa đăng nhập: thiếu mã truy cập (missing bearer token)");
  if (header_value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(base::AsAbsl(header_value), base::AsAbsl(kScheme)) ||
      header_value[kScheme.size()] != ' ') {
    return absl::UnauthenticatedError("Tiêu đề xác thực không hợp lệ (malformed authorization header)");
  }
  std::string_view token = header_value.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  size_t end = 0;
  while (end < token.size() && IsB64TokenChar(token[end])) ++end;
  size_t padded_end = end;
  while (padded_end < token.size() && token[padded_end] == '=') ++padded_end;
  if (end == 0 || padded_end != token.size()) return absl::UnauthenticatedError("Tiêu đề xác thực không hợp lệ (malformed authorization header)");
  return token;
}

}  // namespace tdkt::auth
