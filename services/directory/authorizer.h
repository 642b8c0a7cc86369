#pragma once
// Authorizer: the directory's access rules, as one small interface so that the rules can be read and tested
// apart from gRPC and SQL (and replaced when a policy engine comes).
//
// Rules:
//   - anyone authenticated may read organisations, role assignments and councils;
//   - ROLE_ADMIN at an organisation may change that organisation and everything below it (its subtree);
//   - ROLE_ADMIN at "*" (the system administrator) may change anything, create root organisations and
//     import CSV files;
//   - a person (UpdatePerson: names, username, active, personal data) may be changed by an administrator
//     only when EVERY grant the person holds today or later — role assignments and council seats — lies in
//     that administrator's subtree; giving someone a role in one's subtree therefore grants nothing over
//     them while they hold grants elsewhere. A person without any such grant may be changed by any
//     administrator. Service accounts (their records and their role assignments), the service-account flag
//     and the system administrator's own record are the system administrator's alone;
//   - setting another person's password (SetPersonPassword) follows the same rule, and further needs at
//     least one grant in the subtree (the system administrator sets the rest); nobody resets their own
//     password this way (ChangePassword asks for the current one);
//   - personal data (ID number, email, phone) is shown to the person themselves and to an ADMIN at one of the
//     person's organisations or an ancestor of one; the notifier service (kNotifierService) is shown the
//     email address only, to send notifications; everyone else sees it blank and redacted.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/directory/identity.h"
#include "services/directory/person_standing.h"

namespace tdkt::directory {

// The service name ("svc" claim = the service account's username) of the notifier.
inline constexpr std::string_view kNotifierService = "notifier";

// Which of a person's personal data (Person.id_number, email, phone) a caller is shown.
enum class PersonalDataAccess { kNone, kEmailOnly, kAll };

class Authorizer {
 public:
  virtual ~Authorizer() = default;

  // `org_chain` is the organisation and all its ancestors. PERMISSION_DENIED when not allowed.
  virtual absl::Status MayAdminister(const Identity& identity, const std::vector<std::string>& org_chain) const = 0;
  // Root organisations, CSV import, service accounts.
  virtual absl::Status MayAdministerEverything(const Identity& identity) const = 0;
  // Any ADMIN grant at all: who may create a person not yet attached to an organisation.
  virtual absl::Status MayAdministerSomething(const Identity& identity) const = 0;
  // UpdatePerson on a person who stands as `person` (rule above).
  virtual absl::Status MayChangePerson(const Identity& identity, const PersonStanding& person) const = 0;
  // SetPersonPassword for `person_id`, who stands as `person`.
  virtual absl::Status MaySetPassword(const Identity& identity, const std::string& person_id,
                                      const PersonStanding& person) const = 0;
  // `person_orgs_with_ancestors`: every organisation where the person holds a role or council seat, with
  // their ancestors.
  virtual PersonalDataAccess PersonalDataFor(const Identity& identity, const std::string& person_id,
                                             const std::vector<std::string>& person_orgs_with_ancestors) const = 0;
};

// The rules above, decided from the identity's role grants and service name.
class GrantAuthorizer final : public Authorizer {
 public:
  absl::Status MayAdminister(const Identity& identity, const std::vector<std::string>& org_chain) const override;
  absl::Status MayAdministerEverything(const Identity& identity) const override;
  absl::Status MayAdministerSomething(const Identity& identity) const override;
  absl::Status MayChangePerson(const Identity& identity, const PersonStanding& person) const override;
  absl::Status MaySetPassword(const Identity& identity, const std::string& person_id,
                              const PersonStanding& person) const override;
  PersonalDataAccess PersonalDataFor(const Identity& identity, const std::string& person_id,
                                     const std::vector<std::string>& person_orgs_with_ancestors) const override;
};

}  // namespace tdkt::directory
