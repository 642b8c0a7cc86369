#pragma once
// Errors as the HTTP API gives them: the HTTP status of a gRPC code (as grpc-gateway maps them) and the body
// {"code": "<GRPC_CODE_NAME>", "message": "<Vietnamese message>"}.
#include <string>
#include <string_view>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tdkt::gateway {

// INVALID_ARGUMENT/OUT_OF_RANGE/FAILED_PRECONDITION → 400, UNAUTHENTICATED → 401, PERMISSION_DENIED → 403,
// NOT_FOUND → 404, ALREADY_EXISTS/ABORTED → 409, RESOURCE_EXHAUSTED → 429, UNAVAILABLE → 503,
// DEADLINE_EXCEEDED → 504, anything else → 500.
int HttpStatusOf(grpc::StatusCode code);

// "INVALID_ARGUMENT", "NOT_FOUND", …
std::string CodeName(grpc::StatusCode code);

// The JSON error body.
std::string ErrorBody(grpc::StatusCode code, std::string_view message);

// A status a service answered, made fit for a browser: the services' own (Vietnamese) messages pass as they
// are; what gRPC itself says when a service cannot be reached or does not answer in time (English, naming
// internal addresses) becomes a Vietnamese message naming the service (`upstream`).
grpc::Status ClientFacing(const grpc::Status& status, std::string_view upstream);

// An absl::Status of the gateway's own as a gRPC one (same codes).
grpc::Status ToGrpc(const absl::Status& status);

}  // namespace tdkt::gateway
