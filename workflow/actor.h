#pragma once
// Who acts: organisation levels, roles, and the authenticated actor as the workflow core sees it.
#include <string>
#include <vector>

namespace tdkt::workflow {

// The administrative level of an organisation. kCentral stands for every body above the province
// (Bộ Nội vụ, the Prime Minister, the President): awards decided there leave tdkt and come back as outcomes.
enum class OrgLevel { kUnit, kCommune, kDistrict, kProvince, kCentral };

enum class Role {
  kSubmitter,      // a unit's officer who prepares and submits dossiers
  kAppraiser,      // an officer of a level's standing body (thẩm định)
  kCouncilMember,  // votes in the level's council
  kCouncilChair,   // chairs the council; receives escalations
  kDecider,        // the chairman who signs decisions (cấp có thẩm quyền)
  kAdmin,          // administers an organisation subtree
};

// A role held at one organisation.
struct RoleGrant {
  Role role;
  std::string org_id;
};

// The authenticated person acting, with the roles they hold today.
struct Actor {
  std::string person_id;
  std::vector<RoleGrant> grants;
};

}  // namespace tdkt::workflow
