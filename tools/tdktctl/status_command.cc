// `tdktctl status <tracking-code>`: what anyone holding the tracking code may see (no login, no personal data).
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

namespace {

constexpr char kHelp[] =
    "usage: tdktctl status [--dossier ADDR] MÃ_TRA_CỨU [--output json]\n"
    "Tra cứu công khai theo mã tra cứu (GetPublicStatus): không cần đăng nhập, không có thông tin cá nhân —\n"
    "danh hiệu, năm, trạng thái, cấp và nơi đang giữ, các mốc thời gian, hạn xử lý, số quyết định khi đã công bố.\n"
    "--output json: GetPublicStatusResponse.\n";

int RunStatus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok()) {
    err << "tdktctl status: " << options.status().message() << "\n" << kHelp;
    return kExitUsage;
  }
  if (words.size() != 1) {
    err << "tdktctl status: cần đúng một mã tra cứu\n" << kHelp;
    return kExitUsage;
  }
  tdkt::v1::GetPublicStatusRequest request;
  request.set_tracking_code(words[0]);
  tdkt::v1::GetPublicStatusResponse response;
  const grpc::Status status =
      AnonymousDossierStub(*options)->GetPublicStatus(AnonymousContext().get(), request, &response);
  if (!status.ok()) return Failed("status", FromGrpc("tra cứu mã " + words[0], status), err);
  if (options->json) {
    PrintJson(response, out);
    return kExitOk;
  }
  const tdkt::v1::PublicDossierStatus& s = response.status();
  out << "Mã tra cứu:     " << s.tracking_code() << "\n";
  out << "Danh hiệu:      " << AwardNameVi(options->data_dir, s.award_code()) << " (" << s.award_code() << "), năm "
      << s.year() << "\n";
  out << "Trạng thái:     " << StateNameVi(s.state()) << "\n";
  out << "Cấp hiện tại:   " << LevelNameVi(s.current_level())
      << (s.holding_org_name_vi().empty() ? "" : " — " + s.holding_org_name_vi()) << "\n";
  out << "Tạo lúc:        " << FormatTime(s.created_at()) << "\n";
  out << "Nộp lúc:        " << FormatTime(s.submitted_at()) << "\n";
  out << "Cập nhật lúc:   " << FormatTime(s.state_changed_at()) << "\n";
  if (s.deadline_paused()) {
    out << "Hạn xử lý:      tạm dừng (đang bổ sung hồ sơ)\n";
  } else if (s.has_due_date()) {
    out << "Hạn xử lý:      " << FormatDate(s.due_date()) << "\n";
  }
  if (!s.decision_number().empty()) {
    out << "Quyết định:     số " << s.decision_number() << " ngày " << FormatDate(s.decision_date()) << "\n";
  }
  return kExitOk;
}

}  // namespace

Subcommand StatusSubcommand() {
  return {"status", "tra cứu công khai theo mã tra cứu (không cần đăng nhập)", kHelp, RunStatus};
}

}  // namespace tdkt::tdktctl
