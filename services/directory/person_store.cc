// PersonStore (person_store.h).
#include "services/directory/person_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/sha256.h"
#include "services/directory/fold_for_search.h"
#include "services/common/pii_cipher.h"
#include "services/directory/store_rows.h"

namespace tdkt::directory {
namespace {

absl::Status NotFound() { return absl::NotFoundError("Không tìm thấy người dùng (person not found)"); }

}  // namespace

absl::StatusOr<tdkt::v1::Person> PersonStore::Get(Tx& tx, const std::string& person_id) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kPersonColumns, " FROM directory.person p WHERE p.id = $1::bigint"), person_id);
  if (rows.empty()) return NotFound();
  return PersonFromRow(rows[0], cipher_);
}

absl::StatusOr<std::optional<tdkt::v1::Person>> PersonStore::ByUsername(Tx& tx, const std::string& username) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kPersonColumns, " FROM directory.person p WHERE p.username = $1"), username);
  if (rows.empty()) return std::optional<tdkt::v1::Person>();
  return std::optional<tdkt::v1::Person>(PersonFromRow(rows[0], cipher_));
}

absl::StatusOr<std::vector<std::string>> PersonStore::OrganisationsWithAncestors(Tx& tx,
                                                                                 const std::string& person_id) const {
  const pqxx::result rows = tx.work().exec_params(
      "WITH RECURSIVE up AS ("
      "  SELECT org_id AS id, 0 AS depth FROM directory.role_assignment WHERE person_id = $1::bigint"
      "  UNION"
      "  SELECT c.org_id, 0 FROM directory.council_member m JOIN directory.council c ON c.id = m.council_id"
      "  WHERE m.person_id = $1::bigint"
      "  UNION"
      "  SELECT o.parent_id, up.depth + 1 FROM directory.organisation o JOIN up ON o.id = up.id"
      "  WHERE o.parent_id IS NOT NULL AND up.depth < 32) "
      "SELECT DISTINCT id::text FROM up",
      person_id);
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row[0].as<std::string>());
  return ids;
}

absl::StatusOr<PersonStanding> PersonStore::Standing(Tx& tx, const std::string& person_id,
                                                    const std::string& today) const {
  const pqxx::result flags = tx.work().exec_params(
      "SELECT p.service_account, EXISTS (SELECT 1 FROM directory.system_admin s WHERE s.person_id = p.id) "
      "FROM directory.person p WHERE p.id = $1::bigint",
      person_id);
  if (flags.empty()) return NotFound();
  PersonStanding standing;
  standing.service_account = flags[0][0].as<bool>();
  standing.system_admin = flags[0][1].as<bool>();
  // Each held organisation with its chain as "id,parent,…,root" (depth order).
  const pqxx::result chains = tx.work().exec_params(
      "WITH RECURSIVE held AS ("
      "  SELECT org_id FROM directory.role_assignment"
      "  WHERE person_id = $1::bigint AND (valid_until IS NULL OR valid_until >= $2::date)"
      "  UNION"
      "  SELECT c.org_id FROM directory.council_member m JOIN directory.council c ON c.id = m.council_id"
      "  WHERE m.person_id = $1::bigint AND (c.term_until IS NULL OR c.term_until >= $2::date)), "
      "up AS ("
      "  SELECT org_id AS held_id, org_id AS id, 0 AS depth FROM held"
      "  UNION ALL"
      "  SELECT up.held_id, o.parent_id, up.depth + 1 FROM directory.organisation o JOIN up ON o.id = up.id"
      "  WHERE o.parent_id IS NOT NULL AND up.depth < 32) "
      "SELECT string_agg(id::text, ',' ORDER BY depth) FROM up GROUP BY held_id ORDER BY held_id",
      person_id, today);
  for (const auto& row : chains) {
    standing.grant_chains.push_back(absl::StrSplit(row[0].as<std::string>(), ','));
  }
  return standing;
}

absl::StatusOr<Listed<tdkt::v1::Person>> PersonStore::List(Tx& tx, const std::string& org_id, bool subtree,
                                                           const std::string& name_folded, const std::string& as_of,
                                                           const common::Page& page) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat(
          "WITH RECURSIVE scope AS ("
          "  SELECT NULLIF($1, '')::bigint AS id, 0 AS depth"
          "  UNION ALL"
          "  SELECT o.id, scope.depth + 1 FROM directory.organisation o JOIN scope ON o.parent_id = scope.id"
          "  WHERE $2 AND scope.depth < 32 AND daterange(o.valid_from, o.valid_until, '[]') @> $3::date), "
          "holders AS ("
          "  SELECT r.person_id FROM directory.role_assignment r JOIN scope ON r.org_id = scope.id"
          "  WHERE daterange(r.valid_from, r.valid_until, '[]') @> $3::date"
          "  UNION"
          "  SELECT m.person_id FROM directory.council_member m JOIN directory.council c ON c.id = m.council_id"
          "  JOIN scope ON c.org_id = scope.id WHERE daterange(c.term_from, c.term_until, '[]') @> $3::date) "
          "SELECT ",
          kPersonColumns,
          ", p.name_folded, p.id::text FROM directory.person p "
          "WHERE ($1 = '' OR p.id IN (SELECT person_id FROM holders)) AND ($4 = '' OR p.name_folded LIKE $5) "
          "AND ($7 = '' OR (p.name_folded, p.id) > ($6, NULLIF($7, '')::bigint)) "
          "ORDER BY p.name_folded, p.id LIMIT $8"),
      org_id, subtree, as_of, name_folded, ContainsPattern(name_folded), AfterKey(page), AfterId(page), page.size + 1);
  return KeysetPage<tdkt::v1::Person>(rows, page, [&](const pqxx::row& row) { return PersonFromRow(row, cipher_); });
}

absl::StatusOr<tdkt::v1::Person> PersonStore::Create(Tx& tx, const tdkt::v1::Person& person,
                                                     const std::string& password_hash, PersonExtras extras) const {
  TDKT_ASSIGN_OR_RETURN(const std::string id_number, SealOrEmpty("id_number", person.id_number()));
  TDKT_ASSIGN_OR_RETURN(const std::string email, SealOrEmpty("email", person.email()));
  TDKT_ASSIGN_OR_RETURN(const std::string phone, SealOrEmpty("phone", person.phone()));
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("INSERT INTO directory.person AS p (full_name, name_folded, username, id_number_enc, email_enc, "
                   "phone_enc, password_hash, gender, birth_year, active, service_account) VALUES ($1, $2, "
                   "NULLIF($3, ''), decode(NULLIF($4, ''), 'hex'), decode(NULLIF($5, ''), 'hex'), "
                   "decode(NULLIF($6, ''), 'hex'), NULLIF($7, ''), $8, NULLIF($9, 0), $10, $11) RETURNING ",
                   kPersonColumns),
      person.full_name(), FoldForSearch(person.full_name()), person.username(), id_number, email, phone, password_hash,
      extras.gender, extras.birth_year, person.active(), person.service_account());
  return PersonFromRow(rows[0], cipher_);
}

absl::StatusOr<tdkt::v1::Person> PersonStore::Update(Tx& tx, const tdkt::v1::Person& person, int64_t expected_version,
                                                     std::optional<PersonExtras> extras) const {
  TDKT_ASSIGN_OR_RETURN(const std::string id_number, SealOrEmpty("id_number", person.id_number()));
  TDKT_ASSIGN_OR_RETURN(const std::string email, SealOrEmpty("email", person.email()));
  TDKT_ASSIGN_OR_RETURN(const std::string phone, SealOrEmpty("phone", person.phone()));
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("UPDATE directory.person p SET full_name = $3, name_folded = $4, username = NULLIF($5, ''), "
                   "id_number_enc = decode(NULLIF($6, ''), 'hex'), email_enc = decode(NULLIF($7, ''), 'hex'), "
                   "phone_enc = decode(NULLIF($8, ''), 'hex'), "
                   "gender = CASE WHEN $9 THEN $10 ELSE p.gender END, "
                   "birth_year = CASE WHEN $9 THEN NULLIF($11, 0) ELSE p.birth_year END, "
                   "active = $12, service_account = $13, version = p.version + 1, updated_at = now() "
                   "WHERE p.id = $1::bigint AND p.version = $2 RETURNING ",
                   kPersonColumns),
      person.id(), expected_version, person.full_name(), FoldForSearch(person.full_name()), person.username(),
      id_number, email, phone, extras.has_value(), extras ? extras->gender : 0,
      extras ? extras->birth_year : 0, person.active(), person.service_account());
  if (!rows.empty()) return PersonFromRow(rows[0], cipher_);
  const pqxx::result exists =
      tx.work().exec_params("SELECT version FROM directory.person WHERE id = $1::bigint", person.id());
  if (exists.empty()) return NotFound();
  return VersionConflict(exists[0][0].as<int64_t>(), expected_version);
}

absl::StatusOr<std::string> PersonStore::SealOrEmpty(const std::string& field, const std::string& plain) const {
  if (plain.empty()) return std::string();
  if (cipher_ == nullptr) {
    return absl::FailedPreconditionError(
        "Chưa cấu hình khóa mã hóa dữ liệu cá nhân (--pii-key / TDKT_PII_KEY not set)");
  }
  return base::HexOf(cipher_->Seal(field, plain));
}

}  // namespace tdkt::directory
