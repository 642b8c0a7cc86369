#include "services/common/grpc_server.h"

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"

namespace tdkt::common {
namespace {

grpc::health::v1::HealthCheckResponse::ServingStatus CheckHealth(int port) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
}

TEST(GrpcServer, AnswersTheHealthCheck) {
  GrpcServer server({});
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.bound_port(), 0);
  EXPECT_EQ(CheckHealth(server.bound_port()), grpc::health::v1::HealthCheckResponse::SERVING);
  server.Shutdown();
  EXPECT_EQ(CheckHealth(server.bound_port()), grpc::health::v1::HealthCheckResponse::UNKNOWN);
}

TEST(GrpcServer, OccupiedPortIsAClearError) {
  GrpcServer first({});
  ASSERT_TRUE(first.Start().ok());
  const std::string address = absl::StrCat("127.0.0.1:", first.bound_port());
  GrpcServer second({.listen_address = address});
  absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find(address), std::string::npos) << status;
  EXPECT_NE(status.message().find("--listen"), std::string::npos) << status;
}

}  // namespace
}  // namespace tdkt::common
