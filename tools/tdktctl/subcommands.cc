#include "tools/tdktctl/subcommands.h"

#include "tools/tdktctl/calendar_command.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand>* const kSubcommands = new std::vector<Subcommand>{
      {"calendar", "working days, holidays and lunar dates (offline)", RunCalendarCommand},
      {"login", "đăng nhập, xem vai trò (--user TÊN; mật khẩu: TDKT_PASSWORD hoặc stdin)", RunLoginCommand},
      {"inbox", "hồ sơ đang chờ tôi xử lý", RunInboxCommand},
      {"show", "một hồ sơ và lịch sử của nó", RunShowCommand},
      {"search", "tìm hồ sơ [--name] [--state] [--year]", RunSearchCommand},
      {"status", "tra cứu công khai theo mã tra cứu (không cần đăng nhập)", RunStatusCommand},
      {"demo-scenario", "nạp các hồ sơ demo (chạy lại không thay đổi gì)", RunDemoScenarioCommand},
  };
  return *kSubcommands;
}

int Dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty()) {
    for (const Subcommand& subcommand : Subcommands()) {
      if (args[0] == subcommand.name) {
        return subcommand.run(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
      }
    }
    err << "tdktctl: unknown subcommand \"" << args[0] << "\"\n";
  }
  err << "usage: tdktctl <subcommand> ...\n";
  for (const Subcommand& subcommand : Subcommands()) {
    err << "  " << subcommand.name << "  " << subcommand.summary << "\n";
  }
  return 2;
}

}  // namespace tdkt::tdktctl
