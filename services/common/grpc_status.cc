#include "services/common/grpc_status.h"

#include <string>

#include <spdlog/spdlog.h>

#include "services/common/handler.h"

namespace tdkt::common {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    return grpc::Status(code, "Lỗi nội bộ máy chủ; vui lòng thử lại sau (internal error)");
  }
  // A dependency that is down (PostgreSQL, the directory) is the operator's business: the detail names hosts
  // and ports, so it goes to the log only.
  if (status.code() == absl::StatusCode::kUnavailable) {
    spdlog::warn("unavailable: {}", std::string(status.message()));
    return grpc::Status(code, "Dịch vụ tạm thời không khả dụng; vui lòng thử lại sau (service unavailable)");
  }
  return grpc::Status(code, std::string(status.message()));
}

void LogUnexpectedException(std::string_view method, const char* what) {
  spdlog::error("{}: unexpected exception: {}", std::string(method), what);
}

}  // namespace tdkt::common
