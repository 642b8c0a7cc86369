#pragma once
// Role names as they travel in access tokens: exactly the tdkt.v1.Role enum value names of
// proto/tdkt/v1/common.proto ("ROLE_SUBMITTER" …), as directory.proto's header comment specifies. Short forms
// ("SUBMITTER") are deliberately not accepted: one spelling means one thing to compare and log.
//
//   RoleTokenName(Role::kCouncilChair);           // "ROLE_COUNCIL_CHAIR"
//   ParseRoleTokenName("ROLE_DECIDER");           // Role::kDecider
//   ParseRoleTokenName("ROLE_UNSPECIFIED");       // std::nullopt
#include <optional>
#include <string_view>

#include "workflow/actor.h"

namespace tdkt::auth {

std::string_view RoleTokenName(workflow::Role role);

// std::nullopt for anything but the six role names (including ROLE_UNSPECIFIED and other spellings).
std::optional<workflow::Role> ParseRoleTokenName(std::string_view name);

}  // namespace tdkt::auth
