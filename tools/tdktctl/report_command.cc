// `tdktctl report [--org MÃ] [--from YYYY-MM] [--until YYYY-MM] [--plan KẾ_HOẠCH] [--csv TỆP [--force]]`: the
// report of an organisation subtree over whole months (ReportService.GetReport of tdkt-campaign, the figures the
// console's page "Báo cáo" shows), printed for the terminal; with --csv, the same report as the CSV file the console
// downloads (DownloadReportCsv), written to TỆP. Its row of the subcommand table is at the end.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tdkt/v1/report.grpc.pb.h"
#include "tools/tdktctl/campaign_ref.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"
#include "workflow/vietnam_time.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kReportHelp[] =
    "usage: tdktctl report [--user TÊN] [--org MÃ_ĐƠN_VỊ] [--from YYYY-MM] [--until YYYY-MM] [--plan KẾ_HOẠCH]\n"
    "       [--csv TỆP [--force]] [--output json]\n"
    "Báo cáo thi đua, khen thưởng của đơn vị --org và các đơn vị cấp dưới (mặc định: đơn vị đầu tiên của tài khoản)\n"
    "trong các tháng từ --from (mặc định tháng 1 năm nay) đến --until (mặc định tháng này): hồ sơ mở trong kỳ theo\n"
    "trạng thái và cấp, khen thưởng đã quyết định theo danh hiệu, tỷ lệ công nhân, nông dân, lao động trực tiếp và\n"
    "tỷ lệ nữ, thời gian thẩm định mỗi cấp, khiếu nại. --plan: so với chỉ tiêu của một phong trào (mã kế hoạch trong\n"
    "data/plans, ví dụ phu-tho-2024, hoặc mã phong trào cp-…); không có --from/--until thì lấy kỳ của phong trào.\n"
    "--csv TỆP: tải báo cáo dạng CSV cho Excel (UTF-8 có BOM, dòng CRLF) vào TỆP (đã có thì cần --force).\n"
    "Người có vai trò ở đơn vị đó hoặc cấp trên. --output json: GetReportResponse.\n";

// "2024-03": four digits, a dash, a month 01..12 (the service checks the rest: the range, at most 10 years).
bool IsMonth(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12;
}

std::string Percent(double share) { return absl::StrFormat("%.1f %%", share * 100); }

std::string ShareText(const v1::RecipientShare& share) {
  std::string text = absl::StrCat(share.counted(), "/", share.of(), " = ", Percent(share.share()));
  if (!share.has_rule()) return text;
  return absl::StrCat(text, " (yêu cầu ", share.strictly_above() ? "trên " : "tối thiểu ", Percent(share.min_share()),
                      ": ", share.met() ? "đạt" : "chưa đạt", ")");
}

void PrintReport(Session& session, const std::string& data_dir, const v1::Report& r, std::ostream& out) {
  out << "Báo cáo thi đua, khen thưởng: " << session.OrganizationLabel(r.org_id()) << ", từ " << FormatDate(r.from())
      << " đến " << FormatDate(r.until()) << (r.campaign_id().empty() ? "" : ", phong trào " + r.campaign_id())
      << "\n";
  out << "  Hồ sơ mở trong kỳ: " << r.dossiers_total() << "\n";
  out << "  Khen thưởng đã quyết định: " << r.awards_decided() << "\n";
  for (const v1::AwardCount& a : r.awards()) {
    out << "    " << AwardNameVi(data_dir, a.award_code()) << ": " << a.decided() << " (cá nhân " << a.to_individuals()
        << ", nữ " << a.to_women() << ", công nhân, nông dân, lao động trực tiếp " << a.to_direct_workers() << ")\n";
  }
  if (!r.targets().empty()) out << "  Chỉ tiêu khen thưởng:\n";
  for (const v1::TargetProgress& t : r.targets()) {
    const v1::AwardTargetSpec& spec = t.target();
    out << "    " << spec.label_vi() << ": " << t.decided() << " (chỉ tiêu " << spec.min()
        << (spec.has_max() ? absl::StrCat("–", spec.max()) : std::string(" trở lên")) << ") — "
        << (t.exceeded() ? "vượt mức tối đa" : t.reached() ? "đạt" : "chưa đạt") << "\n";
  }
  const auto label = [](const v1::RecipientShare& s, const char* fallback) {
    return s.label_vi().empty() ? std::string(fallback) : s.label_vi();
  };
  out << "  " << label(r.direct_worker_share(), "Công nhân, nông dân, lao động trực tiếp") << ": "
      << ShareText(r.direct_worker_share()) << "\n";
  out << "  " << label(r.women_share(), "Nữ") << ": " << ShareText(r.women_share()) << "\n";
  out << "  Thời gian thẩm định:" << (r.appraisals().empty() ? " chưa có hồ sơ nào thẩm định xong trong kỳ" : "")
      << "\n";
  for (const v1::LevelAppraisal& a : r.appraisals()) {
    out << "    cấp " << LevelNameVi(a.level()) << ": " << a.appraisals() << " xong, " << a.overdue()
        << " quá hạn; trung bình " << absl::StrFormat("%.1f", a.average_working_days())
        << " ngày làm việc, 90 % trong " << a.p90_working_days() << " ngày\n";
  }
  out << "  Khiếu nại: " << r.complaints().received() << " đã nhận, " << r.complaints().resolved()
      << " đã giải quyết\n";
  if (!r.dossiers().empty()) out << "  Hồ sơ theo trạng thái và cấp hiện tại:\n";
  for (const v1::DossierCount& c : r.dossiers()) {
    out << "    " << StateNameVi(c.state()) << " — cấp " << LevelNameVi(c.level()) << " — "
        << AwardNameVi(data_dir, c.award_code()) << ": " << c.dossiers() << "\n";
  }
}

// Streams the CSV into `target` through a temporary file, renamed into place only when the stream ended well.
int DownloadCsv(Session& session, const v1::GetReportRequest& report, const std::string& target, bool force,
                bool json, std::ostream& out, std::ostream& err) {
  struct stat existing;
  if (!force && ::stat(target.c_str(), &existing) == 0) {
    err << "tdktctl report: tệp " << target << " đã có (dùng --force để ghi đè)\n";
    return kExitRefused;
  }
  v1::DownloadReportCsvRequest request;
  *request.mutable_report() = report;
  auto context = session.Context(absl::Minutes(2));
  auto reader = session.report().DownloadReportCsv(context.get(), request);
  const std::string temporary = target + ".tdktctl-download";
  std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
  if (!file) {
    context->TryCancel();
    (void)reader->Finish();
    err << "tdktctl report: không ghi được " << temporary << "\n";
    return kExitRefused;
  }
  v1::DownloadReportCsvResponse message;
  v1::ReportCsvFile header;
  int64_t received = 0;
  while (file && reader->Read(&message)) {
    if (message.has_file()) {
      header = message.file();
      continue;
    }
    file.write(message.chunk().data(), static_cast<std::streamsize>(message.chunk().size()));
    received += static_cast<int64_t>(message.chunk().size());
  }
  const bool written = static_cast<bool>(file);
  if (!written) context->TryCancel();
  const grpc::Status status = reader->Finish();
  file.close();
  if (!written || !status.ok() || std::rename(temporary.c_str(), target.c_str()) != 0) {
    std::remove(temporary.c_str());
    if (!status.ok()) return Failed("report", FromGrpc("tải báo cáo CSV", status), err);
    err << "tdktctl report: không ghi được " << target << "\n";
    return kExitRefused;
  }
  if (json) {
    PrintJson(header, out);
  } else {
    out << "Đã tải " << header.file_name() << " (" << received << " byte) vào " << target << "\n";
  }
  return kExitOk;
}

int RunReport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--org", kValue}, {"--from", kValue}, {"--until", kValue}, {"--plan", kValue},
                    {"--csv", kValue}, {"--force", kSwitch}});
  LoggedInStart start = StartLoggedIn("report", args, err, kReportHelp, line, 0, 0, [](const CommandLine& l) {
    for (const char* name : {"--from", "--until"}) {
      if (l.Has(name) && !IsMonth(*l.Value(name))) return absl::InvalidArgumentError(absl::StrCat(name, " cần YYYY-MM"));
    }
    if (l.Has("--force") && !l.Has("--csv")) return absl::InvalidArgumentError("--force chỉ đi cùng --csv");
    if (l.Has("--csv") && l.Value("--csv")->empty()) return absl::InvalidArgumentError("--csv cần tên tệp");
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  v1::GetReportRequest request;
  if (const auto org = line.Value("--org")) {
    absl::StatusOr<v1::Organization> organization = session.OrganizationByCode(*org);
    if (!organization.ok()) return Failed("report", organization.status(), err);
    request.set_org_id(organization->id());
  } else {
    for (const v1::RoleGrant& grant : session.login().grants()) {
      if (grant.org_id() != "*") {
        request.set_org_id(grant.org_id());
        break;
      }
    }
    if (request.org_id().empty()) {
      return Failed("report", absl::InvalidArgumentError("tài khoản không có vai trò ở đơn vị nào: cần --org"), err);
    }
  }
  if (const auto plan = line.Value("--plan")) request.set_campaign_id(CampaignIdOf(*plan));
  // Without months and with a campaign: the campaign's period (the service's rule); else this year so far.
  if (request.campaign_id().empty() || line.Has("--from") || line.Has("--until")) {
    const absl::CivilDay today = workflow::VietnamDate(absl::Now());
    request.set_from_month(line.Value("--from").value_or(absl::StrFormat("%04d-01", today.year())));
    request.set_until_month(line.Value("--until").value_or(absl::StrFormat("%04d-%02d", today.year(), today.month())));
  }
  if (const auto csv = line.Value("--csv")) {
    return DownloadCsv(session, request, *csv, line.Has("--force"), start.options.json, out, err);
  }
  v1::GetReportResponse response;
  const grpc::Status status = session.report().GetReport(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("report", FromGrpc("đọc báo cáo", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  PrintReport(session, start.options.data_dir, response.report(), out);
  return kExitOk;
}

}  // namespace

Subcommand ReportSubcommand() {
  return {"report", "báo cáo thi đua, khen thưởng của đơn vị trong kỳ; --csv TỆP tải tệp CSV", kReportHelp,
          RunReport};
}

}  // namespace tdkt::tdktctl
