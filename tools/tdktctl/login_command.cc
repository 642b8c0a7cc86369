// `tdktctl login --user NAME`: asks the password once (TDKT_PASSWORD or one line of stdin), saves the session
// (session_store.h) as the current user's, and shows who the directory says you are. `tdktctl logout`: revokes
// the saved refresh token and forgets the session.
#include <iostream>

#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"
#include "tools/tdktctl/session_store.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kLoginHelp[] =
    "usage: tdktctl login --user TÊN [--directory ADDR] [--output json]\n"
    "Đăng nhập một lần: mật khẩu lấy từ biến môi trường TDKT_PASSWORD hoặc một dòng stdin (không bao giờ từ dòng\n"
    "lệnh). Phiên (access token và refresh token) được lưu trong $XDG_CONFIG_HOME/tdkt/sessions (hoặc\n"
    "~/.config/tdkt/sessions), quyền 0600, và TÊN thành tài khoản mặc định của các lệnh sau (--user chọn tài khoản\n"
    "khác đã đăng nhập). In mã người dùng, hạn phiên và các vai trò; --output json: LoginResponse không kèm token.\n"
    "Mã thoát: 0 xong; 1 sai mật khẩu hoặc máy chủ từ chối; 2 sai cú pháp; 3 không kết nối được.\n";

constexpr char kLogoutHelp[] =
    "usage: tdktctl logout [--user TÊN] [--directory ADDR]\n"
    "Thu hồi refresh token đã lưu tại dịch vụ danh mục và xóa phiên đã lưu (mặc định: của tài khoản mặc định).\n"
    "Phiên luôn được xóa khỏi máy; không thu hồi được (máy chủ không trả lời) thì báo và thoát với mã 3.\n";

int RunLogin(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok()) {
    err << "tdktctl login: " << options.status().message() << "\n" << kLoginHelp;
    return kExitUsage;
  }
  if (options->user.empty() || !words.empty()) {
    err << "tdktctl login: " << (words.empty() ? "cần --user TÊN_ĐĂNG_NHẬP" : "thừa tham số \"" + words[0] + "\"")
        << "\n" << kLoginHelp;
    return kExitUsage;
  }
  absl::StatusOr<SessionStore> store = SessionStore::ForDirectory(options->directory_addr);
  if (!store.ok()) return Failed("login", store.status(), err);
  absl::StatusOr<std::string> password = ReadPassword(std::cin);
  if (!password.ok()) {
    err << "tdktctl login: " << password.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Login(*options, options->user, *password);
  if (!session.ok()) return Failed("login", session.status(), err);
  if (absl::Status saved = store->Save(options->user, (*session)->login()); !saved.ok()) {
    return Failed("login", saved, err);
  }
  if (absl::Status current = store->SetCurrentUser(options->user); !current.ok()) {
    return Failed("login", current, err);
  }
  const tdkt::v1::LoginResponse& login = (*session)->login();
  if (options->json) {
    tdkt::v1::LoginResponse shown = login;
    shown.clear_access_token();
    shown.clear_refresh_token();
    PrintJson(shown, out);
    return kExitOk;
  }
  out << "Đăng nhập thành công: " << options->user << "\n";
  out << "Mã người dùng: " << login.person_id() << "\n";
  out << "Hết hạn phiên: " << FormatTime(login.refresh_token_expires_at()) << " (tự gia hạn đến lúc đó)\n";
  if (login.grants().empty()) {
    out << "Vai trò: (không có)\n";
    return kExitOk;
  }
  out << "Vai trò:\n";
  for (const tdkt::v1::RoleGrant& grant : login.grants()) {
    out << "  " << RoleNameVi(grant.role()) << " tại " << (*session)->OrganizationLabel(grant.org_id()) << "\n";
  }
  return kExitOk;
}

int RunLogout(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok() || !words.empty()) {
    err << "tdktctl logout: " << (options.ok() ? "thừa tham số \"" + words[0] + "\"" : options.status().message())
        << "\n" << kLogoutHelp;
    return kExitUsage;
  }
  absl::StatusOr<SessionStore> store = SessionStore::ForDirectory(options->directory_addr);
  if (!store.ok()) return Failed("logout", store.status(), err);
  const std::string username = options->user.empty() ? store->CurrentUser() : options->user;
  if (username.empty()) {
    out << "Không có phiên đăng nhập nào đã lưu\n";
    return kExitOk;
  }
  // Logout is an authenticated call: resume (and if need be refresh) the session first.
  OnlineOptions as_user = *options;
  as_user.user = username;
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Resume(as_user);
  if (!session.ok() && !absl::IsUnauthenticated(session.status())) {
    (void)store->Remove(username);
    err << "tdktctl logout: đã xóa phiên khỏi máy nhưng không thu hồi được refresh token: "
        << session.status().message() << "\n";
    return ExitCodeOf(session.status());
  }
  if (!session.ok()) {  // nothing saved, or already expired: nothing to revoke
    if (absl::Status removed = store->Remove(username); !removed.ok()) return Failed("logout", removed, err);
    out << "Không còn phiên đăng nhập hợp lệ của " << username << "; đã xóa phiên đã lưu\n";
    return kExitOk;
  }
  tdkt::v1::LogoutRequest request;
  request.set_request_id(NewRequestId());
  request.set_refresh_token((*session)->login().refresh_token());
  tdkt::v1::LogoutResponse response;
  const grpc::Status status = (*session)->directory().Logout((*session)->Context().get(), request, &response);
  if (absl::Status removed = store->Remove(username); !removed.ok()) return Failed("logout", removed, err);
  if (!status.ok()) {
    err << "tdktctl logout: đã xóa phiên khỏi máy nhưng "
        << DescribeFailure("không thu hồi được refresh token tại " + options->directory_addr, status) << "\n";
    return ExitCodeOf(FromGrpc("", status));
  }
  out << "Đã đăng xuất " << username << "\n";
  return kExitOk;
}

}  // namespace

Subcommand LoginSubcommand() {
  return {"login", "đăng nhập một lần, lưu phiên (--user TÊN; mật khẩu: TDKT_PASSWORD hoặc stdin)", kLoginHelp,
          RunLogin};
}

Subcommand LogoutSubcommand() { return {"logout", "đăng xuất, xóa phiên đã lưu", kLogoutHelp, RunLogout}; }

}  // namespace tdkt::tdktctl
