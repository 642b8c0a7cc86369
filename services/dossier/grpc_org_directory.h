#pragma once
// GrpcOrgDirectory: OrgDirectory over the directory service's gRPC API (ListAncestorOrganizations,
// GetOrganization, ListCouncils), authenticated with the dossier service's own access token. Untested against
// the real directory yet (its end-to-end tests come when both services run together); tests use
// InMemoryOrgDirectory.
#include <memory>
#include <string>
#include <vector>

#include "services/dossier/org_directory.h"

namespace grpc {
class Channel;
}

namespace tdkt::dossier {

class GrpcOrgDirectory final : public OrgDirectory {
 public:
  // `access_token` is sent as `authorization: Bearer …` (empty: none).
  GrpcOrgDirectory(std::shared_ptr<grpc::Channel> channel, std::string access_token);
  ~GrpcOrgDirectory() override;

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::vector<std::string>> CouncilMembers(const std::string& org_id,
                                                         absl::CivilDay as_of) const override;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  std::string access_token_;
};

}  // namespace tdkt::dossier
