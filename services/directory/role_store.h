#pragma once
// RoleStore: dated role assignments (directory.role_assignment), SQL only. The exclusion constraint forbids
// overlapping periods of one role of one person at one organisation (ALREADY_EXISTS).
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/directory/directory_db.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

class RoleStore {
 public:
  // At org_id and/or of person_id ("" = any), valid on as_of ("" = any date); ordered by organisation,
  // person, role, start.
  absl::StatusOr<Listed<tdkt::v1::RoleAssignment>> List(Tx& tx, const std::string& org_id, const std::string& person_id,
                                                        const std::string& as_of, const common::Page& page) const;
  absl::StatusOr<tdkt::v1::RoleAssignment> Get(Tx& tx, const std::string& id) const;
  absl::StatusOr<tdkt::v1::RoleAssignment> Create(Tx& tx, const tdkt::v1::RoleAssignment& assignment) const;
  // The dates of `dates` (valid_from, valid_until when present) on assignment `id`; ABORTED on a stale
  // expected_version.
  absl::StatusOr<tdkt::v1::RoleAssignment> Update(Tx& tx, const std::string& id, int64_t expected_version,
                                                  const tdkt::v1::RoleAssignment& dates) const;
  // The assignment (person, org, role) starting on valid_from, if any (CSV import).
  absl::StatusOr<std::optional<tdkt::v1::RoleAssignment>> FindSame(Tx& tx,
                                                                   const tdkt::v1::RoleAssignment& assignment) const;
};

}  // namespace tdkt::directory
