#pragma once
// DirectoryLink: what tdkt-dossier needs from the directory service, set up at start: the token verification
// keys (waited for while the directory starts — the demo starts both together), their refetch when a token
// names a key the verifier does not know, and the dossier service account's session (logged in once at start,
// so that a wrong password stops the service with one clear line instead of failing every transition).
//
//   auto link = ValueOrExit(DirectoryLink::Connect(address, username, password, clock));
//   DossierServer::Create(config, {.verifier = &link->verifier(), .refresh_keys = link->KeyRefresh(),
//                                  .directory_token = link->AccessToken(), …});
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/auth/directory_client.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/grpc_org_directory.h"

namespace tdkt::dossier {

class DirectoryLink {
 public:
  // UNAVAILABLE when the directory gives no keys within `wait_for_keys`; UNAUTHENTICATED when the service
  // account cannot log in. The messages name the flags to check.
  static absl::StatusOr<std::unique_ptr<DirectoryLink>> Connect(const std::string& address, std::string username,
                                                                std::string password, const base::Clock& clock,
                                                                absl::Duration wait_for_keys = absl::Seconds(30));

  const auth::TokenVerifier& verifier() const { return *verifier_; }
  // DossierServerDeps::refresh_keys (auth::KeyRefresher::Refresh).
  std::function<bool()> KeyRefresh();
  // DossierServerDeps::directory_token (auth::DirectorySession::AccessToken).
  GrpcOrgDirectory::TokenSource AccessToken();

 private:
  DirectoryLink() = default;

  std::unique_ptr<tdkt::v1::DirectoryService::Stub> stub_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<auth::KeyRefresher> refresher_;
  std::unique_ptr<auth::DirectorySession> session_;
};

}  // namespace tdkt::dossier
