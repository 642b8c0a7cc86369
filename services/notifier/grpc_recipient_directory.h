#pragma once
// GrpcRecipientDirectory: RecipientDirectory over the directory service's gRPC API (ListRoleAssignments,
// ListCouncils, ListAncestorOrganizations, GetOrganization, GetPerson), authenticated as the notifier's service
// account (auth::DirectorySession). Wrap it in CachingRecipientDirectory: an event otherwise costs a round trip
// per audience and name.
//
// E-mail addresses: the directory shows them only to the person and to an ADMIN over one of the person's
// organisations; for any other caller GetPerson answers with the address blank. Until the directory lets the
// notifier's account read addresses, EmailAddress is empty and no e-mail goes out (docs/architecture.md §8).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "services/notifier/recipient_directory.h"

namespace grpc {
class Channel;
}

namespace tdkt::notifier {

class GrpcRecipientDirectory final : public RecipientDirectory {
 public:
  // Gives the token sent as `authorization: Bearer …` with each call (e.g. DirectorySession::AccessToken).
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  GrpcRecipientDirectory(std::shared_ptr<grpc::Channel> channel, TokenSource access_token);
  ~GrpcRecipientDirectory() override;

  absl::StatusOr<std::vector<std::string>> PeopleWithRole(const std::string& org_id, tdkt::v1::Role role,
                                                          absl::CivilDay as_of) const override;
  absl::StatusOr<CouncilRoster> Council(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> EmailAddress(const std::string& person_id) const override;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
};

}  // namespace tdkt::notifier
