#pragma once
// TokenVerifier: checks an access token locally against the directory's published keys and turns it into an
// Identity (docs/architecture.md §1: verified locally, Ed25519). No network call; a service refreshes the keys itself.
//
//   TokenVerifier verifier(published_keys, clock);   // issuer "tdkt-directory", audience "tdkt", skew 30 s
//   absl::StatusOr<Identity> identity = verifier.Verify(token);
//   if (IsUnknownKeyError(identity.status())) {       // the directory rotated: refetch keys once, retry once
//     verifier.ReplaceKeys(FetchKeys());
//     identity = verifier.Verify(token);
//   }
//   if (!identity.ok()) return identity.status();    // UNAUTHENTICATED, short English reason
//
// Refused (UNAUTHENTICATED): more than max_token_bytes, not three base64url parts, a header whose alg is not
// exactly "EdDSA" (so "none" and HS256 too), a typ other than "JWT", any "crit", an unknown kid, a signature
// that does not verify over "header.payload", a payload without a future exp (minus skew), iat or nbf in the
// future (plus skew), exp − iat above max_lifetime, iat outside the signing key's window, a wrong iss, an aud
// (string or array) without the audience, an empty sub or jti, malformed grants or unknown role names (see
// role_names.h: full tdkt.v1.Role names only), an empty svc. Times are integer seconds. Reasons never echo
// the token. Thread-safe: Verify may run concurrently with ReplaceKeys.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/access_token.h"
#include "services/auth/public_key_set.h"
#include "workflow/actor.h"
#include "base/clock.h"

namespace tdkt::auth {

// The authenticated caller, as the token describes them.
struct Identity {
  std::string person_id;                    // "sub"
  std::vector<workflow::RoleGrant> grants;  // roles per organisation at issue time
  std::optional<std::string> service_name = std::nullopt;  // "svc", for service accounts
  std::string token_id = {};                              // "jti", safe to log (random, not personal)
  absl::Time issued_at = absl::UnixEpoch();
  absl::Time expires_at = absl::UnixEpoch();

  workflow::Actor ToActor() const { return workflow::Actor{person_id, grants}; }
};

struct TokenVerifierOptions {
  std::string issuer = kDefaultIssuer;
  std::string audience = kDefaultAudience;
  absl::Duration clock_skew = kDefaultClockSkew;
  // A bound on exp − iat, so that a token cannot outlive its key's publication (KeyRing keeps a retired key for
  // one access token lifetime). Keep it at the issuer's lifetime or a little above.
  absl::Duration max_lifetime = kDefaultAccessTokenLifetime;
  // Longer input is refused before any decoding. 8 KiB is far above a token with dozens of grants.
  size_t max_token_bytes = 8 * 1024;
};

class TokenVerifier {
 public:
  TokenVerifier(PublicKeySet keys, const base::Clock& clock, TokenVerifierOptions options = {});

  TokenVerifier(const TokenVerifier&) = delete;
  TokenVerifier& operator=(const TokenVerifier&) = delete;

  absl::StatusOr<Identity> Verify(std::string_view token) const;

  // Swaps in a freshly fetched key set; Verify calls already running finish with the old one.
  void ReplaceKeys(PublicKeySet keys);

 private:
  std::shared_ptr<const PublicKeySet> Keys() const;

  const base::Clock& clock_;
  const TokenVerifierOptions options_;
  mutable std::mutex mutex_;
  std::shared_ptr<const PublicKeySet> keys_;  // guarded by mutex_
};

// True when `status` is Verify's refusal of a token whose kid is not in the key set: the only refusal after
// which refetching the keys can help. The status code is still UNAUTHENTICATED, so a caller that ignores this
// signal stays correct.
bool IsUnknownKeyError(const absl::Status& status);

}  // namespace tdkt::auth
