#pragma once
// IssueAccessToken: builds and signs an access token, the compact JWS described in directory.proto's header
// comment: header {"alg":"EdDSA","typ":"JWT","kid":…}, claims iss, aud, sub, iat, exp, jti, grants
// [{"org":…,"role":"ROLE_…"}] and, for service accounts, svc.
//
//   AccessTokenClaims claims{"person-42", {{Role::kAppraiser, "org-hanoi"}}, std::nullopt};
//   TDKT_ASSIGN_OR_RETURN(IssuedAccessToken issued,
//                         IssueAccessToken(claims, *key_ring.Current(), clock));
//   response.set_access_token(issued.token);
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/signing_key.h"
#include "workflow/actor.h"
#include "base/clock.h"

namespace tdkt::auth {

inline constexpr char kDefaultIssuer[] = "tdkt-directory";
inline constexpr char kDefaultAudience[] = "tdkt";
inline constexpr absl::Duration kDefaultAccessTokenLifetime = absl::Minutes(15);
// How far verifiers trust clocks to disagree (exp, iat, nbf and key windows are checked with this margin).
inline constexpr absl::Duration kDefaultClockSkew = absl::Seconds(30);

// Who the token speaks for.
struct AccessTokenClaims {
  std::string person_id;                          // "sub"
  std::vector<workflow::RoleGrant> grants;        // valid at issue time
  std::optional<std::string> service_name;        // "svc", service accounts only
};

struct AccessTokenOptions {
  std::string issuer = kDefaultIssuer;
  std::string audience = kDefaultAudience;
  absl::Duration lifetime = kDefaultAccessTokenLifetime;
};

struct IssuedAccessToken {
  std::string token;
  std::string token_id;  // "jti", 128 random bits in base64url
  absl::Time issued_at;  // whole seconds, as in the token
  absl::Time expires_at;
};

// INVALID_ARGUMENT for an empty person id, an empty org id in a grant, an empty service name, or a lifetime
// that is not positive; FAILED_PRECONDITION when the key may not sign now (retired or not yet valid).
absl::StatusOr<IssuedAccessToken> IssueAccessToken(const AccessTokenClaims& claims, const SigningKey& key,
                                                   const base::Clock& clock,
                                                   const AccessTokenOptions& options = {});

}  // namespace tdkt::auth
