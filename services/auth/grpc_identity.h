#pragma once
// AuthenticatedIdentity: the caller of an RPC, from the `authorization: Bearer <access token>` metadata,
// verified locally with a TokenVerifier (Ed25519, the directory's published keys). The one implementation every
// service uses (the directory and the dossier today).
//
//   TDKT_ASSIGN_OR_RETURN(auth::Identity caller, auth::AuthenticatedIdentity(*context, verifier));
//   // with key refresh: on an unknown key id, `refresh_keys` runs once (it swaps keys into the verifier and
//   // returns true when it did) and the token is checked again.
//   auth::AuthenticatedIdentity(*context, verifier, [&] { return keys.Reload(); });
#include <functional>

// The full type, so that callers holding a grpc::ServerContext convert it to its base.
#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "services/auth/token_verifier.h"


namespace tdkt::auth {

// Works for synchronous handlers (grpc::ServerContext) and callback reactors (grpc::CallbackServerContext).
// UNAUTHENTICATED when the header is missing, repeated, malformed, or the token does not verify (the reason
// never echoes the token).
absl::StatusOr<Identity> AuthenticatedIdentity(const grpc::ServerContextBase& context, const TokenVerifier& verifier,
                                               const std::function<bool()>& refresh_keys = nullptr);

}  // namespace tdkt::auth
