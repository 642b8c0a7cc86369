// `tdktctl status <tracking-code>`: what anyone holding the tracking code may see (no login, no personal data).
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

int RunStatusCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] = "usage: tdktctl status [--dossier ADDR] MÃ_TRA_CỨU";
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok()) {
    err << "tdktctl status: " << options.status().message() << "\n" << kUsage << "\n";
    return kExitUsage;
  }
  if (words.size() != 1) {
    err << kUsage << "\n";
    return kExitUsage;
  }
  tdkt::v1::GetPublicStatusRequest request;
  request.set_tracking_code(words[0]);
  tdkt::v1::GetPublicStatusResponse response;
  const grpc::Status status =
      AnonymousDossierStub(*options)->GetPublicStatus(AnonymousContext().get(), request, &response);
  if (!status.ok()) {
    err << "tdktctl status: " << DescribeFailure("tra cứu mã " + words[0], status) << "\n";
    return kExitFailure;
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
  return 0;
}

}  // namespace tdkt::tdktctl
