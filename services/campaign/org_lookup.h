#pragma once
// OrgLookup: what the campaign service needs to know about organisations — who is above an organisation on a
// day (to authorise a caller whose role is there and to tell whether an organisation is covered by a campaign)
// and which organisation a directory code names (plan files use codes). The production implementation asks
// the directory over gRPC as the campaign service's account (GrpcOrgLookup); tests give their own tree.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/directory_orgs.h"

namespace tdkt::campaign {

class OrgLookup {
 public:
  virtual ~OrgLookup() = default;
  // The ancestors of `org_id` on `as_of`, parent first; NOT_FOUND for an organisation unknown that day,
  // UNAVAILABLE when the directory cannot answer.
  virtual absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const = 0;
  // The id of the organisation with directory code `code` on `as_of`; NOT_FOUND when there is none.
  virtual absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay as_of) const = 0;
};

class GrpcOrgLookup final : public OrgLookup {
 public:
  using TokenSource = common::DirectoryOrgs::TokenSource;
  GrpcOrgLookup(std::shared_ptr<grpc::Channel> directory, TokenSource access_token)
      : directory_(std::move(directory), std::move(access_token)) {}

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override {
    return directory_.Ancestors(org_id, as_of);
  }
  absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay as_of) const override {
    return directory_.IdOfCode(code, as_of);
  }

 private:
  common::DirectoryOrgs directory_;
};

}  // namespace tdkt::campaign
