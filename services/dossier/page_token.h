#pragma once
// Keyset page tokens for ListInbox and SearchDossiers: the sort key of the last item of a page, opaque to
// clients (web-safe base64 of "<kind>\n<key>\n<id>"). A token of the other query, or one a client made up,
// is INVALID_ARGUMENT; a well-formed token only ever narrows what the caller may see anyway.
//
//   std::string token = EncodePageToken(PageKind::kInbox, "2026-03-10", dossier_id);
//   TDKT_ASSIGN_OR_RETURN(PageKey key, DecodePageToken(PageKind::kInbox, request.page().page_token()));
#include <string>

#include "absl/status/statusor.h"

namespace tdkt::dossier {

enum class PageKind { kInbox, kSearch };

struct PageKey {
  std::string sort_key;  // inbox: due date "YYYY-MM-DD" or "" (none); search: updated_at in Unix micros
  std::string id;        // the dossier id
};

std::string EncodePageToken(PageKind kind, const std::string& sort_key, const std::string& id);
absl::StatusOr<PageKey> DecodePageToken(PageKind kind, const std::string& token);

// PageRequest.page_size: 0 = 50, above 200 clamped to 200, negative INVALID_ARGUMENT.
absl::StatusOr<int> PageSizeOf(int requested);

}  // namespace tdkt::dossier
