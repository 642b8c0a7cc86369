#pragma once
// OrgDirectory: what the dossier service needs to know about organisations and councils, as of a date. The
// production implementation asks the directory service over gRPC (grpc_org_directory.h), behind a cache
// (caching_org_directory.h); tests use an in-memory tree (tests/integration/services/dossier/support/).
//
//   TDKT_ASSIGN_OR_RETURN(std::vector<std::string> up, directory.Ancestors(holder, today));  // parent first
//   TDKT_ASSIGN_OR_RETURN(std::string province, directory.AncestorAtLevel(holder, OrgLevel::kProvince, today));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/actor.h"

namespace tdkt::dossier {

class OrgDirectory {
 public:
  virtual ~OrgDirectory() = default;

  // The ancestors of `org_id` valid on `as_of`, parent first, root last; NOT_FOUND for an unknown organisation;
  // UNAVAILABLE when the directory cannot be asked.
  virtual absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The administrative level of `org_id`; NOT_FOUND when unknown.
  virtual absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The person ids of the voting members of the council of `org_id` on `as_of`; NOT_FOUND (FAILED_PRECONDITION
  // in the caller) when the organisation has no council.
  virtual absl::StatusOr<std::vector<std::string>> CouncilMembers(const std::string& org_id,
                                                                 absl::CivilDay as_of) const = 0;

  // The ancestor of `org_id` at `level` (NOT_FOUND when there is none). Built on the two lookups above.
  absl::StatusOr<std::string> AncestorAtLevel(const std::string& org_id, workflow::OrgLevel level,
                                              absl::CivilDay as_of) const;
};

}  // namespace tdkt::dossier
