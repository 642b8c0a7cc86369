#include "services/common/grpc_status.h"

#include <gtest/gtest.h>

namespace tdkt::common {
namespace {

TEST(ToGrpcStatus, MapsEachDomainCode) {
  const std::vector<std::pair<absl::Status, grpc::StatusCode>> cases = {
      {absl::InvalidArgumentError("x"), grpc::StatusCode::INVALID_ARGUMENT},
      {absl::FailedPreconditionError("x"), grpc::StatusCode::FAILED_PRECONDITION},
      {absl::AbortedError("x"), grpc::StatusCode::ABORTED},
      {absl::AlreadyExistsError("x"), grpc::StatusCode::ALREADY_EXISTS},
      {absl::NotFoundError("x"), grpc::StatusCode::NOT_FOUND},
      {absl::PermissionDeniedError("x"), grpc::StatusCode::PERMISSION_DENIED},
      {absl::UnauthenticatedError("x"), grpc::StatusCode::UNAUTHENTICATED},
      {absl::UnavailableError("x"), grpc::StatusCode::UNAVAILABLE},
      {absl::OkStatus(), grpc::StatusCode::OK},
  };
  for (const auto& [domain, expected] : cases) {
    EXPECT_EQ(ToGrpcStatus(domain).error_code(), expected) << domain;
  }
}

TEST(ToGrpcStatus, KeepsDomainMessages) {
  EXPECT_EQ(ToGrpcStatus(absl::FailedPreconditionError("Hồ sơ đã bị rút")).error_message(), "Hồ sơ đã bị rút");
}

TEST(ToGrpcStatus, HidesInternalDetail) {
  grpc::Status status = ToGrpcStatus(absl::InternalError("relation dossier.events does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message().find("relation"), std::string::npos);
}

}  // namespace
}  // namespace tdkt::common
