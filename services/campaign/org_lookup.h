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

namespace grpc {
class Channel;
}

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
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  GrpcOrgLookup(std::shared_ptr<grpc::Channel> directory, TokenSource access_token);
  ~GrpcOrgLookup() override;

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay as_of) const override;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
};

}  // namespace tdkt::campaign
