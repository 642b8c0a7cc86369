// gRPC status → HTTP as the contract lists it, and the messages a browser may be shown.
#include "services/gateway/http_errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tdkt::gateway {
namespace {

TEST(HttpErrors, StatusOfEachCode) {
  using C = grpc::StatusCode;
  const std::vector<std::pair<C, int>> table = {
      {C::INVALID_ARGUMENT, 400}, {C::OUT_OF_RANGE, 400},     {C::FAILED_PRECONDITION, 400}, {C::UNAUTHENTICATED, 401},
      {C::PERMISSION_DENIED, 403}, {C::NOT_FOUND, 404},       {C::ALREADY_EXISTS, 409},      {C::ABORTED, 409},
      {C::RESOURCE_EXHAUSTED, 429}, {C::UNAVAILABLE, 503},    {C::DEADLINE_EXCEEDED, 504},   {C::INTERNAL, 500},
      {C::UNKNOWN, 500},           {C::DATA_LOSS, 500},       {C::UNIMPLEMENTED, 500},       {C::CANCELLED, 500}};
  for (const auto& [code, status] : table) EXPECT_EQ(HttpStatusOf(code), status) << CodeName(code);
}

TEST(HttpErrors, BodyIsCodeAndMessage) {
  const auto body = nlohmann::json::parse(ErrorBody(grpc::StatusCode::NOT_FOUND, "Không tìm thấy hồ sơ \"x\""));
  EXPECT_EQ(body, (nlohmann::json{{"code", "NOT_FOUND"}, {"message", "Không tìm thấy hồ sơ \"x\""}}));
}

TEST(HttpErrors, TransportErrorsBecomeVietnameseWithoutInternalAddresses) {
  const grpc::Status down(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses; ipv4:127.0.0.1:7102");
  const grpc::Status shown = ClientFacing(down, "dossier");
  EXPECT_EQ(shown.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(shown.error_message().find("127.0.0.1"), std::string::npos);
  EXPECT_NE(shown.error_message().find("dossier unavailable"), std::string::npos);
  // A service's own Vietnamese message passes unchanged.
  const grpc::Status own(grpc::StatusCode::UNAVAILABLE, "Danh bạ tạm thời không trả lời");
  EXPECT_EQ(ClientFacing(own, "dossier").error_message(), own.error_message());
  const grpc::Status refused(grpc::StatusCode::FAILED_PRECONDITION, "Hồ sơ chưa đủ tài liệu");
  EXPECT_EQ(ClientFacing(refused, "dossier").error_message(), refused.error_message());
  EXPECT_NE(ClientFacing(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"), "notifier")
                .error_message()
                .find("không trả lời kịp"),
            std::string::npos);
}

}  // namespace
}  // namespace tdkt::gateway
