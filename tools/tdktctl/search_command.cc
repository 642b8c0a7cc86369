// `tdktctl search [--name T] [--state S]… [--year Y] [--award CODE] [--org CODE]`: the dossiers the user may see.
#include "absl/strings/numbers.h"
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kHelp[] =
    "usage: tdktctl search [--user TÊN] [--name CHUỖI] [--state TRẠNG_THÁI]... [--year NĂM] [--award MÃ]\n"
    "       [--org MÃ_ĐƠN_VỊ] [--limit N] [--output json]\n"
    "Các hồ sơ tài khoản được xem (SearchDossiers), cập nhật gần nhất trước, tối đa --limit (mặc định 1000).\n"
    "--name: các từ đầu của tên người/tập thể được đề nghị, không dấu cũng được (\"nguyen van\"); --org: chỉ hồ sơ\n"
    "của đơn vị đó và cấp dưới. Trạng thái: DRAFT, SUBMITTED, UNDER_REVIEW, RETURNED_FOR_SUPPLEMENT, COUNCIL_VOTING,\n"
    "AWAITING_DECISION, DECIDED, PUBLISHED, REJECTED, WITHDRAWN, FORWARDED_EXTERNAL. --output json: một\n"
    "SearchDossiersResponse gộp mọi trang.\n";

int RunSearch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--name", kValue}, {"--state", kRepeated}, {"--year", kValue}, {"--award", kValue},
                    {"--org", kValue}, {"--limit", kValue}});
  tdkt::v1::SearchDossiersRequest request;
  int limit = 1000;
  LoggedInStart start = StartLoggedIn("search", args, err, kHelp, line, 0, 0, [&](const CommandLine& l) {
    for (const std::string& text : l.Values("--state")) {
      const std::optional<tdkt::v1::DossierState> state = ParseState(text);
      if (!state) return absl::InvalidArgumentError("trạng thái không hợp lệ \"" + text + "\"");
      request.add_states(*state);
    }
    if (const auto name = l.Value("--name")) request.set_nominee_name(*name);
    if (const auto award = l.Value("--award")) request.set_award_code(*award);
    if (const auto year = l.Value("--year")) {
      int value = 0;
      if (!absl::SimpleAtoi(*year, &value) || value < 1900 || value > 9999) {
        return absl::InvalidArgumentError("năm không hợp lệ \"" + *year + "\"");
      }
      request.set_year(value);
    }
    if (const auto text = l.Value("--limit"); text && (!absl::SimpleAtoi(*text, &limit) || limit < 1)) {
      return absl::InvalidArgumentError("--limit cần một số dương");
    }
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  if (const auto org = line.Value("--org")) {
    absl::StatusOr<tdkt::v1::Organization> organization = session.OrganizationByCode(*org);
    if (!organization.ok()) return Failed("search", organization.status(), err);
    request.set_org_subtree_id(organization->id());
  }
  request.mutable_page()->set_page_size(std::min(limit, 200));
  tdkt::v1::SearchDossiersResponse all;
  do {
    tdkt::v1::SearchDossiersResponse response;
    const grpc::Status status = session.dossier().SearchDossiers(session.Context().get(), request, &response);
    if (!status.ok()) return Failed("search", FromGrpc("tìm hồ sơ", status), err);
    for (tdkt::v1::Dossier& d : *response.mutable_dossiers()) {
      if (all.dossiers_size() < limit) *all.add_dossiers() = std::move(d);
    }
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty() && all.dossiers_size() < limit);
  if (start.options.json) {
    PrintJson(all, out);
    return kExitOk;
  }
  out << "Tìm thấy " << all.dossiers_size() << " hồ sơ\n";
  for (const tdkt::v1::Dossier& dossier : all.dossiers()) {
    PrintDossierSummary(dossier, session, start.options.data_dir, out);
  }
  return kExitOk;
}

}  // namespace

Subcommand SearchSubcommand() {
  return {"search", "tìm hồ sơ [--name] [--state] [--year] [--award] [--org]", kHelp, RunSearch};
}

}  // namespace tdkt::tdktctl
