#pragma once
// KeyRing: the issuer's signing keys: one current key that signs, and the keys rotated out that still verify
// tokens they signed. Rotation logs nobody out: a retired key stays published until every token it may have
// signed has expired (retired_at + access token lifetime + clock skew).
//
//   TDKT_ASSIGN_OR_RETURN(std::unique_ptr<KeyRing> ring, KeyRing::Create(clock));
//   IssueAccessToken(claims, *ring->Current(), clock);
//   TDKT_RETURN_IF_ERROR(ring->Rotate());            // e.g. monthly, or at once after a suspected leak
//   PublicKeySet published = ring->Published();      // answer to GetPublicKeys
//
// Thread-safe: Login handlers read Current() while an operator rotates.
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/access_token.h"
#include "services/auth/public_key_set.h"
#include "services/auth/signing_key.h"
#include "base/clock.h"

namespace tdkt::auth {

struct KeyRingOptions {
  // The longest lifetime of the tokens this ring signs (AccessTokenOptions::lifetime).
  absl::Duration access_token_lifetime = kDefaultAccessTokenLifetime;
  // The verifiers' clock skew (TokenVerifierOptions::clock_skew): they accept a token that long after exp.
  absl::Duration clock_skew = kDefaultClockSkew;
};

class KeyRing {
 public:
  // A ring with one freshly generated key, valid from clock.Now().
  static absl::StatusOr<std::unique_ptr<KeyRing>> Create(const base::Clock& clock, KeyRingOptions options = {});

  // A ring from stored keys: `current` must be able to sign now; `previous` are retired keys (each with a
  // not_after); those whose tokens have all expired are dropped. INVALID_ARGUMENT otherwise.
  static absl::StatusOr<std::unique_ptr<KeyRing>> Restore(SigningKey current, std::vector<SigningKey> previous,
                                                          const base::Clock& clock, KeyRingOptions options = {});

  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  // The key that signs now. Callers keep the pointer for one signature only.
  std::shared_ptr<const SigningKey> Current() const;

  // Retires the current key at clock.Now() and makes a fresh key current. INTERNAL if key generation fails.
  absl::Status Rotate();

  // The current key and every retired key whose tokens may still be unexpired, current first.
  PublicKeySet Published() const;

  // Every key the ring holds (current first), for storing them; the same set as Published().
  std::vector<std::shared_ptr<const SigningKey>> Keys() const;

 private:
  KeyRing(const base::Clock& clock, KeyRingOptions options, SigningKey current);

  // True while tokens signed by `key` (retired) may still verify.
  bool StillVerifies(const SigningKey& key, absl::Time now) const;
  void DropExpiredLocked(absl::Time now);

  const base::Clock& clock_;
  const KeyRingOptions options_;
  mutable std::mutex mutex_;
  std::shared_ptr<const SigningKey> current_;                 // guarded by mutex_
  std::vector<std::shared_ptr<const SigningKey>> previous_;   // guarded by mutex_, newest first
};

}  // namespace tdkt::auth
