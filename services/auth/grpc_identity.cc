#include "services/auth/grpc_identity.h"

#include <grpcpp/server_context.h>

#include <string_view>

#include "services/auth/bearer_token.h"
#include "base/status_macros.h"

namespace tdkt::auth {

absl::StatusOr<Identity> AuthenticatedIdentity(const grpc::ServerContextBase& context, const TokenVerifier& verifier,
                                               const std::function<bool()>& refresh_keys) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return absl::UnauthenticatedError("Chưa đăng nhập: thiếu mã truy cập (missing bearer token)");
  if (metadata.count("authorization") > 1) return absl::UnauthenticatedError("Tiêu đề xác thực không hợp lệ (malformed authorization header)");
  const std::string_view header(it->second.data(), it->second.size());
  TDKT_ASSIGN_OR_RETURN(std::string_view token, ExtractBearerToken(header));
  absl::StatusOr<Identity> identity = verifier.Verify(token);
  // The issuer rotated its key since the verifier's keys were fetched: refetch once, check once more.
  if (IsUnknownKeyError(identity.status()) && refresh_keys && refresh_keys()) identity = verifier.Verify(token);
  return identity;
}

}  // namespace tdkt::auth
