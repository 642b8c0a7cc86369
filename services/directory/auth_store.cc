// AuthStore (auth_store.h). Instants travel as Unix microseconds.
#include "services/directory/auth_store.h"

#include <pqxx/binarystring>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "services/common/proto_conversions.h"
#include "services/directory/store_rows.h"

namespace tdkt::directory {
namespace {

// SQL for "the timestamptz of Unix microseconds $n".
std::string At(int n) { return absl::StrCat("('epoch'::timestamptz + $", n, "::bigint * interval '1 microsecond')"); }
std::string Micros(const char* column) { return absl::StrCat("(extract(epoch from ", column, ") * 1000000)::bigint"); }

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }

std::string SubjectHash(const ThrottleSubject& subject) {
  return base::Sha256(absl::StrCat(subject.kind, std::string(1, '\0'), subject.key));
}

}  // namespace

absl::Status AuthStore::LockSigningKeys(Tx& tx) const {
  tx.work().exec("SELECT pg_advisory_xact_lock(hashtextextended('directory.signing_key', 0))");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredSigningKey>> AuthStore::ListSigningKeys(Tx& tx, absl::Time retired_after) const {
  const pqxx::result rows =
      tx.work().exec_params(absl::StrCat("SELECT key_id, seed_enc, ", Micros("not_before"), ", ", Micros("not_after"),
                                         " FROM directory.signing_key WHERE not_after IS NULL OR not_after > ", At(1),
                                         " ORDER BY not_after IS NOT NULL, not_before DESC"),
                            ToMicros(retired_after));
  std::vector<StoredSigningKey> keys;
  for (const auto& row : rows) {
    StoredSigningKey key;
    key.key_id = row[0].as<std::string>();
    key.sealed_seed = pqxx::binarystring(row[1]).str();
    key.not_before = absl::FromUnixMicros(row[2].as<int64_t>());
    if (!row[3].is_null()) key.not_after = absl::FromUnixMicros(row[3].as<int64_t>());
    keys.push_back(std::move(key));
  }
  return keys;
}

absl::Status AuthStore::RetireSigningKey(Tx& tx, const std::string& key_id, absl::Time at) const {
  tx.work().exec_params(
      absl::StrCat("UPDATE directory.signing_key SET not_after = ", At(2), " WHERE key_id = $1 AND not_after IS NULL"),
      key_id, ToMicros(at));
  return absl::OkStatus();
}

absl::Status AuthStore::InsertSigningKey(Tx& tx, const StoredSigningKey& key) const {
  tx.work().exec_params(
      absl::StrCat("INSERT INTO directory.signing_key (key_id, seed_enc, not_before) VALUES ($1, $2, ", At(3), ")"),
      key.key_id, pqxx::binarystring(key.sealed_seed), ToMicros(key.not_before));
  return absl::OkStatus();
}

namespace {

LoginRecord LoginFromRow(const pqxx::row& row) {
  return LoginRecord{row[0].as<std::string>(), row[3].is_null() ? "" : row[3].as<std::string>(),
                     row[1].is_null() ? "" : row[1].as<std::string>(), row[2].as<bool>(), row[4].as<bool>()};
}

}  // namespace

absl::StatusOr<std::optional<LoginRecord>> AuthStore::LoginRecordByUsername(Tx& tx, const std::string& username) const {
  const pqxx::result rows = tx.work().exec_params(
      "SELECT id::text, password_hash, active, username, service_account FROM directory.person WHERE username = $1",
      username);
  if (rows.empty()) return std::optional<LoginRecord>();
  return std::optional<LoginRecord>(LoginFromRow(rows[0]));
}

absl::StatusOr<LoginRecord> AuthStore::LoginRecordById(Tx& tx, const std::string& person_id) const {
  const pqxx::result rows = tx.work().exec_params(
      "SELECT id::text, password_hash, active, username, service_account FROM directory.person WHERE id = $1::bigint",
      person_id);
  if (rows.empty()) return absl::NotFoundError("Không tìm thấy người dùng (person not found)");
  return LoginFromRow(rows[0]);
}

absl::Status AuthStore::SetPasswordHash(Tx& tx, const std::string& person_id, const std::string& password_hash) const {
  const pqxx::result rows = tx.work().exec_params(
      "UPDATE directory.person SET password_hash = $2, version = version + 1, updated_at = now() "
      "WHERE id = $1::bigint RETURNING id",
      person_id, password_hash);
  if (rows.empty()) return absl::NotFoundError("Không tìm thấy người dùng (person not found)");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AuthStore::PeopleWithoutPassword(Tx& tx) const {
  const pqxx::result rows = tx.work().exec(
      "SELECT id::text, username FROM directory.person WHERE password_hash IS NULL AND username IS NOT NULL "
      "AND active ORDER BY id");
  std::vector<std::pair<std::string, std::string>> people;
  for (const auto& row : rows) people.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  return people;
}

absl::StatusOr<std::vector<workflow::RoleGrant>> AuthStore::GrantsOn(Tx& tx, const std::string& person_id,
                                                                     const std::string& date) const {
  // tdkt.v1.Role numbers: 1 SUBMITTER … 6 ADMIN; 0 stands for "every organisation" (system administrator).
  const pqxx::result rows = tx.work().exec_params(
      "SELECT role, org_id::text FROM directory.role_assignment "
      " WHERE person_id = $1::bigint AND daterange(valid_from, valid_until, '[]') @> $2::date "
      "UNION "
      "SELECT CASE WHEN m.position = 1 THEN 4 ELSE 3 END, c.org_id::text "
      "  FROM directory.council_member m JOIN directory.council c ON c.id = m.council_id "
      " WHERE m.person_id = $1::bigint AND (m.position = 1 OR m.voting) "
      "   AND daterange(c.term_from, c.term_until, '[]') @> $2::date "
      "UNION "
      "SELECT 6, '*' FROM directory.system_admin WHERE person_id = $1::bigint "
      "ORDER BY 1, 2",
      person_id, date);
  std::vector<workflow::RoleGrant> grants;
  for (const auto& row : rows) {
    const std::optional<workflow::Role> role = common::RoleFromProto(row[0].as<int>());
    if (role.has_value()) grants.push_back({*role, row[1].as<std::string>()});
  }
  return grants;
}

absl::Status AuthStore::AddSystemAdmin(Tx& tx, const std::string& person_id) const {
  tx.work().exec_params("INSERT INTO directory.system_admin (person_id) VALUES ($1::bigint) ON CONFLICT DO NOTHING",
                        person_id);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ThrottleState>> AuthStore::LoadThrottle(Tx& tx, const ThrottleSubject& subject) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT failures, ", Micros("window_start"), ", ", Micros("locked_until"),
                   ", lockouts FROM directory.login_throttle WHERE kind = $1 AND subject_hash = $2 FOR UPDATE"),
      subject.kind, pqxx::binarystring(SubjectHash(subject)));
  if (rows.empty()) return std::optional<ThrottleState>();
  ThrottleState state;
  state.failures = rows[0][0].as<int>();
  state.window_start = absl::FromUnixMicros(rows[0][1].as<int64_t>());
  if (!rows[0][2].is_null()) state.locked_until = absl::FromUnixMicros(rows[0][2].as<int64_t>());
  state.lockouts = rows[0][3].as<int>();
  return std::optional<ThrottleState>(state);
}

absl::Status AuthStore::SaveThrottle(Tx& tx, const ThrottleSubject& subject, const ThrottleState& state) const {
  tx.work().exec_params(
      absl::StrCat("INSERT INTO directory.login_throttle (kind, subject_hash, failures, window_start, locked_until, "
                   "lockouts) VALUES ($1, $2, $3, ",
                   At(4), ", CASE WHEN $7 THEN ", At(5),
                   " END, $6) "
                   "ON CONFLICT (kind, subject_hash) DO UPDATE SET failures = EXCLUDED.failures, "
                   "window_start = EXCLUDED.window_start, locked_until = EXCLUDED.locked_until, "
                   "lockouts = EXCLUDED.lockouts"),
      subject.kind, pqxx::binarystring(SubjectHash(subject)), state.failures, ToMicros(state.window_start),
      ToMicros(state.locked_until.value_or(absl::UnixEpoch())), state.lockouts, state.locked_until.has_value());
  return absl::OkStatus();
}

absl::Status AuthStore::ClearThrottle(Tx& tx, const ThrottleSubject& subject) const {
  tx.work().exec_params("DELETE FROM directory.login_throttle WHERE kind = $1 AND subject_hash = $2", subject.kind,
                        pqxx::binarystring(SubjectHash(subject)));
  return absl::OkStatus();
}

absl::StatusOr<std::string> AuthStore::InsertRefreshToken(Tx& tx, const std::string& token_hash,
                                                          const std::string& family_id, const std::string& person_id,
                                                          const std::string& access_token_id, absl::Time issued_at,
                                                          absl::Time expires_at) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat(
          "WITH next AS (SELECT nextval(pg_get_serial_sequence('directory.refresh_token', 'id')) AS id) "
          "INSERT INTO directory.refresh_token "
          "(id, token_hash, family_id, person_id, access_token_id, issued_at, expires_at) OVERRIDING SYSTEM VALUE "
          "SELECT next.id, $1, coalesce(NULLIF($2, '')::bigint, next.id), $3::bigint, $6, ",
          At(4), ", ", At(5), " FROM next RETURNING id::text"),
      pqxx::binarystring(token_hash), family_id, person_id, ToMicros(issued_at), ToMicros(expires_at), access_token_id);
  return rows[0][0].as<std::string>();
}

absl::StatusOr<std::optional<RefreshTokenRecord>> AuthStore::FindRefreshToken(Tx& tx,
                                                                              const std::string& token_hash) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT id::text, family_id::text, person_id::text, ", Micros("expires_at"),
                   ", revoked_at IS NOT NULL FROM directory.refresh_token WHERE token_hash = $1 FOR UPDATE"),
      pqxx::binarystring(token_hash));
  if (rows.empty()) return std::optional<RefreshTokenRecord>();
  return std::optional<RefreshTokenRecord>(
      RefreshTokenRecord{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(), rows[0][2].as<std::string>(),
                         absl::FromUnixMicros(rows[0][3].as<int64_t>()), rows[0][4].as<bool>()});
}

absl::Status AuthStore::ReplaceRefreshToken(Tx& tx, const std::string& id, const std::string& replaced_by,
                                            absl::Time at) const {
  tx.work().exec_params(absl::StrCat("UPDATE directory.refresh_token SET revoked_at = ", At(3),
                                     ", replaced_by = $2::bigint WHERE id = $1::bigint"),
                        id, replaced_by, ToMicros(at));
  return absl::OkStatus();
}

absl::Status AuthStore::RevokeRefreshFamily(Tx& tx, const std::string& family_id, absl::Time at) const {
  tx.work().exec_params(absl::StrCat("UPDATE directory.refresh_token SET revoked_at = ", At(2),
                                     " WHERE family_id = $1::bigint AND revoked_at IS NULL"),
                        family_id, ToMicros(at));
  return absl::OkStatus();
}

absl::Status AuthStore::RevokePersonRefreshTokens(Tx& tx, const std::string& person_id,
                                                  const std::string& keep_access_token_id, absl::Time at) const {
  tx.work().exec_params(
      absl::StrCat("UPDATE directory.refresh_token SET revoked_at = ", At(3),
                   " WHERE person_id = $1::bigint AND revoked_at IS NULL AND family_id IS DISTINCT FROM "
                   "(SELECT family_id FROM directory.refresh_token WHERE person_id = $1::bigint "
                   "AND access_token_id = $2 AND $2 <> '' LIMIT 1)"),
      person_id, keep_access_token_id, ToMicros(at));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> AuthStore::PurgeExpiredLoginState(Tx& tx, absl::Time now) const {
  // One statement per table: replaced_by points inside the family, and NO ACTION foreign keys are checked at
  // the end of the statement, when the whole family is gone.
  const pqxx::result tokens = tx.work().exec_params(
      absl::StrCat("DELETE FROM directory.refresh_token WHERE family_id IN (SELECT family_id FROM "
                   "directory.refresh_token GROUP BY family_id HAVING max(expires_at) < ",
                   At(1), ")"),
      ToMicros(now));
  const pqxx::result throttles =
      tx.work().exec_params(absl::StrCat("DELETE FROM directory.login_throttle WHERE window_start < ", At(1),
                                         " - interval '1 day' "
                                         "AND (locked_until IS NULL OR locked_until < ",
                                         At(1), ")"),
                            ToMicros(now));
  return static_cast<int64_t>(tokens.affected_rows() + throttles.affected_rows());
}

}  // namespace tdkt::directory
