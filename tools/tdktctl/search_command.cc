// `tdktctl search --user NAME [--name TEXT] [--state S] [--year Y]`: dossiers the user may see.
#include <iostream>

#include "absl/strings/numbers.h"
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

int RunSearchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] =
      "usage: tdktctl search --user TÊN [--name CHUỖI] [--state TRẠNG_THÁI] [--year NĂM] "
      "(trạng thái: DRAFT, SUBMITTED, UNDER_REVIEW, RETURNED_FOR_SUPPLEMENT, COUNCIL_VOTING, AWAITING_DECISION, "
      "DECIDED, PUBLISHED, REJECTED, WITHDRAWN, FORWARDED_EXTERNAL)";
  LoggedInStart start = StartLoggedIn("search", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  tdkt::v1::SearchDossiersRequest request;
  const std::vector<std::string>& words = start.words;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if ((word == "--name" || word == "--state" || word == "--year") && i + 1 == words.size()) {
      err << "tdktctl search: " << word << " cần một giá trị\n" << kUsage << "\n";
      return kExitUsage;
    }
    if (word == "--name") {
      request.set_nominee_name(words[++i]);
    } else if (word == "--state") {
      std::optional<tdkt::v1::DossierState> state = ParseState(words[++i]);
      if (!state) {
        err << "tdktctl search: trạng thái không hợp lệ \"" << words[i] << "\"\n" << kUsage << "\n";
        return kExitUsage;
      }
      request.add_states(*state);
    } else if (word == "--year") {
      int year = 0;
      if (!absl::SimpleAtoi(words[++i], &year) || year < 1900 || year > 9999) {
        err << "tdktctl search: năm không hợp lệ \"" << words[i] << "\"\n" << kUsage << "\n";
        return kExitUsage;
      }
      request.set_year(year);
    } else {
      err << "tdktctl search: tham số không rõ \"" << word << "\"\n" << kUsage << "\n";
      return kExitUsage;
    }
  }
  Session& session = *start.session;
  request.mutable_page()->set_page_size(200);
  std::vector<tdkt::v1::Dossier> found;
  do {
    tdkt::v1::SearchDossiersResponse response;
    const grpc::Status status = session.dossier().SearchDossiers(session.Context().get(), request, &response);
    if (!status.ok()) {
      err << "tdktctl search: " << DescribeFailure("tìm hồ sơ", status) << "\n";
      return kExitFailure;
    }
    found.insert(found.end(), response.dossiers().begin(), response.dossiers().end());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty() && found.size() < 1000);
  out << "Tìm thấy " << found.size() << " hồ sơ\n";
  for (const tdkt::v1::Dossier& dossier : found) PrintDossierSummary(dossier, session, start.options.data_dir, out);
  return 0;
}

}  // namespace tdkt::tdktctl
