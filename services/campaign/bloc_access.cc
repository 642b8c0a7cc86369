#include "services/campaign/bloc_access.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/campaign/campaign_access.h"

namespace tdkt::campaign {
namespace {

bool HasRoleAt(const auth::Identity& caller, const std::vector<std::string>& orgs,
               std::initializer_list<workflow::Role> roles) {
  return std::any_of(caller.grants.begin(), caller.grants.end(), [&](const workflow::RoleGrant& grant) {
    return std::find(orgs.begin(), orgs.end(), grant.org_id) != orgs.end() &&
           std::find(roles.begin(), roles.end(), grant.role) != roles.end();
  });
}

bool IsSystemAdmin(const auth::Identity& caller) { return HasRoleAt(caller, {"*"}, {workflow::Role::kAdmin}); }

}  // namespace

absl::Status BlocAccess::MayManage(const auth::Identity& caller, const std::string& manager_org_id,
                                   absl::CivilDay day) const {
  TDKT_RETURN_IF_ERROR(CampaignAccess::NotAService(caller));
  absl::StatusOr<std::vector<std::string>> ancestors = orgs_->Ancestors(manager_org_id, day);
  if (absl::IsNotFound(ancestors.status())) {
    return absl::InvalidArgumentError("Không tìm thấy đơn vị quản lý khối (bloc.manager_org_id) trong năm của khối");
  }
  TDKT_RETURN_IF_ERROR(ancestors.status());
  std::vector<std::string> at_or_above{manager_org_id};
  at_or_above.insert(at_or_above.end(), ancestors->begin(), ancestors->end());
  if (IsSystemAdmin(caller) ||
      HasRoleAt(caller, at_or_above, {workflow::Role::kAdmin, workflow::Role::kAppraiser})) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "Chỉ quản trị viên hoặc cơ quan thường trực của đơn vị quản lý khối (hoặc cấp trên) mới được lập và sửa khối "
      "thi đua (admin or appraiser of the managing organisation or above)");
}

absl::Status BlocAccess::MayActFor(const auth::Identity& caller, const std::string& org_id, const std::string& what_vi) {
  TDKT_RETURN_IF_ERROR(CampaignAccess::NotAService(caller));
  if (IsSystemAdmin(caller) || HasRoleAt(caller, {org_id}, {workflow::Role::kDecider, workflow::Role::kSubmitter,
                                                            workflow::Role::kAppraiser, workflow::Role::kAdmin})) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "Chỉ thủ trưởng hoặc người được ủy quyền của đơn vị mới được ", what_vi,
      " thay cho đơn vị (no role at the member organisation)"));
}

absl::StatusOr<bool> BlocAccess::MayRead(const auth::Identity& caller, const tdkt::v1::Bloc& bloc,
                                         absl::CivilDay day) const {
  if (CampaignAccess::SeesEverything(caller)) return true;
  const std::vector<std::string> mine = CampaignAccess::GrantOrgs(caller);
  const auto is_mine = [&](const std::string& org) { return std::find(mine.begin(), mine.end(), org) != mine.end(); };
  if (is_mine(bloc.manager_org_id())) return true;
  for (const tdkt::v1::BlocMember& member : bloc.members()) {
    if (is_mine(member.org_id())) return true;
  }
  absl::StatusOr<std::vector<std::string>> ancestors = orgs_->Ancestors(bloc.manager_org_id(), day);
  if (absl::IsNotFound(ancestors.status())) return false;
  TDKT_RETURN_IF_ERROR(ancestors.status());
  return std::any_of(ancestors->begin(), ancestors->end(), is_mine);
}

}  // namespace tdkt::campaign
