// `tdktctl awards import FILE --org MÃ` and `tdktctl awards list (--person MÃ | --org MÃ)`: the award history
// (hồ sơ thành tích, AwardHistoryService on the dossier service's port); its row of the subcommand table is at the
// end.
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "tdkt/v1/award_history.grpc.pb.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kAwardsHelp[] =
    "usage: tdktctl awards import [--user TÊN] TỆP.csv --org MÃ_ĐƠN_VỊ\n"
    "       tdktctl awards list [--user TÊN] (--person MÃ_CÁ_NHÂN | --org MÃ_ĐƠN_VỊ)\n"
    "Hồ sơ thành tích: các danh hiệu, hình thức khen thưởng mỗi cá nhân, tập thể đã nhận qua các năm — từ quyết\n"
    "định trong tdkt và từ các năm trước nhập bằng CSV. import: tệp CSV có dòng tiêu đề subject_kind (PERSON |\n"
    "COLLECTIVE), subject_id, award_code, year, decision_number, decision_date (YYYY-MM-DD), issuing_body; các\n"
    "khen thưởng được tính cho đơn vị --org (ví dụ số LĐTT làm cơ sở tỷ lệ CSTĐCS). Tất cả hoặc không: một dòng\n"
    "sai thì không ghi gì và mỗi dòng sai được báo \"Dòng N: …\". Chạy lại cùng tệp gửi lại cùng yêu cầu (không\n"
    "ghi thêm). Quản trị viên hoặc cơ quan thường trực của đơn vị (hoặc cấp trên). list: hồ sơ thành tích của\n"
    "một cá nhân (mã trong danh mục) hoặc một tập thể (mã đơn vị), chỉ các dòng thuộc phạm vi được xem.\n";

std::string SourceVi(const v1::AwardHistoryEntry& e) {
  return e.source() == v1::AWARD_HISTORY_SOURCE_TDKT ? "tdkt, hồ sơ " + e.dossier_id() : std::string("nhập CSV");
}

int Import(Session& session, const CommandLine& line, std::ostream& out, std::ostream& err) {
  const std::string& path = line.positional()[0];
  std::ifstream file(path, std::ios::binary);
  if (!file) return Failed("awards import", absl::NotFoundError("không mở được tệp " + path), err);
  std::ostringstream content;
  content << file.rdbuf();
  absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*line.Value("--org"));
  if (!org.ok()) return Failed("awards import", org.status(), err);
  v1::ImportAwardHistoryRequest request;
  request.set_org_id(org->id());
  request.set_csv(content.str());
  // The same file for the same organisation is the same request: running the command again after a lost reply
  // writes nothing more.
  request.set_request_id("tdktctl-awards-" + base::Sha256Hex(org->id() + "\n" + content.str()).substr(0, 32));
  v1::ImportAwardHistoryResponse response;
  const grpc::Status status = session.award_history().ImportAwardHistory(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("awards import", FromGrpc("nhập hồ sơ thành tích từ " + path, status), err);
  out << "Đã nhập " << response.imported() << " khen thưởng vào hồ sơ thành tích của "
      << session.OrganizationLabel(org->id()) << "\n";
  return kExitOk;
}

int List(Session& session, const CommandLine& line, bool json, std::ostream& out, std::ostream& err) {
  v1::ListAwardHistoryRequest request;
  if (const auto person = line.Value("--person")) {
    request.set_subject_kind(v1::AWARD_SUBJECT_KIND_PERSON);
    request.set_subject_id(*person);
  } else {
    absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*line.Value("--org"));
    if (!org.ok()) return Failed("awards list", org.status(), err);
    request.set_subject_kind(v1::AWARD_SUBJECT_KIND_COLLECTIVE);
    request.set_subject_id(org->id());
  }
  v1::ListAwardHistoryResponse response;
  const grpc::Status status = session.award_history().ListAwardHistory(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("awards list", FromGrpc("đọc hồ sơ thành tích", status), err);
  if (json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Hồ sơ thành tích của " << request.subject_id() << ": " << response.entries_size() << " khen thưởng\n";
  for (const v1::AwardHistoryEntry& e : response.entries()) {
    out << "  " << e.year() << "  " << e.award_name_vi() << (e.withdrawn() ? "  (ĐÃ THU HỒI)" : "") << "\n";
    out << "      QĐ " << e.decision_number() << " ngày " << FormatDate(e.decision_date()) << ", "
        << e.issuing_body_vi() << "; tại " << session.OrganizationLabel(e.org_id()) << "; " << SourceVi(e) << "\n";
  }
  return kExitOk;
}

int RunAwards(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || (args[0] != "import" && args[0] != "list")) {
    err << kAwardsHelp;
    return kExitUsage;
  }
  const std::string action = args[0];
  CommandLine line(action == "import" ? std::vector<OptionSpec>{{"--org", kValue}}
                                      : std::vector<OptionSpec>{{"--person", kValue}, {"--org", kValue}});
  const size_t positional = action == "import" ? 1 : 0;
  LoggedInStart start = StartLoggedIn(
      "awards " + action, std::vector<std::string>(args.begin() + 1, args.end()), err, kAwardsHelp, line, positional,
      positional, [&](const CommandLine& l) {
        if (action == "import" && !l.Has("--org")) return absl::InvalidArgumentError("cần --org");
        if (action == "list" && l.Has("--person") == l.Has("--org")) {
          return absl::InvalidArgumentError("cần đúng một trong --person và --org");
        }
        return absl::OkStatus();
      });
  if (start.exit_code != 0) return start.exit_code;
  if (action == "import") return Import(*start.session, line, out, err);
  return List(*start.session, line, start.options.json, out, err);
}

}  // namespace

Subcommand AwardsSubcommand() {
  return {"awards", "hồ sơ thành tích: import TỆP.csv --org | list --person/--org", kAwardsHelp, RunAwards};
}

}  // namespace tdkt::tdktctl
