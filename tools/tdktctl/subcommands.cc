#include "tools/tdktctl/subcommands.h"

#include <algorithm>

#include "tools/tdktctl/calendar_admin_command.h"
#include "tools/tdktctl/calendar_command.h"
#include "tools/tdktctl/exit_codes.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kGlobalHelp[] =
    "Tùy chọn chung (trước hoặc sau tên lệnh):\n"
    "  --directory ADDR   dịch vụ danh mục (TDKT_DIRECTORY_ADDR, mặc định 127.0.0.1:7101)\n"
    "  --dossier ADDR     dịch vụ hồ sơ (TDKT_DOSSIER_ADDR, mặc định 127.0.0.1:7102)\n"
    "  --notifier ADDR    dịch vụ thông báo (TDKT_NOTIFIER_ADDR, mặc định 127.0.0.1:7104)\n"
    "  --scheduler ADDR   dịch vụ nhắc hạn (TDKT_SCHEDULER_ADDR, mặc định 127.0.0.1:7103)\n"
    "  --campaign ADDR    dịch vụ phong trào thi đua (TDKT_CAMPAIGN_ADDR, mặc định 127.0.0.1:7105)\n"
    "  --user TÊN         tài khoản đã đăng nhập sẽ dùng (mặc định: tài khoản của lần tdktctl login gần nhất)\n"
    "  --output json      in phản hồi của máy chủ dạng protobuf JSON, một dòng (mặc định: --output text)\n"
    "  --data-dir DIR     thư mục data/ (TDKT_DATA_DIR) cho tên danh hiệu và lịch\n"
    "Đăng nhập: tdktctl login --user TÊN hỏi mật khẩu một lần (TDKT_PASSWORD hoặc một dòng stdin, không bao giờ trên\n"
    "dòng lệnh) và lưu phiên vào $XDG_CONFIG_HOME/tdkt (hoặc ~/.config/tdkt), quyền 0600; các lệnh sau dùng lại và\n"
    "tự gia hạn phiên; tdktctl logout xóa nó. Không có phiên đã lưu mà có TDKT_PASSWORD: lệnh tự đăng nhập.\n"
    "Mỗi lệnh thay đổi hồ sơ gửi một request_id mới (--request-id để gửi lại đúng yêu cầu cũ) và phiên bản hồ sơ\n"
    "đang thấy (--version N, mặc định đọc hồ sơ trước); hồ sơ được chỉ bằng mã hồ sơ hoặc mã tra cứu.\n";

bool IsHelp(const std::string& word) { return word == "--help" || word == "-h"; }

// `calendar`: the stored calendar's verbs go online, the others stay offline.
int RunCalendar(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (std::any_of(args.begin(), args.end(), IsCalendarAdminVerb)) return RunCalendarAdminCommand(args, out, err);
  return RunCalendarCommand(args, out, err);
}

std::string CalendarHelp() {
  return std::string(
             "usage: tdktctl calendar [--data-dir DIR] (lunar NGÀY | is-working-day NGÀY | add-working-days NGÀY N |\n"
             "       working-days-between TỪ ĐẾN), ngày dạng YYYY-MM-DD\n"
             "Lịch làm việc Việt Nam từ data/holidays (Tết và Giỗ Tổ theo âm lịch, các năm có quyết định hoán đổi),\n"
             "không cần máy chủ. Mã thoát: 0 xong; 1 không đọc được dữ liệu lịch; 2 sai cú pháp.\n") +
         CalendarAdminHelp();
}

void PrintOverview(std::ostream& os) {
  os << "usage: tdktctl [tùy chọn chung] <lệnh> [tham số] (tdktctl <lệnh> --help: chi tiết)\n";
  for (const Subcommand& subcommand : Subcommands()) {
    std::string name = subcommand.name;
    if (name.size() < 16) name.resize(16, ' ');
    os << "  " << name << " " << subcommand.summary << "\n";
  }
  os << kGlobalHelp << kExitCodesHelp << "\n";
}

}  // namespace

const std::vector<Subcommand>& Subcommands() {
  static const std::string calendar_help = CalendarHelp();
  static const std::vector<Subcommand>* const kSubcommands = [] {
    auto* all = new std::vector<Subcommand>{
        {"calendar", "ngày làm việc, ngày nghỉ, âm lịch; lịch nghỉ đã lưu (set-year, show-year, changes)",
         calendar_help.c_str(), RunCalendar},
    };
    for (const Subcommand& online : OnlineSubcommands()) all->push_back(online);
    return all;
  }();
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
    for (const std::string option :
         {"--directory", "--dossier", "--notifier", "--scheduler", "--campaign", "--user", "--data-dir", "--output"}) {
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
  if (!args.empty() && IsHelp(args[0])) {
    PrintOverview(out);
    return kExitOk;
  }
  if (!args.empty()) args.insert(args.begin() + 1, leading.begin(), leading.end());
  if (!args.empty()) {
    for (const Subcommand& subcommand : Subcommands()) {
      if (args[0] != subcommand.name) continue;
      const std::vector<std::string> rest(args.begin() + 1, args.end());
      for (const std::string& word : rest) {
        if (word == "--") break;
        if (IsHelp(word)) {
          out << subcommand.help;
          return kExitOk;
        }
      }
      return subcommand.run(rest, out, err);
    }
    err << "tdktctl: không có lệnh \"" << args[0] << "\"\n";
  }
  PrintOverview(err);
  return kExitUsage;
}

}  // namespace tdkt::tdktctl
