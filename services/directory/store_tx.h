#pragma once
// The transaction handle behind DirectoryStore::Tx, and the row → message conversions the store's .cc files
// share. Private to the store: only its .cc files include this (it pulls in libpqxx).
#include <string>

#include <pqxx/result>
#include <pqxx/transaction>

#include "services/directory/directory_store.h"
#include "base/status_macros.h"

namespace tdkt::directory {

class DirectoryStore::Tx {
 public:
  explicit Tx(pqxx::work& work) : work(work) {}
  pqxx::work& work;
};

// "YYYY-MM-DD" ↔ tdkt.v1.Date.
tdkt::v1::Date DateFromText(const std::string& text);
// "" when !present (an open end).
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

// LIKE pattern "%text%" with %, _ and \ escaped.
std::string ContainsPattern(const std::string& text);

}  // namespace tdkt::directory
