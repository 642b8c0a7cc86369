#pragma once
// DirectoryStore: the directory's SQL (schema `directory`), nothing else — no authorisation, no validation
// beyond what the database enforces. Every method runs inside a transaction opened by InTransaction, so that a
// service call (idempotency check, authorisation reads, the change, the stored response) commits as one.
// libpqxx exceptions never leave: they become absl::Status (PgErrorToStatus; constraint violations map to
// INVALID_ARGUMENT / ALREADY_EXISTS with messages that never echo row values, which may be personal data).
//
//   DirectoryStore store(pool.get(), &cipher);
//   absl::Status status = store.InTransaction([&](DirectoryStore::Tx& tx) -> absl::Status {
//     TDKT_ASSIGN_OR_RETURN(Organization org, store.FindOrganization(tx, {.code = "PT"}, "2024-05-01"));
//     …
//   });
//
// Ids travel as decimal strings (the API's opaque ids); dates as "YYYY-MM-DD", "" = open-ended.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/directory/login_throttle.h"
#include "tdkt/v1/directory.pb.h"
#include "workflow/actor.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::directory {

class PiiCipher;

struct Page {
  int offset = 0;
  int limit = 50;  // the store returns up to limit + 1 rows so that the caller knows whether more follow
};

struct OrgKey {
  std::string id;    // one of the two
  std::string code;
  static OrgKey ById(std::string id) { return {std::move(id), ""}; }
};

// Extra person fields the API does not carry (CSV import only).
struct PersonExtras {
  int gender = 0;  // 0 unknown, 1 female, 2 male
  int birth_year = 0;  // 0 = unknown
};

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

class DirectoryStore {
 public:
  class Tx;  // a transaction in progress (defined in store_tx.h, which only the store's .cc files include)

  // `cipher` may be null: personal data can then be neither written (FAILED_PRECONDITION) nor read (redacted).
  DirectoryStore(common::PgPool* pool, const PiiCipher* cipher) : pool_(pool), cipher_(cipher) {}

  absl::Status InTransaction(const std::function<absl::Status(Tx&)>& body);

  // Runs `body` inside a savepoint: on an error (status or constraint violation) only its changes are undone
  // and the transaction stays usable; with `discard` they are undone even on success (dry runs).
  absl::Status Savepoint(Tx& tx, const std::function<absl::Status()>& body, bool discard = false);

  // ---- idempotency ----
  // Serialises concurrent calls with one request id (advisory lock), then: the stored response when this id
  // was used for the same method and request hash; ALREADY_EXISTS when it was used for another; nullopt when
  // it is new.
  absl::StatusOr<std::optional<std::string>> BeginIdempotent(Tx& tx, const std::string& request_id,
                                                             const std::string& method, const std::string& hash);
  absl::Status FinishIdempotent(Tx& tx, const std::string& request_id, const std::string& method,
                                const std::string& hash, const std::string& response);

  // ---- organisations ----
  // By id whatever its validity (as_of empty) or valid on as_of; by code, the one valid on as_of.
  absl::StatusOr<tdkt::v1::Organization> FindOrganization(Tx& tx, const OrgKey& key, const std::string& as_of);
  absl::StatusOr<std::vector<tdkt::v1::Organization>> ListChildOrganizations(Tx& tx, const std::string& parent_id,
                                                                             const std::string& as_of, Page page);
  absl::StatusOr<std::vector<tdkt::v1::Organization>> ListAncestorOrganizations(Tx& tx, const std::string& org_id,
                                                                                const std::string& as_of);
  absl::StatusOr<std::vector<tdkt::v1::Organization>> ListSubtreeOrganizations(Tx& tx, const std::string& root_id,
                                                                               const std::string& as_of, int level,
                                                                               Page page);
  // The organisation and every ancestor along parent_id, whatever their dates (for authorisation).
  absl::StatusOr<std::vector<std::string>> OrganisationChain(Tx& tx, const std::string& org_id);
  absl::StatusOr<tdkt::v1::Organization> CreateOrganization(Tx& tx, const tdkt::v1::Organization& org);
  absl::StatusOr<tdkt::v1::Organization> UpdateOrganization(Tx& tx, const tdkt::v1::Organization& org,
                                                            int64_t expected_version);
  // The organisation with `code` valid on `date` (for CSV rows), or nullopt.
  absl::StatusOr<std::optional<tdkt::v1::Organization>> OrganisationByCodeOn(Tx& tx, const std::string& code,
                                                                             const std::string& date);
  // The organisation with `code` that starts exactly on `valid_from` (the CSV import's identity of a row).
  absl::StatusOr<std::optional<tdkt::v1::Organization>> OrganisationByCodeFrom(Tx& tx, const std::string& code,
                                                                               const std::string& valid_from);

  // ---- people ----
  // Personal data filled in (decrypted) when the cipher is configured; the caller redacts.
  absl::StatusOr<tdkt::v1::Person> GetPerson(Tx& tx, const std::string& person_id);
  absl::StatusOr<std::optional<tdkt::v1::Person>> PersonByUsername(Tx& tx, const std::string& username);
  // Organisations where the person holds a role or a council seat (any date), with all their ancestors.
  absl::StatusOr<std::vector<std::string>> PersonOrganisationsWithAncestors(Tx& tx, const std::string& person_id);
  // People with a role or council seat at org_id (or its subtree) valid on as_of; every person when org_id
  // is empty. name_folded: FoldForSearch of the query, "" = no filter. Ordered by folded name, then id.
  absl::StatusOr<std::vector<tdkt::v1::Person>> ListPeople(Tx& tx, const std::string& org_id, bool subtree,
                                                           const std::string& name_folded, const std::string& as_of,
                                                           Page page);
  // password_hash: "" = none (CreatePerson) / unchanged (UpdatePerson).
  absl::StatusOr<tdkt::v1::Person> CreatePerson(Tx& tx, const tdkt::v1::Person& person,
                                                const std::string& password_hash, PersonExtras extras = {});
  absl::StatusOr<tdkt::v1::Person> UpdatePerson(Tx& tx, const tdkt::v1::Person& person, int64_t expected_version,
                                                const std::string& password_hash,
                                                std::optional<PersonExtras> extras = std::nullopt);

  // ---- role assignments ----
  absl::StatusOr<std::vector<tdkt::v1::RoleAssignment>> ListRoleAssignments(Tx& tx, const std::string& org_id,
                                                                            const std::string& person_id,
                                                                            const std::string& as_of, Page page);
  absl::StatusOr<tdkt::v1::RoleAssignment> GetRoleAssignment(Tx& tx, const std::string& id);
  absl::StatusOr<tdkt::v1::RoleAssignment> CreateRoleAssignment(Tx& tx, const tdkt::v1::RoleAssignment& a);
  absl::StatusOr<tdkt::v1::RoleAssignment> UpdateRoleAssignment(Tx& tx, const std::string& id,
                                                                int64_t expected_version,
                                                                const std::string& valid_from,
                                                                const std::string& valid_until);
  // The assignment (person, org, role) starting on valid_from, if any (CSV import).
  absl::StatusOr<std::optional<tdkt::v1::RoleAssignment>> FindRoleAssignment(Tx& tx, const tdkt::v1::RoleAssignment& a);

  // ---- councils ----
  absl::StatusOr<tdkt::v1::Council> GetCouncil(Tx& tx, const std::string& council_id);
  // as_of empty: every term, newest first; else the council whose term covers as_of.
  absl::StatusOr<std::vector<tdkt::v1::Council>> ListCouncils(Tx& tx, const std::string& org_id,
                                                              const std::string& as_of, Page page);
  absl::StatusOr<tdkt::v1::Council> CreateCouncil(Tx& tx, const tdkt::v1::Council& council);
  absl::StatusOr<tdkt::v1::Council> UpdateCouncil(Tx& tx, const tdkt::v1::Council& council, int64_t expected_version);
  absl::StatusOr<std::optional<std::string>> CouncilIdByTerm(Tx& tx, const std::string& org_id,
                                                             const std::string& term_from);

  // ---- login and tokens (auth_store.cc) ----
  // Serialises key creation and rotation across replicas (transaction-scoped advisory lock).
  absl::Status LockSigningKeys(Tx& tx);
  // The current key and every retired key whose not_after is after `retired_after`, newest first.
  absl::StatusOr<std::vector<StoredSigningKey>> ListSigningKeys(Tx& tx, absl::Time retired_after);
  absl::Status RetireSigningKey(Tx& tx, const std::string& key_id, absl::Time at);
  absl::Status InsertSigningKey(Tx& tx, const StoredSigningKey& key);

  absl::StatusOr<std::optional<LoginRecord>> LoginRecordByUsername(Tx& tx, const std::string& username);
  absl::StatusOr<LoginRecord> LoginRecordById(Tx& tx, const std::string& person_id);
  absl::Status SetPasswordHash(Tx& tx, const std::string& person_id, const std::string& password_hash);
  // (person id, username) of active people with a username and no password.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PeopleWithoutPassword(Tx& tx);

  // The grants valid on `date`: role assignments, council seats (chair → COUNCIL_CHAIR, voting members →
  // COUNCIL_MEMBER) and, for the system administrator, ADMIN at "*". Sorted, without duplicates.
  absl::StatusOr<std::vector<workflow::RoleGrant>> GrantsOn(Tx& tx, const std::string& person_id,
                                                            const std::string& date);
  absl::Status AddSystemAdmin(Tx& tx, const std::string& person_id);

  // Throttle state of one subject (kind "user" or "source", subject hashed by the store), locked FOR UPDATE.
  absl::StatusOr<std::optional<ThrottleState>> LoadThrottle(Tx& tx, const std::string& kind,
                                                            const std::string& subject);
  absl::Status SaveThrottle(Tx& tx, const std::string& kind, const std::string& subject, const ThrottleState& state);
  absl::Status ClearThrottle(Tx& tx, const std::string& kind, const std::string& subject);

  // family_id "" starts a new family (the token's own id); access_token_id is the jti of the access token
  // issued with it (which session a later ChangePassword comes from). Returns the new token's id.
  absl::StatusOr<std::string> InsertRefreshToken(Tx& tx, const std::string& token_hash, const std::string& family_id,
                                                 const std::string& person_id, const std::string& access_token_id,
                                                 absl::Time issued_at, absl::Time expires_at);
  // By SHA-256, locked FOR UPDATE.
  absl::StatusOr<std::optional<RefreshTokenRecord>> FindRefreshToken(Tx& tx, const std::string& token_hash);
  absl::Status ReplaceRefreshToken(Tx& tx, const std::string& id, const std::string& replaced_by, absl::Time at);
  absl::Status RevokeRefreshFamily(Tx& tx, const std::string& family_id, absl::Time at);
  // Every unrevoked token of the person except the family of the session that was issued the access token
  // `keep_access_token_id` ("" or unknown = none kept).
  absl::Status RevokePersonRefreshTokens(Tx& tx, const std::string& person_id,
                                         const std::string& keep_access_token_id, absl::Time at);

  // Deletes refresh-token families whose every token expired before `now` and throttle rows neither locked nor
  // counting since a day before `now`. Returns the number of rows deleted.
  absl::StatusOr<int64_t> PurgeExpiredLoginState(Tx& tx, absl::Time now);

  bool has_cipher() const { return cipher_ != nullptr; }

 private:
  absl::Status WriteMembers(Tx& tx, const std::string& council_id, const tdkt::v1::Council& council);
  absl::StatusOr<std::string> SealOrEmpty(const std::string& field, const std::string& plain) const;

  common::PgPool* pool_;
  const PiiCipher* cipher_;
};

}  // namespace tdkt::directory
