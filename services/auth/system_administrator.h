#pragma once
// The system administrator as every service recognises them in a token: a grant of ROLE_ADMIN at the organisation
// id "*" (kEveryOrganisation), which the directory issues to the people of directory.system_admin
// (`tdkt-directory-admin create-system-admin`). The directory lets them change anything; the dossier service lets
// only them change the working-day calendar (CalendarService.SetCalendarYear).
//
//   if (!auth::IsSystemAdministrator(caller)) return absl::PermissionDeniedError(…);
#include <string_view>

#include "services/auth/token_verifier.h"

namespace tdkt::auth {

// The grant org id that means every organisation.
inline constexpr std::string_view kEveryOrganisation = "*";

// True for a person (not a service account: a change must name who made it) holding ROLE_ADMIN at "*".
bool IsSystemAdministrator(const Identity& identity);

}  // namespace tdkt::auth
