#include "services/common/paging.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/sha256.h"
#include "base/string_view_compat.h"
#include "tdkt/v1/common.pb.h"

namespace tdkt::common {
namespace {

constexpr size_t kMaxTokenBytes = 1024;
constexpr char kVersion[] = "p1";

absl::Status BadToken() {
  return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ cho yêu cầu và bộ lọc này");
}

// 16 hex digits of SHA-256 over the query and its filter: enough to tell filters apart, short in the token.
std::string FilterTag(std::string_view query, std::string_view filter) {
  return base::Sha256Hex(absl::StrCat(base::AsAbsl(query), std::string(1, '\0'), base::AsAbsl(filter))).substr(0, 16);
}

std::string Part(std::string_view text) { return absl::WebSafeBase64Escape(base::AsAbsl(text)); }

}  // namespace

absl::StatusOr<int> PageSizeOf(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("Kích thước trang (page_size) không được âm");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string EncodePageToken(std::string_view query, std::string_view filter, const PageCursor& cursor) {
  return absl::StrCat(kVersion, ".", FilterTag(query, filter), ".", Part(cursor.sort_key), ".", Part(cursor.id));
}

absl::StatusOr<Page> DecodePage(const tdkt::v1::PageRequest& request, std::string_view query,
                                std::string_view filter) {
  Page page;
  auto size = PageSizeOf(request.page_size());
  if (!size.ok()) return size.status();
  page.size = *size;
  const std::string& token = request.page_token();
  if (token.empty()) return page;
  if (token.size() > kMaxTokenBytes) return BadToken();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  if (parts.size() != 4 || parts[0] != kVersion || parts[1] != FilterTag(query, filter)) return BadToken();
  PageCursor cursor;
  if (!absl::WebSafeBase64Unescape(parts[2], &cursor.sort_key) || !absl::WebSafeBase64Unescape(parts[3], &cursor.id) ||
      cursor.id.empty()) {
    return BadToken();
  }
  page.after = std::move(cursor);
  return page;
}

}  // namespace tdkt::common
