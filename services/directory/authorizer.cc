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

absl::Status SystemAdministratorOnly() {
  return absl::PermissionDeniedError(
      "chỉ quản trị hệ thống được thay đổi tài khoản dịch vụ hoặc tài khoản quản trị hệ thống (system administrator "
      "only)");
}

absl::Status GrantOutsideSubtree() {
  return absl::PermissionDeniedError(
      "không có quyền thay đổi người dùng này: người này giữ vai trò ở đơn vị ngoài phạm vi quản trị của bạn "
      "(the person holds a grant outside your organisations)");
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

absl::Status GrantAuthorizer::MayChangePerson(const Identity& identity, const PersonStanding& person) const {
  if (MayAdministerEverything(identity).ok()) return absl::OkStatus();
  if (person.system_admin || person.service_account) return SystemAdministratorOnly();
  if (person.grant_chains.empty()) return MayAdministerSomething(identity);
  for (const std::vector<std::string>& chain : person.grant_chains) {
    if (!MayAdminister(identity, chain).ok()) return GrantOutsideSubtree();
  }
  return absl::OkStatus();
}

absl::Status GrantAuthorizer::MaySetPassword(const Identity& identity, const std::string& person_id,
                                             const PersonStanding& person) const {
  if (identity.person_id == person_id) {
    return absl::PermissionDeniedError(
        "không đặt lại mật khẩu của chính mình theo cách này: hãy dùng chức năng đổi mật khẩu (use ChangePassword "
        "for your own password)");
  }
  if (MayAdministerEverything(identity).ok()) return absl::OkStatus();
  // Without a grant in the caller's subtree the person is nobody's in particular yet: a password set now
  // would outlast the grants someone else gives them later.
  if (person.grant_chains.empty() && !person.system_admin && !person.service_account) {
    return absl::PermissionDeniedError(
        "chỉ quản trị hệ thống được đặt mật khẩu cho người chưa giữ vai trò nào (system administrator only for a "
        "person without grants)");
  }
  return MayChangePerson(identity, person);
}

PersonalDataAccess GrantAuthorizer::PersonalDataFor(const Identity& identity, const std::string& person_id,
                                                    const std::vector<std::string>& person_orgs_with_ancestors) const {
  if (identity.person_id == person_id) return PersonalDataAccess::kAll;
  if (MayAdminister(identity, person_orgs_with_ancestors).ok()) return PersonalDataAccess::kAll;
  if (identity.service_name == kNotifierService) return PersonalDataAccess::kEmailOnly;
  return PersonalDataAccess::kNone;
}

}  // namespace tdkt::directory
