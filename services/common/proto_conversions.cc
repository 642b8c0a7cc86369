#include "services/common/proto_conversions.h"

namespace tdkt::common {

tdkt::v1::Date ToProtoDate(absl::CivilDay day) {
  tdkt::v1::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

tdkt::v1::OrgLevel ToProto(workflow::OrgLevel level) {
  return static_cast<tdkt::v1::OrgLevel>(static_cast<int>(level) + 1);
}

tdkt::v1::Role ToProto(workflow::Role role) { return static_cast<tdkt::v1::Role>(static_cast<int>(role) + 1); }

std::optional<workflow::OrgLevel> OrgLevelFromProto(int level) {
  if (level == tdkt::v1::ORG_LEVEL_UNSPECIFIED || !tdkt::v1::OrgLevel_IsValid(level)) return std::nullopt;
  return static_cast<workflow::OrgLevel>(level - 1);
}

std::optional<workflow::Role> RoleFromProto(int role) {
  if (role == tdkt::v1::ROLE_UNSPECIFIED || !tdkt::v1::Role_IsValid(role)) return std::nullopt;
  return static_cast<workflow::Role>(role - 1);
}

int StoredOrgLevel(workflow::OrgLevel level) { return static_cast<int>(ToProto(level)); }

std::optional<workflow::OrgLevel> OrgLevelFromStored(int stored) { return OrgLevelFromProto(stored); }

}  // namespace tdkt::common
