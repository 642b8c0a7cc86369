// DirectoryStore: role assignments (dated; the exclusion constraint forbids overlapping periods of one role
// of one person at one organisation).
#include "absl/strings/str_cat.h"
#include "services/directory/store_tx.h"

namespace tdkt::directory {

absl::StatusOr<std::vector<tdkt::v1::RoleAssignment>> DirectoryStore::ListRoleAssignments(
    Tx& tx, const std::string& org_id, const std::string& person_id, const std::string& as_of, Page page) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("SELECT ", kRoleColumns,
                   " FROM directory.role_assignment r WHERE ($1 = '' OR r.org_id = NULLIF($1, '')::bigint) "
                   "AND ($2 = '' OR r.person_id = NULLIF($2, '')::bigint) "
                   "AND ($3 = '' OR daterange(r.valid_from, r.valid_until, '[]') @> NULLIF($3, '')::date) "
                   "ORDER BY r.org_id, r.person_id, r.role, r.valid_from, r.id OFFSET $4 LIMIT $5"),
      org_id, person_id, as_of, page.offset, page.limit + 1);
  std::vector<tdkt::v1::RoleAssignment> list;
  for (const auto& row : rows) list.push_back(RoleFromRow(row));
  return list;
}

absl::StatusOr<tdkt::v1::RoleAssignment> DirectoryStore::GetRoleAssignment(Tx& tx, const std::string& id) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("SELECT ", kRoleColumns, " FROM directory.role_assignment r WHERE r.id = $1::bigint"), id);
  if (rows.empty()) return absl::NotFoundError("không tìm thấy phân quyền (role assignment not found)");
  return RoleFromRow(rows[0]);
}

absl::StatusOr<tdkt::v1::RoleAssignment> DirectoryStore::CreateRoleAssignment(Tx& tx,
                                                                              const tdkt::v1::RoleAssignment& a) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("INSERT INTO directory.role_assignment AS r (person_id, org_id, role, valid_from, valid_until) "
                   "VALUES ($1::bigint, $2::bigint, $3, $4::date, NULLIF($5, '')::date) RETURNING ",
                   kRoleColumns),
      a.person_id(), a.org_id(), static_cast<int>(a.role()), TextFromDate(a.valid_from()),
      TextFromDate(a.valid_until(), a.has_valid_until()));
  return RoleFromRow(rows[0]);
}

absl::StatusOr<tdkt::v1::RoleAssignment> DirectoryStore::UpdateRoleAssignment(Tx& tx, const std::string& id,
                                                                              int64_t expected_version,
                                                                              const std::string& valid_from,
                                                                              const std::string& valid_until) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("UPDATE directory.role_assignment r SET valid_from = $3::date, valid_until = NULLIF($4, '')::date, "
                   "version = r.version + 1 WHERE r.id = $1::bigint AND r.version = $2 RETURNING ",
                   kRoleColumns),
      id, expected_version, valid_from, valid_until);
  if (!rows.empty()) return RoleFromRow(rows[0]);
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::RoleAssignment stored, GetRoleAssignment(tx, id));
  return absl::AbortedError(absl::StrCat("phiên bản đã thay đổi (version conflict: stored ", stored.version(),
                                         ", expected ", expected_version, ")"));
}

absl::StatusOr<std::optional<tdkt::v1::RoleAssignment>> DirectoryStore::FindRoleAssignment(
    Tx& tx, const tdkt::v1::RoleAssignment& a) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("SELECT ", kRoleColumns,
                   " FROM directory.role_assignment r WHERE r.person_id = $1::bigint AND r.org_id = $2::bigint "
                   "AND r.role = $3 AND r.valid_from = $4::date"),
      a.person_id(), a.org_id(), static_cast<int>(a.role()), TextFromDate(a.valid_from()));
  if (rows.empty()) return std::optional<tdkt::v1::RoleAssignment>();
  return std::optional<tdkt::v1::RoleAssignment>(RoleFromRow(rows[0]));
}

}  // namespace tdkt::directory
