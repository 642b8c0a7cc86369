#include "services/dossier/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tdkt::dossier {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr size_t kMaxTokenBytes = 512;

const char* Tag(PageKind kind) { return kind == PageKind::kInbox ? "i1" : "s1"; }

absl::Status BadToken() { return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ"); }

}  // namespace

std::string EncodePageToken(PageKind kind, const std::string& sort_key, const std::string& id) {
  return absl::WebSafeBase64Escape(absl::StrCat(Tag(kind), "\n", sort_key, "\n", id));
}

absl::StatusOr<PageKey> DecodePageToken(PageKind kind, const std::string& token) {
  if (token.size() > kMaxTokenBytes) return BadToken();
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text)) return BadToken();
  const std::vector<std::string> parts = absl::StrSplit(text, '\n');
  if (parts.size() != 3 || parts[0] != Tag(kind) || parts[2].empty()) return BadToken();
  return PageKey{parts[1], parts[2]};
}

absl::StatusOr<int> PageSizeOf(int requested) {
  if (requested < 0) return absl::InvalidArgumentError("Kích thước trang (page_size) không được âm");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

}  // namespace tdkt::dossier
