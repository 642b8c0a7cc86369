// `tdktctl login --user NAME`: checks the password and shows who the directory says you are.
#include <iostream>

#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

int RunLoginCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] = "usage: tdktctl login --user TÊN [--directory ADDR] (mật khẩu: TDKT_PASSWORD hoặc stdin)";
  LoggedInStart start = StartLoggedIn("login", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  if (!start.words.empty()) {
    err << "tdktctl login: thừa tham số \"" << start.words[0] << "\"\n" << kUsage << "\n";
    return kExitUsage;
  }
  Session& session = *start.session;
  out << "Đăng nhập thành công: " << session.username() << "\n";
  out << "Mã người dùng: " << session.login().person_id() << "\n";
  out << "Hết hạn phiên: " << FormatTime(session.login().access_token_expires_at()) << "\n";
  if (session.login().grants().empty()) {
    out << "Vai trò: (không có)\n";
    return 0;
  }
  out << "Vai trò:\n";
  for (const tdkt::v1::RoleGrant& grant : session.login().grants()) {
    out << "  " << RoleNameVi(grant.role()) << " tại " << session.OrganizationLabel(grant.org_id()) << "\n";
  }
  return 0;
}

}  // namespace tdkt::tdktctl
