#pragma once
// PersonStore: people (directory.person), SQL only. Personal data (ID number, email, phone) is sealed with the
// PII cipher before it is written and opened after it is read; the search key is the folded name, so the
// name itself is never compared in SQL.
//
//   TDKT_ASSIGN_OR_RETURN(tdkt::v1::Person person, stores.people.Get(tx, person_id));
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/directory/directory_db.h"
#include "services/directory/person_standing.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

class PiiCipher;

// Extra person fields the API does not carry (CSV import only).
struct PersonExtras {
  int gender = 0;      // 0 unknown, 1 female, 2 male
  int birth_year = 0;  // 0 = unknown
};

class PersonStore {
 public:
  // `cipher` may be null: personal data can then be neither written (FAILED_PRECONDITION) nor read (redacted).
  explicit PersonStore(const PiiCipher* cipher) : cipher_(cipher) {}

  // Personal data filled in (decrypted) when the cipher is configured; the caller redacts.
  absl::StatusOr<tdkt::v1::Person> Get(Tx& tx, const std::string& person_id) const;
  absl::StatusOr<std::optional<tdkt::v1::Person>> ByUsername(Tx& tx, const std::string& username) const;
  // Organisations where the person holds a role or a council seat (any date), with all their ancestors.
  absl::StatusOr<std::vector<std::string>> OrganisationsWithAncestors(Tx& tx, const std::string& person_id) const;
  // Who may change the person (person_standing.h): grants valid on `today` ("YYYY-MM-DD") or later, with
  // their organisation chains, and the account kinds. NOT_FOUND for an unknown person.
  absl::StatusOr<PersonStanding> Standing(Tx& tx, const std::string& person_id, const std::string& today) const;
  // People with a role or council seat at org_id (or its subtree) valid on as_of; every person when org_id
  // is empty. name_folded: FoldForSearch of the query, "" = no filter. Ordered by folded name, then id.
  absl::StatusOr<Listed<tdkt::v1::Person>> List(Tx& tx, const std::string& org_id, bool subtree,
                                                const std::string& name_folded, const std::string& as_of,
                                                const common::Page& page) const;
  // password_hash: "" = none. A password changes afterwards only through AuthStore::SetPasswordHash (the
  // person's own ChangePassword, an administrator's SetPersonPassword, the operator's tool), never Update.
  absl::StatusOr<tdkt::v1::Person> Create(Tx& tx, const tdkt::v1::Person& person, const std::string& password_hash,
                                          PersonExtras extras = {}) const;
  // ABORTED on a stale expected_version.
  absl::StatusOr<tdkt::v1::Person> Update(Tx& tx, const tdkt::v1::Person& person, int64_t expected_version,
                                          std::optional<PersonExtras> extras = std::nullopt) const;

 private:
  // Hex of the sealed value, "" for an empty one.
  absl::StatusOr<std::string> SealOrEmpty(const std::string& field, const std::string& plain) const;

  const PiiCipher* cipher_;
};

}  // namespace tdkt::directory
