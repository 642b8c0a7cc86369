#include "services/campaign/campaign_access.h"

#include <algorithm>
#include <set>

#include "base/status_macros.h"

namespace tdkt::campaign {
namespace {

constexpr char kEverywhere[] = "*";

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool HasRoleIn(const auth::Identity& caller, const std::vector<std::string>& orgs,
               std::initializer_list<workflow::Role> roles) {
  return std::any_of(caller.grants.begin(), caller.grants.end(), [&](const workflow::RoleGrant& grant) {
    return (grant.org_id == kEverywhere || Contains(orgs, grant.org_id)) &&
           std::find(roles.begin(), roles.end(), grant.role) != roles.end();
  });
}

}  // namespace

absl::Status CampaignAccess::NotAService(const auth::Identity& caller) {
  if (!caller.service_name.has_value()) return absl::OkStatus();
  return absl::PermissionDeniedError("Tài khoản dịch vụ không được thay đổi phong trào thi đua (service account)");
}

absl::Status CampaignAccess::MayChange(const auth::Identity& caller, const std::string& issuing_org_id,
                                       absl::CivilDay day) const {
  TDKT_RETURN_IF_ERROR(NotAService(caller));
  std::vector<std::string> at_or_above{issuing_org_id};
  absl::StatusOr<std::vector<std::string>> ancestors = orgs_->Ancestors(issuing_org_id, day);
  if (absl::IsNotFound(ancestors.status())) {
    return absl::InvalidArgumentError("Không tìm thấy đơn vị ban hành (campaign.issuing_org_id) trong thời gian của phong trào");
  }
  TDKT_RETURN_IF_ERROR(ancestors.status());
  at_or_above.insert(at_or_above.end(), ancestors->begin(), ancestors->end());
  if (HasRoleIn(caller, at_or_above, {workflow::Role::kAdmin, workflow::Role::kAppraiser})) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "Chỉ quản trị viên hoặc cơ quan thường trực (thẩm định) của đơn vị ban hành hoặc đơn vị cấp trên mới được lập "
      "và sửa phong trào (admin or appraiser of the issuing organisation or above)");
}

absl::StatusOr<bool> CampaignAccess::MayRead(const auth::Identity& caller, const StoredCampaign& stored,
                                             absl::CivilDay today) const {
  if (SeesEverything(caller)) return true;
  for (const workflow::RoleGrant& grant : caller.grants) {
    if (Contains(stored.covers_path, grant.org_id)) return true;  // at the root or above it
  }
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> below, GrantOrgsAndAncestors(caller, today));
  return Contains(below, stored.campaign.covers_org_id());
}

absl::Status CampaignAccess::MayRegister(const auth::Identity& caller, const std::vector<std::string>& org_path) {
  if (caller.service_name.has_value()) {
    return absl::PermissionDeniedError("Tài khoản dịch vụ không được đăng ký thi đua (service account)");
  }
  const std::vector<std::string> own{org_path.front()};
  const std::vector<std::string> above(org_path.begin() + 1, org_path.end());
  if (HasRoleIn(caller, own, {workflow::Role::kSubmitter, workflow::Role::kAppraiser, workflow::Role::kAdmin}) ||
      HasRoleIn(caller, above, {workflow::Role::kAppraiser, workflow::Role::kAdmin})) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "Chỉ cán bộ của đơn vị, hoặc cơ quan thường trực, quản trị viên cấp trên, mới được đăng ký thi đua cho đơn vị "
      "(no role to register for the organisation)");
}

bool CampaignAccess::MayReadRegistration(const auth::Identity& caller, const std::vector<std::string>& org_path) {
  if (SeesEverything(caller)) return true;
  return std::any_of(caller.grants.begin(), caller.grants.end(),
                     [&](const workflow::RoleGrant& grant) { return Contains(org_path, grant.org_id); });
}

std::vector<std::string> CampaignAccess::GrantOrgs(const auth::Identity& caller) {
  std::set<std::string> orgs;
  for (const workflow::RoleGrant& grant : caller.grants) orgs.insert(grant.org_id);
  return {orgs.begin(), orgs.end()};
}

absl::StatusOr<std::vector<std::string>> CampaignAccess::GrantOrgsAndAncestors(const auth::Identity& caller,
                                                                               absl::CivilDay today) const {
  std::set<std::string> orgs;
  for (const std::string& org : GrantOrgs(caller)) {
    orgs.insert(org);
    if (org == kEverywhere) continue;
    absl::StatusOr<std::vector<std::string>> ancestors = orgs_->Ancestors(org, today);
    if (absl::IsNotFound(ancestors.status())) continue;
    TDKT_RETURN_IF_ERROR(ancestors.status());
    orgs.insert(ancestors->begin(), ancestors->end());
  }
  return std::vector<std::string>(orgs.begin(), orgs.end());
}

bool CampaignAccess::SeesEverything(const auth::Identity& caller) {
  return caller.service_name.has_value() || Contains(GrantOrgs(caller), kEverywhere);
}

}  // namespace tdkt::campaign
