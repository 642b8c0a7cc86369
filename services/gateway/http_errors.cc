#include "services/gateway/http_errors.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace tdkt::gateway {
namespace {

bool HasNonAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string ErrorBody(grpc::StatusCode code, std::string_view message) {
  nlohmann::json body = {{"code", CodeName(code)}, {"message", std::string(message)}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

grpc::Status ClientFacing(const grpc::Status& status, std::string_view upstream) {
  const std::string& message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      if (HasNonAscii(message)) return status;
      return grpc::Status(status.error_code(), absl::StrCat("Dịch vụ tạm thời không trả lời, xin thử lại sau (",
                                                            std::string(upstream), " unavailable)"));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return grpc::Status(status.error_code(), absl::StrCat("Dịch vụ không trả lời kịp, xin thử lại sau (", std::string(upstream),
                                                            " did not answer in time)"));
    case grpc::StatusCode::CANCELLED:
      return grpc::Status(status.error_code(), absl::StrCat("Yêu cầu đã bị huỷ (", std::string(upstream), " call cancelled)"));
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::UNIMPLEMENTED:
      if (HasNonAscii(message)) return status;
      return grpc::Status(status.error_code(),
                          absl::StrCat("Lỗi hệ thống, xin thử lại sau (", std::string(upstream), " internal error)"));
    default:
      return status;
  }
}

grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace tdkt::gateway
