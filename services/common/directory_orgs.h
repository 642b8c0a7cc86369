#pragma once
// DirectoryOrgs: the organisation lookups a service makes in the directory as its service account — the
// ancestors of an organisation, a subtree, the organisation a code names, each as of a day. One client for the
// scheduler's OrgTree and the campaign service's OrgLookup (their interfaces stay theirs, so that tests give
// their own trees). NOT_FOUND for an organisation unknown that day, UNAVAILABLE when the directory cannot answer.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace grpc {
class Channel;
}

namespace tdkt::common {

class DirectoryOrgs {
 public:
  // The bearer token of the service account, fetched (and renewed) for each call.
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  DirectoryOrgs(std::shared_ptr<grpc::Channel> directory, TokenSource access_token);
  ~DirectoryOrgs();

  // The ancestors of `org_id` on `as_of`, parent first.
  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const;
  // `root_id` and every organisation below it on `as_of` (only those at `level`, a tdkt.v1.OrgLevel number, when
  // it is not 0), the root first.
  absl::StatusOr<std::vector<std::string>> Subtree(const std::string& root_id, absl::CivilDay as_of,
                                                   int level) const;
  // The id of the organisation with directory code `code` on `as_of`.
  absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay as_of) const;

 private:
  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
};

}  // namespace tdkt::common
