#pragma once
// AuthStore: what login and tokens keep (directory.signing_key, the login columns of directory.person,
// directory.system_admin, directory.login_throttle, directory.refresh_token), SQL only. Instants come from
// the service's clock (never now()), so that a fake clock and the database agree on what has expired.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/directory/directory_db.h"
#include "services/directory/login_throttle.h"
#include "workflow/actor.h"

namespace tdkt::directory {

// A signing key as stored: the seed sealed with the PII cipher (field "signing_key_seed").
struct StoredSigningKey {
  std::string key_id;
  std::string sealed_seed;
  absl::Time not_before;
  std::optional<absl::Time> not_after;  // nullopt = the current key
};

// What login needs of a person.
struct LoginRecord {
  std::string person_id;
  std::string username;
  std::string password_hash;  // "" = cannot log in
  bool active = false;
  bool service_account = false;  // its tokens carry "svc" = username
};

struct RefreshTokenRecord {
  std::string id;
  std::string family_id;
  std::string person_id;
  absl::Time expires_at;
  bool revoked = false;
};

class AuthStore {
 public:
  // ---- signing keys ----
  // Serialises key creation and rotation across replicas (transaction-scoped advisory lock).
  absl::Status LockSigningKeys(Tx& tx) const;
  // The current key and every retired key whose not_after is after `retired_after`, newest first.
  absl::StatusOr<std::vector<StoredSigningKey>> ListSigningKeys(Tx& tx, absl::Time retired_after) const;
  absl::Status RetireSigningKey(Tx& tx, const std::string& key_id, absl::Time at) const;
  absl::Status InsertSigningKey(Tx& tx, const StoredSigningKey& key) const;

  // ---- login records ----
  absl::StatusOr<std::optional<LoginRecord>> LoginRecordByUsername(Tx& tx, const std::string& username) const;
  absl::StatusOr<LoginRecord> LoginRecordById(Tx& tx, const std::string& person_id) const;
  absl::Status SetPasswordHash(Tx& tx, const std::string& person_id, const std::string& password_hash) const;
  // (person id, username) of active people with a username and no password.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PeopleWithoutPassword(Tx& tx) const;
  // The grants valid on `date`: role assignments, council seats (chair → COUNCIL_CHAIR, voting members →
  // COUNCIL_MEMBER) and, for the system administrator, ADMIN at "*". Sorted, without duplicates.
  absl::StatusOr<std::vector<workflow::RoleGrant>> GrantsOn(Tx& tx, const std::string& person_id,
                                                            const std::string& date) const;
  absl::Status AddSystemAdmin(Tx& tx, const std::string& person_id) const;

  // ---- throttle ----
  // The subject's state (login_throttle.h), locked FOR UPDATE.
  absl::StatusOr<std::optional<ThrottleState>> LoadThrottle(Tx& tx, const ThrottleSubject& subject) const;
  absl::Status SaveThrottle(Tx& tx, const ThrottleSubject& subject, const ThrottleState& state) const;
  absl::Status ClearThrottle(Tx& tx, const ThrottleSubject& subject) const;

  // ---- refresh tokens ----
  // family_id "" starts a new family (the token's own id); access_token_id is the jti of the access token
  // issued with it (which session a later ChangePassword comes from). Returns the new token's id.
  absl::StatusOr<std::string> InsertRefreshToken(Tx& tx, const std::string& token_hash, const std::string& family_id,
                                                 const std::string& person_id, const std::string& access_token_id,
                                                 absl::Time issued_at, absl::Time expires_at) const;
  // By SHA-256, locked FOR UPDATE.
  absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(Tx& tx, const std::string& token_hash) const;
  absl::Status ReplaceRefreshToken(Tx& tx, const std::string& id, const std::string& replaced_by, absl::Time at) const;
  absl::Status RevokeRefreshFamily(Tx& tx, const std::string& family_id, absl::Time at) const;
  // Every unrevoked token of the person except the family of the session that was issued the access token
  // `keep_access_token_id` ("" or unknown = none kept).
  absl::Status RevokePersonRefreshTokens(Tx& tx, const std::string& person_id, const std::string& keep_access_token_id,
                                         absl::Time at) const;

  // Deletes refresh-token families whose every token expired before `now` and throttle rows neither locked nor
  // counting since a day before `now`. Returns the number of rows deleted.
  absl::StatusOr<int64_t> PurgeExpiredLoginState(Tx& tx, absl::Time now) const;
};

}  // namespace tdkt::directory
