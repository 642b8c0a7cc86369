#pragma once
// OrgTree: what the scheduler's API needs to know about organisations — who is above an organisation (to
// authorise a caller whose role is there) and what lies below it (the organisations of a subtree). The production
// implementation asks the directory over gRPC as the scheduler's service account (GrpcOrgTree); tests give their
// own tree.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/directory_orgs.h"

namespace tdkt::scheduler {

class OrgTree {
 public:
  virtual ~OrgTree() = default;
  // The ancestors of `org_id` on `as_of`, parent first; NOT_FOUND for an unknown organisation.
  virtual absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const = 0;
  // `root_id` and every organisation below it on `as_of` (only those at `level`, a tdkt.v1.OrgLevel number, when
  // it is not 0), the root first; NOT_FOUND for an unknown organisation.
  virtual absl::StatusOr<std::vector<std::string>> Subtree(const std::string& root_id, absl::CivilDay as_of,
                                                           int level = 0) const = 0;
};

class GrpcOrgTree final : public OrgTree {
 public:
  using TokenSource = common::DirectoryOrgs::TokenSource;
  GrpcOrgTree(std::shared_ptr<grpc::Channel> directory, TokenSource access_token)
      : directory_(std::move(directory), std::move(access_token)) {}

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override {
    return directory_.Ancestors(org_id, as_of);
  }
  absl::StatusOr<std::vector<std::string>> Subtree(const std::string& root_id, absl::CivilDay as_of,
                                                   int level = 0) const override {
    return directory_.Subtree(root_id, as_of, level);
  }

 private:
  common::DirectoryOrgs directory_;
};

}  // namespace tdkt::scheduler
