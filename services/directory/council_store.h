#pragma once
// CouncilStore: councils (directory.council) and their member lists (directory.council_member, replaced as a
// whole on update), SQL only. One council per organisation at a time (exclusion constraint on the terms).
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/directory/directory_db.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

class CouncilStore {
 public:
  // With its members in their order.
  absl::StatusOr<tdkt::v1::Council> Get(Tx& tx, const std::string& council_id) const;
  // as_of "": every term, newest first; else the council whose term covers as_of.
  absl::StatusOr<Listed<tdkt::v1::Council>> List(Tx& tx, const std::string& org_id, const std::string& as_of,
                                                 const common::Page& page) const;
  absl::StatusOr<tdkt::v1::Council> Create(Tx& tx, const tdkt::v1::Council& council) const;
  // ABORTED on a stale expected_version.
  absl::StatusOr<tdkt::v1::Council> Update(Tx& tx, const tdkt::v1::Council& council, int64_t expected_version) const;
  // The council of org_id whose term starts on term_from, if any (CSV import).
  absl::StatusOr<std::optional<std::string>> IdByTerm(Tx& tx, const std::string& org_id,
                                                      const std::string& term_from) const;
};

}  // namespace tdkt::directory
