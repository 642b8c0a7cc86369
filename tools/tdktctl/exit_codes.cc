#include "tools/tdktctl/exit_codes.h"

#include "tools/tdktctl/online_client.h"

namespace tdkt::tdktctl {

int ExitCodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk: return kExitOk;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded: return kExitUnreachable;
    case absl::StatusCode::kUnauthenticated: return kExitNotLoggedIn;
    default: return kExitRefused;
  }
}

absl::Status FromGrpc(const std::string& what, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), DescribeFailure(what, status));
}

}  // namespace tdkt::tdktctl
