#include "services/auth/role_names.h"

#include <array>
#include <utility>

namespace tdkt::auth {
namespace {

using workflow::Role;

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleNames = {{
    {Role::kSubmitter, "ROLE_SUBMITTER"},
    {Role::kAppraiser, "ROLE_APPRAISER"},
    {Role::kCouncilMember, "ROLE_COUNCIL_MEMBER"},
    {Role::kCouncilChair, "ROLE_COUNCIL_CHAIR"},
    {Role::kDecider, "ROLE_DECIDER"},
    {Role::kAdmin, "ROLE_ADMIN"},
}};

}  // namespace

std::string_view RoleTokenName(Role role) {
  for (const auto& [known, name] : kRoleNames) {
    if (known == role) return name;
  }
  return "ROLE_UNSPECIFIED";  // unreachable for a valid enum value
}

std::optional<Role> ParseRoleTokenName(std::string_view name) {
  for (const auto& [role, known] : kRoleNames) {
    if (known == name) return role;
  }
  return std::nullopt;
}

}  // namespace tdkt::auth
