// `tdktctl show <dossier id | tracking code>`: one dossier with its ballot rounds, decision and full history, each
// step with who took it (name, role and organisation as they were then), and what the user may do now.
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/dossier_ref.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

namespace {

constexpr char kHelp[] =
    "usage: tdktctl show [--user TÊN] (MÃ_HỒ_SƠ | MÃ_TRA_CỨU) [--output json]\n"
    "Một hồ sơ (GetDossier): trạng thái, nơi giữ, hạn xử lý, các vòng bỏ phiếu, quyết định và toàn bộ lịch sử, mỗi\n"
    "bước với người thực hiện; các việc tài khoản được làm. Hồ sơ chỉ bằng mã hồ sơ hoặc mã tra cứu\n"
    "(XXXX-XXXX-XXXX-XXXX). --output json: GetDossierResponse.\n";

int RunShow(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({});
  LoggedInStart start = StartLoggedIn("show", args, err, kHelp, line, 1, 1);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  absl::StatusOr<tdkt::v1::GetDossierResponse> read = ReadDossier(session, start.options, line.positional()[0]);
  if (!read.ok()) return Failed("show", read.status(), err);
  const tdkt::v1::GetDossierResponse& response = *read;
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  const tdkt::v1::Dossier& d = response.dossier();
  PrintDossierSummary(d, session, start.options.data_dir, out);
  out << "    Đơn vị đề nghị: " << session.OrganizationLabel(d.origin_org_id()) << "\n";
  out << "    Quy trình:    " << d.chain_id() << " phiên bản " << d.chain_version() << ", phiên bản hồ sơ "
      << d.version() << ", " << d.document_count() << " tài liệu\n";
  if (!d.state_reason_vi().empty()) out << "    Lý do:        " << d.state_reason_vi() << "\n";
  for (const tdkt::v1::VoteSummary& vote : response.votes()) {
    out << "    Bỏ phiếu:     " << FormatTime(vote.opened_at()) << ", "
        << (vote.status() == tdkt::v1::VOTE_STATUS_OPEN ? "đang mở" : "đã kết thúc") << ", "
        << vote.voted_count() << "/" << vote.eligible_count() << " thành viên đã bỏ phiếu";
    if (vote.status() == tdkt::v1::VOTE_STATUS_CLOSED) {
      out << " — đồng ý " << vote.yes_count() << ", không đồng ý " << vote.no_count() << ", không ý kiến "
          << vote.abstain_count();
    }
    out << "\n";
  }
  if (d.has_decision()) {
    const tdkt::v1::Decision& decision = d.decision();
    out << "    Quyết định:   số " << decision.number() << " ngày " << FormatDate(decision.date()) << ", "
        << decision.signer_title_vi() << " " << decision.signer_name();
    if (!decision.issuing_body_vi().empty()) out << " (" << decision.issuing_body_vi() << ")";
    out << "\n";
  }
  out << "Lịch sử (" << response.history_size() << " bước):\n";
  for (const tdkt::v1::HistoryEntry& entry : response.history()) {
    out << "  " << entry.sequence() << ". " << FormatTime(entry.occurred_at()) << "  " << ActionNameVi(entry.action());
    if (entry.from_state() == tdkt::v1::DOSSIER_STATE_UNSPECIFIED) {
      out << "  → " << StateNameVi(entry.to_state());
    } else if (entry.from_state() != entry.to_state()) {
      out << "  " << StateNameVi(entry.from_state()) << " → " << StateNameVi(entry.to_state());
    }
    const tdkt::v1::Actor& actor = entry.actor();
    std::string who = !actor.display_name().empty() ? actor.display_name() : actor.service();
    if (actor.role() != tdkt::v1::ROLE_UNSPECIFIED && !actor.org_id().empty()) {
      who += ", " + RoleNameVi(actor.role()) + " tại " + session.OrganizationLabel(actor.org_id());
    }
    if (!who.empty()) out << "  (" << who << ")";
    if (!entry.note_vi().empty()) out << "  — " << entry.note_vi();
    out << "\n";
  }
  std::string actions;
  for (int action : response.allowed_actions()) {
    if (!actions.empty()) actions += ", ";
    actions += ActionNameVi(static_cast<tdkt::v1::DossierAction>(action));
  }
  if (!actions.empty()) out << "Việc bạn có thể làm: " << actions << "\n";
  return kExitOk;
}

}  // namespace

Subcommand ShowSubcommand() {
  return {"show", "một hồ sơ và lịch sử của nó (mã hồ sơ hoặc mã tra cứu)", kHelp, RunShow};
}

}  // namespace tdkt::tdktctl
