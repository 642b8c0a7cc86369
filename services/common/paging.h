#pragma once
// Paging: one policy and one keyset page-token codec for every list RPC (tdkt.v1.PageRequest/PageResponse).
//
// A page token is the sort key and id of the last item of the previous page, bound to the query it came from
// and a fingerprint of that query's filter: opaque to clients (web-safe base64), and INVALID_ARGUMENT when it
// was made up, altered, or sent with another query or another filter. A well-formed token only ever narrows
// what the caller may see anyway, so it needs no secret.
//
//   TDKT_ASSIGN_OR_RETURN(Page page, DecodePage(request.page(), "inbox", filter_text));
//   … SELECT … WHERE (sort_key, id) > (page.after->sort_key, page.after->id) … LIMIT page.size + 1 …
//   if (rows.size() > page.size) next = EncodePageToken("inbox", filter_text, {last.sort_key, last.id});
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tdkt::v1 {
class PageRequest;
}

namespace tdkt::common {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

// The last item of a page: where the next page starts (exclusive).
struct PageCursor {
  std::string sort_key;  // the query's own order key as text (a date, Unix micros, a folded name…)
  std::string id;
};

struct Page {
  int size = kDefaultPageSize;
  std::optional<PageCursor> after;  // nullopt: the first page
};

// page_size: 0 = kDefaultPageSize, above kMaxPageSize clamped to it, negative INVALID_ARGUMENT.
absl::StatusOr<int> PageSizeOf(int requested);

// `query` names the RPC's list ("inbox", "people"…); `filter` is every request field that shapes the result.
std::string EncodePageToken(std::string_view query, std::string_view filter, const PageCursor& cursor);
absl::StatusOr<Page> DecodePage(const tdkt::v1::PageRequest& request, std::string_view query,
                                std::string_view filter);

}  // namespace tdkt::common
