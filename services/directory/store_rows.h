#pragma once
// What the stores' .cc files share: the row → message conversions, dates as SQL text and keyset pages.
// Private to the stores (it pulls in libpqxx).
#include <algorithm>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>

#include "base/status_macros.h"
#include "services/directory/directory_db.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

class PiiCipher;

// "YYYY-MM-DD" (as PostgreSQL prints a date) → tdkt.v1.Date.
tdkt::v1::Date DateFromText(const std::string& text);
// A checked tdkt.v1.Date → "YYYY-MM-DD"; "" when !present (an open end).
std::string TextFromDate(const tdkt::v1::Date& date, bool present = true);

// Column lists (with table alias o, p, r, c) matching the converters below.
extern const char* const kOrgColumns;
extern const char* const kPersonColumns;
extern const char* const kRoleColumns;
extern const char* const kCouncilColumns;

tdkt::v1::Organization OrgFromRow(const pqxx::row& row);
// Decrypts personal data with `cipher` (null: left blank and marked redacted).
tdkt::v1::Person PersonFromRow(const pqxx::row& row, const PiiCipher* cipher);
tdkt::v1::RoleAssignment RoleFromRow(const pqxx::row& row);
tdkt::v1::Council CouncilFromRow(const pqxx::row& row);  // without members

// ABORTED naming both versions: the row changed since the caller read it.
absl::Status VersionConflict(int64_t stored, int64_t expected);

// LIKE pattern "%text%" with %, _ and \ escaped.
std::string ContainsPattern(const std::string& text);

// The cursor parameters of a keyset query, "" on the first page. Queries test `$id = ''` for the first page
// and compare (sort key, id) > (NULLIF($key, '')::…, NULLIF($id, '')::bigint) otherwise.
inline std::string AfterKey(const common::Page& page) { return page.after ? page.after->sort_key : ""; }
inline std::string AfterId(const common::Page& page) { return page.after ? page.after->id : ""; }

// A keyset page from the rows of a query that selects up to page.size + 1 rows, each ending with two text
// columns: its sort key and its id. The first page.size rows become items; a further row means more follow,
// from the last item's cursor.
template <typename T, typename Convert>
Listed<T> KeysetPage(const pqxx::result& rows, const common::Page& page, Convert convert) {
  Listed<T> listed;
  const int count = std::min(static_cast<int>(rows.size()), page.size);
  for (int i = 0; i < count; ++i) listed.items.push_back(convert(rows[i]));
  if (static_cast<int>(rows.size()) > count) {
    const pqxx::row last = rows[count - 1];
    listed.next = common::PageCursor{last[last.size() - 2].as<std::string>(), last[last.size() - 1].as<std::string>()};
  }
  return listed;
}

}  // namespace tdkt::directory
