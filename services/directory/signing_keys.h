#pragma once
// SigningKeys: the directory's access-token keys, kept in PostgreSQL (directory.signing_key, seeds sealed with
// the PII cipher) so that every replica and every restart signs and verifies with the same keys. Wraps
// services/auth's KeyRing (signing) and TokenVerifier (checking callers of the directory itself).
//
//   TDKT_ASSIGN_OR_RETURN(auto keys, SigningKeys::Load(&stores, &cipher, clock, {}));
//   TDKT_ASSIGN_OR_RETURN(auth::IssuedAccessToken token, keys->Issue(claims));   // Login
//   TDKT_ASSIGN_OR_RETURN(auth::Identity caller, keys->Authenticate(*context));  // every other RPC
//   keys->Published();                                                           // GetPublicKeys
//
// Load and Refresh create the first key when there is none and rotate the current key once it is older than
// max_age, under a transaction-scoped advisory lock: concurrent replicas never create two current keys (a
// partial unique index enforces it too). A retired key stays published until its last token has expired. Other
// replicas learn of a rotation from Refresh (DirectoryServer runs it every minute) or at once when a token with an
// unknown key id arrives (at most one reload per reload_interval, so junk key ids cannot hammer the database).
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/auth/access_token.h"
#include "services/auth/key_ring.h"
#include "services/auth/token_verifier.h"

namespace grpc {
class ServerContext;
}

namespace tdkt::directory {

struct DirectoryStores;
class PiiCipher;

struct SigningKeysOptions {
  absl::Duration max_age = absl::Hours(24 * 30);
  absl::Duration reload_interval = absl::Seconds(10);
  auth::KeyRingOptions ring{};
  auth::AccessTokenOptions tokens{};
  auth::TokenVerifierOptions verifier{};
};

class SigningKeys {
 public:
  // FAILED_PRECONDITION without a cipher (the seeds cannot be stored); DATA_LOSS when a stored seed does not
  // open with this cipher (another --pii-key).
  static absl::StatusOr<std::unique_ptr<SigningKeys>> Load(const DirectoryStores* stores, const PiiCipher* cipher,
                                                           const base::Clock& clock, SigningKeysOptions options = {});

  // Re-reads the keys (rotating when due) and swaps them in.
  absl::Status Refresh();
  // Rotates now, whatever the current key's age (after a suspected leak; tests).
  absl::Status RotateNow();

  absl::StatusOr<auth::IssuedAccessToken> Issue(const auth::AccessTokenClaims& claims) const;
  auth::PublicKeySet Published() const;
  // The caller of a directory RPC (services/auth/grpc_identity.h, reloading keys on an unknown key id).
  absl::StatusOr<auth::Identity> Authenticate(const grpc::ServerContext& context);

 private:
  SigningKeys(const DirectoryStores* stores, const PiiCipher* cipher, const base::Clock& clock,
              SigningKeysOptions options);
  absl::Status LoadFromStore(bool force_rotation);
  bool ReloadForUnknownKey();

  const DirectoryStores* stores_;
  const PiiCipher* cipher_;
  const base::Clock& clock_;
  const SigningKeysOptions options_;
  auth::TokenVerifier verifier_;
  mutable std::mutex mutex_;
  std::shared_ptr<auth::KeyRing> ring_;            // guarded by mutex_
  absl::Time last_reload_ = absl::InfinitePast();  // guarded by mutex_
};

}  // namespace tdkt::directory
