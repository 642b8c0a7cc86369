// `tdktctl inbox`: the dossiers waiting for the user's organisations and roles, overdue first, with what the user
// may do to each.
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kHelp[] =
    "usage: tdktctl inbox [--user TÊN] [--state TRẠNG_THÁI]... [--output json]\n"
    "Hồ sơ đang chờ tài khoản xử lý (ListInbox, mọi trang): quá hạn trước, rồi theo hạn xử lý; với mỗi hồ sơ là\n"
    "các việc được làm. --state lọc theo trạng thái (SUBMITTED, UNDER_REVIEW, …). --output json: một\n"
    "ListInboxResponse gộp mọi trang.\n";

int RunInbox(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--state", kRepeated}});
  tdkt::v1::ListInboxRequest request;
  LoggedInStart start = StartLoggedIn("inbox", args, err, kHelp, line, 0, 0, [&](const CommandLine& l) {
    for (const std::string& text : l.Values("--state")) {
      const std::optional<tdkt::v1::DossierState> state = ParseState(text);
      if (!state) return absl::InvalidArgumentError("trạng thái không hợp lệ \"" + text + "\"");
      request.add_states(*state);
    }
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  request.mutable_page()->set_page_size(200);
  tdkt::v1::ListInboxResponse all;
  do {
    tdkt::v1::ListInboxResponse response;
    const grpc::Status status = session.dossier().ListInbox(session.Context().get(), request, &response);
    if (!status.ok()) return Failed("inbox", FromGrpc("đọc hộp việc", status), err);
    for (tdkt::v1::InboxItem& item : *response.mutable_items()) *all.add_items() = std::move(item);
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  if (start.options.json) {
    PrintJson(all, out);
    return kExitOk;
  }

  int overdue = 0;
  for (const tdkt::v1::InboxItem& item : all.items()) overdue += item.dossier().deadline().overdue() ? 1 : 0;
  out << "Hộp việc của " << session.username() << ": " << all.items_size() << " hồ sơ đang chờ";
  if (overdue > 0) out << ", " << overdue << " QUÁ HẠN";
  out << "\n";
  for (const tdkt::v1::InboxItem& item : all.items()) {
    PrintDossierSummary(item.dossier(), session, start.options.data_dir, out);
    std::string actions;
    for (int action : item.allowed_actions()) {
      if (!actions.empty()) actions += ", ";
      actions += ActionNameVi(static_cast<tdkt::v1::DossierAction>(action));
    }
    if (!actions.empty()) out << "    Việc có thể làm: " << actions << "\n";
  }
  return kExitOk;
}

}  // namespace

Subcommand InboxSubcommand() { return {"inbox", "hồ sơ đang chờ tôi xử lý, quá hạn trước", kHelp, RunInbox}; }

}  // namespace tdkt::tdktctl
