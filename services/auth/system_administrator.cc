#include "services/auth/system_administrator.h"

#include <algorithm>

namespace tdkt::auth {

bool IsSystemAdministrator(const Identity& identity) {
  if (identity.service_name.has_value()) return false;
  return std::any_of(identity.grants.begin(), identity.grants.end(), [](const workflow::RoleGrant& grant) {
    return grant.role == workflow::Role::kAdmin && grant.org_id == kEveryOrganisation;
  });
}

}  // namespace tdkt::auth
