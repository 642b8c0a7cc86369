// `tdktctl inbox --user NAME`: the dossiers waiting for the user's organisations and roles, overdue first.
#include <iostream>

#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

int RunInboxCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] = "usage: tdktctl inbox --user TÊN [--directory ADDR] [--dossier ADDR]";
  LoggedInStart start = StartLoggedIn("inbox", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  if (!start.words.empty()) {
    err << "tdktctl inbox: thừa tham số \"" << start.words[0] << "\"\n" << kUsage << "\n";
    return kExitUsage;
  }
  Session& session = *start.session;
  std::vector<tdkt::v1::InboxItem> items;
  tdkt::v1::ListInboxRequest request;
  request.mutable_page()->set_page_size(200);
  do {
    tdkt::v1::ListInboxResponse response;
    const grpc::Status status = session.dossier().ListInbox(session.Context().get(), request, &response);
    if (!status.ok()) {
      err << "tdktctl inbox: " << DescribeFailure("đọc hộp việc", status) << "\n";
      return kExitFailure;
    }
    items.insert(items.end(), response.items().begin(), response.items().end());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());

  int overdue = 0;
  for (const tdkt::v1::InboxItem& item : items) overdue += item.dossier().deadline().overdue() ? 1 : 0;
  out << "Hộp việc của " << session.username() << ": " << items.size() << " hồ sơ đang chờ";
  if (overdue > 0) out << ", " << overdue << " QUÁ HẠN";
  out << "\n";
  for (const tdkt::v1::InboxItem& item : items) {
    PrintDossierSummary(item.dossier(), session, start.options.data_dir, out);
    std::string actions;
    for (int action : item.allowed_actions()) {
      if (!actions.empty()) actions += ", ";
      actions += ActionNameVi(static_cast<tdkt::v1::DossierAction>(action));
    }
    if (!actions.empty()) out << "    Việc có thể làm: " << actions << "\n";
  }
  return 0;
}

}  // namespace tdkt::tdktctl
