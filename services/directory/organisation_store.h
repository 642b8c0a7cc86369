#pragma once
// OrganisationStore: organisations in time (directory.organisation), SQL only — no authorisation, no
// validation beyond what the database enforces. Validity is the inclusive range [valid_from, valid_until];
// a row's parent never changes dates, so trees "as of a date" are recursive walks filtered by that range.
// Ids travel as decimal strings, dates as "YYYY-MM-DD" ("" = any date where noted).
//
//   TDKT_ASSIGN_OR_RETURN(Organization org, stores.organisations.Find(tx, OrgKey::ByCode("PT"), "2024-05-01"));
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/directory/directory_db.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

struct OrgKey {
  std::string id;  // one of the two
  std::string code;
  static OrgKey ById(std::string id) { return {std::move(id), ""}; }
  static OrgKey ByCode(std::string code) { return {"", std::move(code)}; }
};

class OrganisationStore {
 public:
  // By id whatever its validity (as_of empty) or valid on as_of; by code, the one valid on as_of.
  absl::StatusOr<tdkt::v1::Organization> Find(Tx& tx, const OrgKey& key, const std::string& as_of) const;
  // Children valid on as_of, by code.
  absl::StatusOr<Listed<tdkt::v1::Organization>> ListChildren(Tx& tx, const std::string& parent_id,
                                                              const std::string& as_of, const common::Page& page) const;
  // Parent first, up to the root, valid on as_of.
  absl::StatusOr<std::vector<tdkt::v1::Organization>> ListAncestors(Tx& tx, const std::string& org_id,
                                                                    const std::string& as_of) const;
  // The root and everything below it valid on as_of, depth first (parents before children, by code among
  // siblings); level 0 = every level.
  absl::StatusOr<Listed<tdkt::v1::Organization>> ListSubtree(Tx& tx, const std::string& root_id,
                                                             const std::string& as_of, int level,
                                                             const common::Page& page) const;
  // The organisation and every ancestor along parent_id, whatever their dates (for authorisation).
  absl::StatusOr<std::vector<std::string>> Chain(Tx& tx, const std::string& org_id) const;
  absl::StatusOr<tdkt::v1::Organization> Create(Tx& tx, const tdkt::v1::Organization& org) const;
  // ABORTED when the stored version is not expected_version.
  absl::StatusOr<tdkt::v1::Organization> Update(Tx& tx, const tdkt::v1::Organization& org,
                                                int64_t expected_version) const;
  // The organisation with `code` valid on `date` (for CSV rows), or nullopt.
  absl::StatusOr<std::optional<tdkt::v1::Organization>> ByCodeOn(Tx& tx, const std::string& code,
                                                                 const std::string& date) const;
  // The organisation with `code` that starts exactly on `valid_from` (the CSV import's identity of a row).
  absl::StatusOr<std::optional<tdkt::v1::Organization>> ByCodeFrom(Tx& tx, const std::string& code,
                                                                   const std::string& valid_from) const;
};

}  // namespace tdkt::directory
