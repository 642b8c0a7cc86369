#include "services/directory/authorizer.h"

#include <algorithm>

namespace tdkt::directory {
namespace {

bool IsAdminAt(const Identity& identity, const std::string& org_id) {
  return std::any_of(identity.grants.begin(), identity.grants.end(), [&](const workflow::RoleGrant& grant) {
    return grant.role == workflow::Role::kAdmin && (grant.org_id == org_id || grant.org_id == kEveryOrganisation);
  });
}

absl::Status Denied() {
  return absl::PermissionDeniedError("không có quyền quản trị đơn vị này (not an administrator of this organisation)");
}

}  // namespace

absl::Status GrantAuthorizer::MayAdminister(const Identity& identity,
                                            const std::vector<std::string>& org_chain) const {
  if (MayAdministerEverything(identity).ok()) return absl::OkStatus();
  for (const std::string& org_id : org_chain) {
    if (IsAdminAt(identity, org_id)) return absl::OkStatus();
  }
  return Denied();
}

absl::Status GrantAuthorizer::MayAdministerEverything(const Identity& identity) const {
  return IsAdminAt(identity, std::string(kEveryOrganisation)) ? absl::OkStatus() : Denied();
}

absl::Status GrantAuthorizer::MayAdministerSomething(const Identity& identity) const {
  const bool any = std::any_of(identity.grants.begin(), identity.grants.end(),
                               [](const workflow::RoleGrant& grant) { return grant.role == workflow::Role::kAdmin; });
  return any ? absl::OkStatus() : Denied();
}

bool GrantAuthorizer::MaySeePersonalData(const Identity& identity, const std::string& person_id,
                                         const std::vector<std::string>& person_orgs_with_ancestors) const {
  if (identity.person_id == person_id) return true;
  return MayAdminister(identity, person_orgs_with_ancestors).ok();
}

}  // namespace tdkt::directory
