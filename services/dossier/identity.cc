#include "services/dossier/identity.h"

#include <grpcpp/server_context.h>

#include <string_view>

#include "services/auth/bearer_token.h"
#include "workflow/status_macros.h"

namespace tdkt::dossier {

absl::StatusOr<auth::Identity> AuthenticatedIdentity(const grpc::ServerContext& context,
                                                     const auth::TokenVerifier& verifier) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return absl::UnauthenticatedError("missing bearer token");
  if (metadata.count("authorization") > 1) return absl::UnauthenticatedError("malformed authorization header");
  const std::string_view header(it->second.data(), it->second.size());
  TDKT_ASSIGN_OR_RETURN(std::string_view token, auth::ExtractBearerToken(header));
  // Key rotation: the service reloads its key set from the directory (TODO when key fetching lands); until
  // then an unknown kid is simply UNAUTHENTICATED.
  return verifier.Verify(token);
}

}  // namespace tdkt::dossier
