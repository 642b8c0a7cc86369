#pragma once
// AuthenticatedIdentity for dossier RPCs: the shared implementation in services/auth/grpc_identity.h.
//
//   TDKT_ASSIGN_OR_RETURN(auth::Identity caller, AuthenticatedIdentity(*context, verifier));
#include "services/auth/grpc_identity.h"

namespace tdkt::dossier {

using auth::AuthenticatedIdentity;

}  // namespace tdkt::dossier
