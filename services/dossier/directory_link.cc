#include "services/dossier/directory_link.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace tdkt::dossier {
namespace {

// Retried once a second: the directory may still be starting.
absl::StatusOr<auth::PublicKeySet> WaitForPublicKeys(tdkt::v1::DirectoryService::StubInterface& directory,
                                                     absl::Duration wait) {
  const absl::Time give_up = absl::Now() + wait;
  while (true) {
    absl::StatusOr<auth::PublicKeySet> keys = auth::FetchPublicKeys(directory);
    if (keys.ok()) return keys;
    if (absl::Now() > give_up) {
      return absl::UnavailableError(absl::StrCat("cannot get the token keys from the directory at --directory-addr / "
                                                 "TDKT_DIRECTORY_ADDR: ",
                                                 keys.status().message()));
    }
    spdlog::info("dossier: waiting for the directory's token keys");
    absl::SleepFor(absl::Seconds(1));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<DirectoryLink>> DirectoryLink::Connect(const std::string& address, std::string username,
                                                                      std::string password, const base::Clock& clock,
                                                                      absl::Duration wait_for_keys) {
  std::unique_ptr<DirectoryLink> link(new DirectoryLink());
  link->stub_ = tdkt::v1::DirectoryService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  absl::StatusOr<auth::PublicKeySet> keys = WaitForPublicKeys(*link->stub_, wait_for_keys);
  if (!keys.ok()) return keys.status();
  link->verifier_ = std::make_unique<auth::TokenVerifier>(*std::move(keys), clock);
  link->refresher_ = std::make_unique<auth::KeyRefresher>(*link->stub_, *link->verifier_, clock);
  link->session_ =
      std::make_unique<auth::DirectorySession>(*link->stub_, std::move(username), std::move(password), clock);
  if (absl::StatusOr<std::string> token = link->session_->AccessToken(); !token.ok()) {
    return absl::UnauthenticatedError(absl::StrCat("the dossier service account cannot log in to the directory "
                                                   "(--directory-username / --directory-password): ",
                                                   token.status().message()));
  }
  return link;
}

std::function<bool()> DirectoryLink::KeyRefresh() {
  return [refresher = refresher_.get()] { return refresher->Refresh(); };
}

GrpcOrgDirectory::TokenSource DirectoryLink::AccessToken() {
  return [session = session_.get()] { return session->AccessToken(); };
}

}  // namespace tdkt::dossier
