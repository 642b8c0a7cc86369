#pragma once
// Authorizer: the directory's access rules, as one small interface so that the rules can be read and tested
// apart from gRPC and SQL (and replaced when a policy engine comes).
//
// Rules (issue 5):
//   - anyone authenticated may read organisations, role assignments and councils;
//   - ROLE_ADMIN at an organisation may change that organisation and everything below it;
//   - ROLE_ADMIN at "*" (the system administrator) may change anything, create root organisations and
//     import CSV files;
//   - personal data (ID number, email, phone) is shown to the person themselves and to an ADMIN at one of the
//     person's organisations or an ancestor of one; everyone else sees it blank and redacted.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/directory/identity.h"

namespace tdkt::directory {

class Authorizer {
 public:
  virtual ~Authorizer() = default;

  // `org_chain` is the organisation and all its ancestors. PERMISSION_DENIED when not allowed.
  virtual absl::Status MayAdminister(const Identity& identity, const std::vector<std::string>& org_chain) const = 0;
  // Root organisations and CSV import.
  virtual absl::Status MayAdministerEverything(const Identity& identity) const = 0;
  // Any ADMIN grant at all: who may create a person not yet attached to an organisation.
  virtual absl::Status MayAdministerSomething(const Identity& identity) const = 0;
  // `person_orgs_with_ancestors`: every organisation where the person holds a role or council seat, with
  // their ancestors.
  virtual bool MaySeePersonalData(const Identity& identity, const std::string& person_id,
                                  const std::vector<std::string>& person_orgs_with_ancestors) const = 0;
};

// The rules above, decided from the identity's role grants.
class GrantAuthorizer final : public Authorizer {
 public:
  absl::Status MayAdminister(const Identity& identity, const std::vector<std::string>& org_chain) const override;
  absl::Status MayAdministerEverything(const Identity& identity) const override;
  absl::Status MayAdministerSomething(const Identity& identity) const override;
  bool MaySeePersonalData(const Identity& identity, const std::string& person_id,
                          const std::vector<std::string>& person_orgs_with_ancestors) const override;
};

}  // namespace tdkt::directory
