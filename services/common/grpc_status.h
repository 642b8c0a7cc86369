#pragma once
// ToGrpcStatus: the one place where a domain absl::Status becomes a gRPC status (docs/architecture.md §9). The codes map
// one to one (both follow google.rpc.Code); INTERNAL and UNKNOWN messages are replaced by a generic text
// so that no SQL or stack detail reaches a client — the detail is logged where the error was made.
#include "absl/status/status.h"
#include <grpcpp/support/status.h>

namespace tdkt::common {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace tdkt::common
