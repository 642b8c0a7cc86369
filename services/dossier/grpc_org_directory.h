#pragma once
// GrpcOrgDirectory: OrgDirectory over the directory service's gRPC API (ListAncestorOrganizations,
// GetOrganization, ListCouncils, GetPerson), authenticated as the dossier service account
// (auth::DirectorySession). The account sees people's names, never their personal data (the directory redacts
// it for every caller but admins and the person).
// Wrap it in CachingOrgDirectory: each question is otherwise a network round trip per transition.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "services/dossier/org_directory.h"

namespace grpc {
class Channel;
}
namespace tdkt::v1 {
class Organization;
}

namespace tdkt::dossier {

class GrpcOrgDirectory final : public OrgDirectory {
 public:
  // Gives the token sent as `authorization: Bearer …` with each call (e.g. DirectorySession::AccessToken).
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  GrpcOrgDirectory(std::shared_ptr<grpc::Channel> channel, TokenSource access_token);
  ~GrpcOrgDirectory() override;

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<CouncilRoster> CouncilMembers(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> PersonName(const std::string& person_id) const override;

 private:
  absl::StatusOr<tdkt::v1::Organization> Organisation(const std::string& org_id, absl::CivilDay as_of) const;

  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
};

}  // namespace tdkt::dossier
