#include "tools/tdktctl/subcommands.h"

#include <algorithm>

#include "tools/tdktctl/calendar_admin_command.h"
#include "tools/tdktctl/calendar_command.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

// `calendar`: the stored calendar's verbs go online, the others stay offline.
int RunCalendar(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (std::any_of(args.begin(), args.end(), IsCalendarAdminVerb)) return RunCalendarAdminCommand(args, out, err);
  return RunCalendarCommand(args, out, err);
}

void PrintUsage(std::ostream& stream) {
  stream << "usage: tdktctl <subcommand> ...\n";
  for (const Subcommand& subcommand : Subcommands()) {
    stream << "  " << subcommand.name << "  " << subcommand.summary << "\n";
  }
  stream << "Online subcommands take --user NAME (password: TDKT_PASSWORD or one line of stdin) and --directory, "
            "--dossier, --notifier ADDR (TDKT_DIRECTORY_ADDR, TDKT_DOSSIER_ADDR, TDKT_NOTIFIER_ADDR).\n";
}

}  // namespace

const std::vector<Subcommand>& Subcommands() {
  static const std::vector<Subcommand>* const kSubcommands = new std::vector<Subcommand>{
      {"calendar",
       "working days, holidays and lunar dates (offline: lunar, is-working-day, add-working-days, "
       "working-days-between); the stored calendar (online: set-year FILE [--reason TEXT], show-year YEAR, changes "
       "[--year YEAR])",
       RunCalendar},
      {"login", "đăng nhập, xem vai trò (--user TÊN; mật khẩu: TDKT_PASSWORD hoặc stdin)", RunLoginCommand},
      {"inbox", "hồ sơ đang chờ tôi xử lý", RunInboxCommand},
      {"show", "một hồ sơ và lịch sử của nó", RunShowCommand},
      {"search", "tìm hồ sơ [--name] [--state] [--year]", RunSearchCommand},
      {"notifications", "thông báo của tôi [--unread: chỉ thông báo chưa đọc]", RunNotificationsCommand},
      {"status", "tra cứu công khai theo mã tra cứu (không cần đăng nhập)", RunStatusCommand},
      {"demo-scenario", "nạp các hồ sơ demo (chạy lại không thay đổi gì)", RunDemoScenarioCommand},
  };
  return *kSubcommands;
}

int Dispatch(const std::vector<std::string>& given, std::ostream& out, std::ostream& err) {
  // Global options of the online subcommands may come before the subcommand's name: they are handed to it.
  std::vector<std::string> leading;
  size_t i = 0;
  while (i < given.size()) {
    const std::string& word = given[i];
    bool separate_value = false;
    bool joined_value = false;
    for (const std::string option : {"--directory", "--dossier", "--notifier", "--user", "--data-dir"}) {
      separate_value = separate_value || word == option;
      joined_value = joined_value || word.rfind(option + "=", 0) == 0;
    }
    if (joined_value) {
      leading.push_back(word);
      i += 1;
    } else if (separate_value && i + 1 < given.size()) {
      leading.push_back(word);
      leading.push_back(given[i + 1]);
      i += 2;
    } else {
      break;
    }
  }
  std::vector<std::string> args(given.begin() + static_cast<std::ptrdiff_t>(i), given.end());
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    PrintUsage(out);
    return 0;
  }
  if (!args.empty()) args.insert(args.begin() + 1, leading.begin(), leading.end());
  if (!args.empty()) {
    for (const Subcommand& subcommand : Subcommands()) {
      if (args[0] == subcommand.name) {
        return subcommand.run(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
      }
    }
    err << "tdktctl: unknown subcommand \"" << args[0] << "\"\n";
  }
  PrintUsage(err);
  return 2;
}

}  // namespace tdkt::tdktctl
