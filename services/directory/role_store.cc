// RoleStore (role_store.h).
#include "services/directory/role_store.h"

#include "absl/strings/str_cat.h"
#include "services/directory/store_rows.h"

namespace tdkt::directory {

absl::StatusOr<Listed<tdkt::v1::RoleAssignment>> RoleStore::List(Tx& tx, const std::string& org_id,
                                                                 const std::string& person_id, const std::string& as_of,
                                                                 const common::Page& page) const {
  // The sort key of the cursor is "org/person/role/valid_from" (split_part takes it apart again).
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kRoleColumns,
                   ", concat_ws('/', r.org_id, r.person_id, r.role, r.valid_from), r.id::text "
                   "FROM directory.role_assignment r WHERE ($1 = '' OR r.org_id = NULLIF($1, '')::bigint) "
                   "AND ($2 = '' OR r.person_id = NULLIF($2, '')::bigint) "
                   "AND ($3 = '' OR daterange(r.valid_from, r.valid_until, '[]') @> NULLIF($3, '')::date) "
                   "AND ($5 = '' OR (r.org_id, r.person_id, r.role, r.valid_from, r.id) > ("
                   "NULLIF(split_part($4, '/', 1), '')::bigint, NULLIF(split_part($4, '/', 2), '')::bigint, "
                   "NULLIF(split_part($4, '/', 3), '')::smallint, NULLIF(split_part($4, '/', 4), '')::date, "
                   "NULLIF($5, '')::bigint)) "
                   "ORDER BY r.org_id, r.person_id, r.role, r.valid_from, r.id LIMIT $6"),
      org_id, person_id, as_of, AfterKey(page), AfterId(page), page.size + 1);
  return KeysetPage<tdkt::v1::RoleAssignment>(rows, page, RoleFromRow);
}

absl::StatusOr<tdkt::v1::RoleAssignment> RoleStore::Get(Tx& tx, const std::string& id) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kRoleColumns, " FROM directory.role_assignment r WHERE r.id = $1::bigint"), id);
  if (rows.empty()) return absl::NotFoundError("Không tìm thấy phân quyền (role assignment not found)");
  return RoleFromRow(rows[0]);
}

absl::StatusOr<tdkt::v1::RoleAssignment> RoleStore::Create(Tx& tx, const tdkt::v1::RoleAssignment& a) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("INSERT INTO directory.role_assignment AS r (person_id, org_id, role, valid_from, valid_until) "
                   "VALUES ($1::bigint, $2::bigint, $3, $4::date, NULLIF($5, '')::date) RETURNING ",
                   kRoleColumns),
      a.person_id(), a.org_id(), static_cast<int>(a.role()), TextFromDate(a.valid_from()),
      TextFromDate(a.valid_until(), a.has_valid_until()));
  return RoleFromRow(rows[0]);
}

absl::StatusOr<tdkt::v1::RoleAssignment> RoleStore::Update(Tx& tx, const std::string& id, int64_t expected_version,
                                                           const tdkt::v1::RoleAssignment& dates) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("UPDATE directory.role_assignment r SET valid_from = $3::date, valid_until = NULLIF($4, '')::date, "
                   "version = r.version + 1 WHERE r.id = $1::bigint AND r.version = $2 RETURNING ",
                   kRoleColumns),
      id, expected_version, TextFromDate(dates.valid_from()),
      TextFromDate(dates.valid_until(), dates.has_valid_until()));
  if (!rows.empty()) return RoleFromRow(rows[0]);
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::RoleAssignment stored, Get(tx, id));
  return VersionConflict(stored.version(), expected_version);
}

absl::StatusOr<std::optional<tdkt::v1::RoleAssignment>> RoleStore::FindSame(Tx& tx,
                                                                            const tdkt::v1::RoleAssignment& a) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kRoleColumns,
                   " FROM directory.role_assignment r WHERE r.person_id = $1::bigint AND r.org_id = $2::bigint "
                   "AND r.role = $3 AND r.valid_from = $4::date"),
      a.person_id(), a.org_id(), static_cast<int>(a.role()), TextFromDate(a.valid_from()));
  if (rows.empty()) return std::optional<tdkt::v1::RoleAssignment>();
  return std::optional<tdkt::v1::RoleAssignment>(RoleFromRow(rows[0]));
}

}  // namespace tdkt::directory
