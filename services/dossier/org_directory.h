#pragma once
// OrgDirectory: what the dossier service needs to know about organisations, councils and people, as of a date.
// The production implementation asks the directory service over gRPC (grpc_org_directory.h), behind a cache
// (caching_org_directory.h); tests use an in-memory tree (tests/integration/services/dossier/support/).
//
//   TDKT_ASSIGN_OR_RETURN(std::vector<std::string> up, directory.Ancestors(holder, today));  // parent first
//   TDKT_ASSIGN_OR_RETURN(std::string province, directory.AncestorAtLevel(holder, OrgLevel::kProvince, today));
//   TDKT_ASSIGN_OR_RETURN(CouncilRoster council, directory.CouncilMembers(holder, today));
//   TDKT_ASSIGN_OR_RETURN(std::string name, directory.PersonName(actor_id));  // for the history, never for logs
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/actor.h"

namespace tdkt::dossier {

// One voting member of a council, with the full name the council's roster gives.
struct CouncilSeat {
  std::string person_id;
  std::string full_name;
};

// The council of an organisation on a day: the directory's council id and its voting members.
struct CouncilRoster {
  std::string council_id;
  std::vector<CouncilSeat> voting_members;
};

class OrgDirectory {
 public:
  virtual ~OrgDirectory() = default;

  // The ancestors of `org_id` valid on `as_of`, parent first, root last; NOT_FOUND for an unknown organisation;
  // UNAVAILABLE when the directory cannot be asked.
  virtual absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The administrative level of `org_id`; NOT_FOUND when unknown.
  virtual absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The council of `org_id` on `as_of` with its voting members; NOT_FOUND (FAILED_PRECONDITION in the caller)
  // when the organisation has no council.
  virtual absl::StatusOr<CouncilRoster> CouncilMembers(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The official Vietnamese name of `org_id` on `as_of` (organisations are public); NOT_FOUND when unknown.
  virtual absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const = 0;

  // The full name of the person `person_id` as the directory has it now (personal data: for the history the
  // dossier records, never for logs); NOT_FOUND when unknown.
  virtual absl::StatusOr<std::string> PersonName(const std::string& person_id) const = 0;

  // The ancestor of `org_id` at `level` (NOT_FOUND when there is none). Built on the two lookups above.
  absl::StatusOr<std::string> AncestorAtLevel(const std::string& org_id, workflow::OrgLevel level,
                                              absl::CivilDay as_of) const;
};

}  // namespace tdkt::dossier
