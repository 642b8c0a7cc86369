#pragma once
// tdktctl's exit codes, the same for every subcommand (tdktctl --help and docs/tdktctl.md list them), and how a
// failed call maps to them. A script can tell "the server said no" from "the server is down" from "log in again".
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace tdkt::tdktctl {

inline constexpr int kExitOk = 0;
// The server refused the request (no permission, wrong state, stale version, not found, a wrong password…), or a
// local file could not be read or written.
inline constexpr int kExitRefused = 1;
// Bad usage: an unknown subcommand or option, a missing or malformed argument (nothing was sent).
inline constexpr int kExitUsage = 2;
// A server could not be reached or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED).
inline constexpr int kExitUnreachable = 3;
// Not logged in: no saved session for the user (and no TDKT_PASSWORD to log in with), or the session expired
// and could not be renewed, or the server no longer accepts its token.
inline constexpr int kExitNotLoggedIn = 4;

// The exit code for a failed call (its absl code is the gRPC code: the two enums share their numbers).
int ExitCodeOf(const absl::Status& status);

// A gRPC failure as an absl::Status with the same code and DescribeFailure's text.
absl::Status FromGrpc(const std::string& what, const grpc::Status& status);

// The text of `tdktctl --help` that explains the exit codes.
inline constexpr char kExitCodesHelp[] =
    "Mã thoát: 0 thành công; 1 máy chủ từ chối (không có quyền, sai trạng thái, phiên bản cũ, không tìm thấy, sai "
    "mật khẩu…) hoặc không đọc/ghi được tệp; 2 sai cú pháp lệnh (chưa gửi gì); 3 không kết nối được máy chủ "
    "(UNAVAILABLE, DEADLINE_EXCEEDED); 4 chưa đăng nhập hoặc phiên đăng nhập hết hạn (chạy tdktctl login).";

}  // namespace tdkt::tdktctl
