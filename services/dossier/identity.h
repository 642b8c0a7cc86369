#pragma once
// AuthenticatedIdentity: the caller of a dossier RPC, from the `authorization: Bearer <access token>` metadata,
// verified locally with services/auth's TokenVerifier (Ed25519, the directory's published keys).
//
//   TDKT_ASSIGN_OR_RETURN(auth::Identity caller, AuthenticatedIdentity(*context, verifier));
#include "absl/status/statusor.h"
#include "services/auth/token_verifier.h"

namespace grpc {
class ServerContext;
}

namespace tdkt::dossier {

// UNAUTHENTICATED when the header is missing, malformed, or the token does not verify (the reason never
// echoes the token).
absl::StatusOr<auth::Identity> AuthenticatedIdentity(const grpc::ServerContext& context,
                                                     const auth::TokenVerifier& verifier);

}  // namespace tdkt::dossier
