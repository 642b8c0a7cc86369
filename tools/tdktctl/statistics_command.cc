// `tdktctl stats [--org CODE] [--from DATE] [--to DATE]`: the dashboard of an organisation subtree
// (GetDossierStatistics): counts by state and level, the overdue deadlines, and per week the dossiers submitted and
// decided — only dossiers the user may see.
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kHelp[] =
    "usage: tdktctl stats [--user TÊN] [--org MÃ_ĐƠN_VỊ] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--output json]\n"
    "Thống kê hồ sơ tài khoản được xem (GetDossierStatistics) trong đơn vị --org và cấp dưới (mặc định: các đơn vị\n"
    "của tài khoản): số hồ sơ theo trạng thái và cấp, số hạn xử lý đã quá và 20 hồ sơ quá hạn lâu nhất, số hồ sơ\n"
    "nộp và có quyết định mỗi tuần (thứ Hai đến Chủ nhật) từ --from (mặc định 12 tuần trước --to) đến --to (mặc\n"
    "định hôm nay). --output json: GetDossierStatisticsResponse.\n";

int RunStatistics(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--org", kValue}, {"--from", kValue}, {"--to", kValue}});
  tdkt::v1::GetDossierStatisticsRequest request;
  LoggedInStart start = StartLoggedIn("stats", args, err, kHelp, line, 0, 0, [&](const CommandLine& l) {
    for (const char* name : {"--from", "--to"}) {
      if (!l.Has(name)) continue;
      absl::StatusOr<tdkt::v1::Date> date = DateOption(l, name);
      if (!date.ok()) return date.status();
      *(std::string(name) == "--from" ? request.mutable_from_date() : request.mutable_to_date()) = *date;
    }
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  if (const auto org = line.Value("--org")) {
    absl::StatusOr<tdkt::v1::Organization> organization = session.OrganizationByCode(*org);
    if (!organization.ok()) return Failed("stats", organization.status(), err);
    request.set_org_id(organization->id());
  }
  tdkt::v1::GetDossierStatisticsResponse response;
  const grpc::Status status = session.dossier().GetDossierStatistics(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("stats", FromGrpc("thống kê hồ sơ", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  int64_t total = 0;
  for (const tdkt::v1::StateLevelCount& c : response.counts()) total += c.count();
  out << "Thống kê: " << total << " hồ sơ, " << response.overdue_count() << " quá hạn xử lý\n";
  for (const tdkt::v1::StateLevelCount& c : response.counts()) {
    out << "  " << StateNameVi(c.state()) << " — cấp " << LevelNameVi(c.level()) << ": " << c.count() << "\n";
  }
  out << "Theo tuần (nộp / có quyết định):\n";
  for (const tdkt::v1::WeeklyCount& w : response.weeks()) {
    out << "  tuần từ " << FormatDate(w.week_start()) << ": " << w.submitted() << " / " << w.decided() << "\n";
  }
  if (!response.overdue().empty()) out << "Quá hạn lâu nhất:\n";
  for (const tdkt::v1::InboxItem& item : response.overdue()) {
    PrintDossierSummary(item.dossier(), session, start.options.data_dir, out);
  }
  return kExitOk;
}

}  // namespace

Subcommand StatisticsSubcommand() {
  return {"stats", "thống kê hồ sơ theo trạng thái, cấp, tuần; các hồ sơ quá hạn", kHelp, RunStatistics};
}

}  // namespace tdkt::tdktctl
