#pragma once
// Serve: the one shape of a unary gRPC handler in every service. The body returns absl::Status (checks,
// authorisation, store calls chained with TDKT_RETURN_IF_ERROR / TDKT_ASSIGN_OR_RETURN); Serve maps it once
// with ToGrpcStatus. An exception escaping the body (a broken invariant in a library) becomes INTERNAL with
// its detail logged, never sent.
//
//   grpc::Status DossierServiceImpl::GetDossier(grpc::ServerContext* context, const GetDossierRequest* request,
//                                               GetDossierResponse* response) {
//     return common::Serve("GetDossier", [&]() -> absl::Status {
//       TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
//       …
//       return absl::OkStatus();
//     });
//   }
#include <exception>
#include <string_view>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "services/common/grpc_status.h"

namespace tdkt::common {

// Logs "<method>: unexpected exception: <what>" (the detail stays in the log).
void LogUnexpectedException(std::string_view method, const char* what);

template <typename Body>
grpc::Status Serve(std::string_view method, Body&& body) {
  try {
    return ToGrpcStatus(body());
  } catch (const std::exception& error) {
    LogUnexpectedException(method, error.what());
  } catch (...) {
    LogUnexpectedException(method, "(not a std::exception)");
  }
  return ToGrpcStatus(absl::InternalError("unexpected exception"));
}

}  // namespace tdkt::common
