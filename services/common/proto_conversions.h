#pragma once
// The API's dates and enums ↔ the workflow core's, in one place. The proto enums number from 1 with 0 =
// UNSPECIFIED; the core's from 0. Every schema stores organisation levels and roles with the proto numbers
// (ORG_LEVEL_UNIT = 1 … ORG_LEVEL_CENTRAL = 5), so a stored value reads the same in every service and in SQL.
//
//   *response.mutable_due_date() = ToProtoDate(deadline.due_date);
//   std::optional<workflow::OrgLevel> level = OrgLevelFromProto(request.level());  // nullopt: UNSPECIFIED/unknown
//   txn.exec_params("… level = $1", StoredOrgLevel(level));
#include <optional>

#include "absl/time/civil_time.h"
#include "tdkt/v1/common.pb.h"
#include "workflow/actor.h"

namespace tdkt::common {

tdkt::v1::Date ToProtoDate(absl::CivilDay day);

tdkt::v1::OrgLevel ToProto(workflow::OrgLevel level);
tdkt::v1::Role ToProto(workflow::Role role);
// nullopt for UNSPECIFIED and values this build does not know.
std::optional<workflow::OrgLevel> OrgLevelFromProto(int level);
std::optional<workflow::Role> RoleFromProto(int role);

// The stored form of a level (its proto number), and back (nullopt for a value outside 1..5).
int StoredOrgLevel(workflow::OrgLevel level);
std::optional<workflow::OrgLevel> OrgLevelFromStored(int stored);

}  // namespace tdkt::common
