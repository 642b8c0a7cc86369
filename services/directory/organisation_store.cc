// OrganisationStore (organisation_store.h).
#include "services/directory/organisation_store.h"

#include "absl/strings/str_cat.h"
#include "services/directory/store_rows.h"

namespace tdkt::directory {
namespace {

constexpr const char* kValidOn = "daterange(o.valid_from, o.valid_until, '[]') @> ";

std::vector<tdkt::v1::Organization> Orgs(const pqxx::result& rows) {
  std::vector<tdkt::v1::Organization> orgs;
  orgs.reserve(rows.size());
  for (const auto& row : rows) orgs.push_back(OrgFromRow(row));
  return orgs;
}

std::optional<tdkt::v1::Organization> FirstOrg(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return OrgFromRow(rows[0]);
}

absl::Status NotFound() { return absl::NotFoundError("Không tìm thấy đơn vị (organisation not found on that date)"); }

}  // namespace

absl::StatusOr<tdkt::v1::Organization> OrganisationStore::Find(Tx& tx, const OrgKey& key,
                                                               const std::string& as_of) const {
  const std::string where = key.id.empty() ? "o.code = $1" : "o.id = $1::bigint";
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kOrgColumns, " FROM directory.organisation o WHERE ", where, " AND ($2 = '' OR ",
                   kValidOn, "NULLIF($2, '')::date) ORDER BY o.valid_from DESC LIMIT 1"),
      key.id.empty() ? key.code : key.id, as_of);
  if (rows.empty()) return NotFound();
  return OrgFromRow(rows[0]);
}

absl::StatusOr<Listed<tdkt::v1::Organization>> OrganisationStore::ListChildren(Tx& tx, const std::string& parent_id,
                                                                               const std::string& as_of,
                                                                               const common::Page& page) const {
  const pqxx::result rows =
      tx.work().exec_params(absl::StrCat("SELECT ", kOrgColumns,
                                         ", o.code, o.id::text FROM directory.organisation o "
                                         "WHERE o.parent_id = $1::bigint AND ",
                                         kValidOn,
                                         "$2::date "
                                         "AND ($4 = '' OR (o.code, o.id) > ($3, NULLIF($4, '')::bigint)) "
                                         "ORDER BY o.code, o.id LIMIT $5"),
                            parent_id, as_of, AfterKey(page), AfterId(page), page.size + 1);
  return KeysetPage<tdkt::v1::Organization>(rows, page, OrgFromRow);
}

absl::StatusOr<std::vector<tdkt::v1::Organization>> OrganisationStore::ListAncestors(Tx& tx, const std::string& org_id,
                                                                                     const std::string& as_of) const {
  return Orgs(tx.work().exec_params(
      absl::StrCat("WITH RECURSIVE up AS ("
                   "  SELECT parent_id AS id, 1 AS depth FROM directory.organisation WHERE id = $1::bigint"
                   "  UNION ALL"
                   "  SELECT p.parent_id, up.depth + 1 FROM directory.organisation p JOIN up ON p.id = up.id"
                   "  WHERE up.depth < 32) "
                   "SELECT ",
                   kOrgColumns, " FROM up JOIN directory.organisation o ON o.id = up.id WHERE ", kValidOn,
                   "$2::date ORDER BY up.depth"),
      org_id, as_of));
}

absl::StatusOr<Listed<tdkt::v1::Organization>> OrganisationStore::ListSubtree(Tx& tx, const std::string& root_id,
                                                                              const std::string& as_of, int level,
                                                                              const common::Page& page) const {
  // Ordering by the path of codes gives depth first, parents before children, by code within a parent. The
  // path as text ({PT,PT-THANHSON}) is the sort key of the page cursor.
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("WITH RECURSIVE tree AS ("
                   "  SELECT o.id, ARRAY[o.code] AS path FROM directory.organisation o"
                   "  WHERE o.id = $1::bigint AND ",
                   kValidOn,
                   "$2::date"
                   "  UNION ALL"
                   "  SELECT o.id, tree.path || o.code FROM directory.organisation o JOIN tree ON o.parent_id = tree.id"
                   "  WHERE ",
                   kValidOn,
                   "$2::date AND cardinality(tree.path) < 32) "
                   "SELECT ",
                   kOrgColumns,
                   ", tree.path::text, o.id::text"
                   " FROM tree JOIN directory.organisation o ON o.id = tree.id WHERE ($3 = 0 OR o.level = $3) "
                   "AND ($5 = '' OR (tree.path, o.id) > (NULLIF($4, '')::text[], NULLIF($5, '')::bigint)) "
                   "ORDER BY tree.path, o.id LIMIT $6"),
      root_id, as_of, level, AfterKey(page), AfterId(page), page.size + 1);
  return KeysetPage<tdkt::v1::Organization>(rows, page, OrgFromRow);
}

absl::StatusOr<std::vector<std::string>> OrganisationStore::Chain(Tx& tx, const std::string& org_id) const {
  const pqxx::result rows = tx.work().exec_params(
      "WITH RECURSIVE up AS ("
      "  SELECT id, parent_id, 0 AS depth FROM directory.organisation WHERE id = $1::bigint"
      "  UNION ALL"
      "  SELECT o.id, o.parent_id, up.depth + 1 FROM directory.organisation o JOIN up ON o.id = up.parent_id"
      "  WHERE up.depth < 32) "
      "SELECT id::text FROM up ORDER BY depth",
      org_id);
  if (rows.empty()) return absl::NotFoundError("Không tìm thấy đơn vị (organisation not found)");
  std::vector<std::string> chain;
  for (const auto& row : rows) chain.push_back(row[0].as<std::string>());
  return chain;
}

absl::StatusOr<tdkt::v1::Organization> OrganisationStore::Create(Tx& tx, const tdkt::v1::Organization& org) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("INSERT INTO directory.organisation AS o (code, name, short_name, level, parent_id, valid_from, "
                   "valid_until, successor_id) VALUES ($1, $2, $3, $4, NULLIF($5, '')::bigint, $6::date, "
                   "NULLIF($7, '')::date, NULLIF($8, '')::bigint) RETURNING ",
                   kOrgColumns),
      org.code(), org.name_vi(), org.short_name_vi(), static_cast<int>(org.level()), org.parent_id(),
      TextFromDate(org.valid_from(), true), TextFromDate(org.valid_until(), org.has_valid_until()), org.successor_id());
  return OrgFromRow(rows[0]);
}

absl::StatusOr<tdkt::v1::Organization> OrganisationStore::Update(Tx& tx, const tdkt::v1::Organization& org,
                                                                 int64_t expected_version) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("UPDATE directory.organisation o SET code = $3, name = $4, short_name = $5, level = $6, "
                   "parent_id = NULLIF($7, '')::bigint, valid_from = $8::date, valid_until = NULLIF($9, '')::date, "
                   "successor_id = NULLIF($10, '')::bigint, version = o.version + 1, updated_at = now() "
                   "WHERE o.id = $1::bigint AND o.version = $2 RETURNING ",
                   kOrgColumns),
      org.id(), expected_version, org.code(), org.name_vi(), org.short_name_vi(), static_cast<int>(org.level()),
      org.parent_id(), TextFromDate(org.valid_from(), true), TextFromDate(org.valid_until(), org.has_valid_until()),
      org.successor_id());
  if (!rows.empty()) return OrgFromRow(rows[0]);
  const pqxx::result exists =
      tx.work().exec_params("SELECT version FROM directory.organisation WHERE id = $1::bigint", org.id());
  if (exists.empty()) return NotFound();
  return VersionConflict(exists[0][0].as<int64_t>(), expected_version);
}

absl::StatusOr<std::optional<tdkt::v1::Organization>> OrganisationStore::ByCodeOn(Tx& tx, const std::string& code,
                                                                                  const std::string& date) const {
  return FirstOrg(
      tx.work().exec_params(absl::StrCat("SELECT ", kOrgColumns,
                                         " FROM directory.organisation o WHERE o.code = $1 AND ", kValidOn, "$2::date"),
                            code, date));
}

absl::StatusOr<std::optional<tdkt::v1::Organization>> OrganisationStore::ByCodeFrom(
    Tx& tx, const std::string& code, const std::string& valid_from) const {
  return FirstOrg(tx.work().exec_params(
      absl::StrCat("SELECT ", kOrgColumns,
                   " FROM directory.organisation o WHERE o.code = $1 AND o.valid_from = $2::date"),
      code, valid_from));
}

}  // namespace tdkt::directory
