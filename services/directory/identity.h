#pragma once
// Identity: who calls the directory, as their access token says (services/auth). Established by
// SigningKeys::Authenticate, which verifies the `authorization: Bearer` token with the directory's own keys
// through the shared services/auth/grpc_identity.h.
//
// The grant org id "*" means every organisation: the system administrator (directory.system_admin), who may
// create roots and import CSV files.
#include <string_view>

#include "services/auth/system_administrator.h"
#include "services/auth/token_verifier.h"

namespace tdkt::directory {

using auth::kEveryOrganisation;

using Identity = auth::Identity;

}  // namespace tdkt::directory
