#pragma once
// The directory as seen by the other services: its token verification keys and a service account session.
//
//   auto stub = tdkt::v1::DirectoryService::NewStub(channel);
//   TDKT_ASSIGN_OR_RETURN(PublicKeySet keys, FetchPublicKeys(*stub));          // GetPublicKeys
//   TokenVerifier verifier(keys, clock);
//   KeyRefresher refresher(*stub, verifier, clock);   // for AuthenticatedIdentity's refresh_keys: refetch on an
//                                                     // unknown key id, at most once per min_interval
//   DirectorySession session(*stub, "svc-dossier", password, clock);
//   TDKT_ASSIGN_OR_RETURN(std::string token, session.AccessToken());  // logs in or refreshes when needed
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/auth/public_key_set.h"
#include "services/auth/token_verifier.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "base/clock.h"

namespace tdkt::auth {

// tdkt.v1.PublicKey (GetPublicKeys) ↔ PublicKeyInfo. FromProto: INVALID_ARGUMENT for a key that is not
// OKP/Ed25519/EdDSA/sig or whose x is not 32 bytes of base64url.
tdkt::v1::PublicKey PublicKeyToProto(const PublicKeyInfo& key);
absl::StatusOr<PublicKeyInfo> PublicKeyFromProto(const tdkt::v1::PublicKey& key);

// Calls GetPublicKeys (unauthenticated). UNAVAILABLE when the directory cannot be reached within `timeout`.
absl::StatusOr<PublicKeySet> FetchPublicKeys(tdkt::v1::DirectoryService::StubInterface& directory,
                                             absl::Duration timeout = absl::Seconds(3));

// Swaps freshly fetched keys into a verifier, at most once per `min_interval`, so that tokens with made-up
// key ids cannot make a service hammer the directory.
class KeyRefresher {
 public:
  KeyRefresher(tdkt::v1::DirectoryService::StubInterface& directory, TokenVerifier& verifier,
               const base::Clock& clock, absl::Duration min_interval = absl::Seconds(30));
  // True when new keys were fetched and installed.
  bool Refresh();

 private:
  tdkt::v1::DirectoryService::StubInterface& directory_;
  TokenVerifier& verifier_;
  const base::Clock& clock_;
  const absl::Duration min_interval_;
  std::mutex mutex_;
  absl::Time last_attempt_ = absl::InfinitePast();  // guarded by mutex_
};

// A service account's login to the directory: AccessToken() returns a token valid for at least `margin`,
// refreshing (rotating refresh token) or logging in again as needed. Thread-safe.
class DirectorySession {
 public:
  DirectorySession(tdkt::v1::DirectoryService::StubInterface& directory, std::string username, std::string password,
                   const base::Clock& clock, absl::Duration margin = absl::Minutes(2));
  absl::StatusOr<std::string> AccessToken();

 private:
  absl::Status LoginLocked();
  absl::Status RefreshLocked();
  // Keeps the token pair of a LoginResponse or RefreshResponse.
  template <typename TokenPair>
  void RememberLocked(const TokenPair& response);

  tdkt::v1::DirectoryService::StubInterface& directory_;
  const std::string username_;
  const std::string password_;
  const base::Clock& clock_;
  const absl::Duration margin_;
  std::mutex mutex_;
  std::string access_token_;   // guarded by mutex_
  absl::Time access_expires_;  // guarded by mutex_
  std::string refresh_token_;  // guarded by mutex_
  absl::Time refresh_expires_; // guarded by mutex_
};

}  // namespace tdkt::auth
