// `tdktctl notifications --user NAME [--unread]`: the user's notifications from tdkt-notifier, unread first and
// newest first within each (as ListNotifications orders them), each with its severity, time, title and text.
#include <iostream>

#include "absl/strings/str_replace.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

std::string SeverityVi(tdkt::v1::NotificationSeverity severity) {
  switch (severity) {
    case tdkt::v1::NOTIFICATION_SEVERITY_INFO:
      return "thông tin";
    case tdkt::v1::NOTIFICATION_SEVERITY_ACTION:
      return "cần xử lý";
    case tdkt::v1::NOTIFICATION_SEVERITY_WARNING:
      return "sắp đến hạn";
    case tdkt::v1::NOTIFICATION_SEVERITY_URGENT:
      return "KHẨN";
    default:
      return "—";
  }
}

}  // namespace

int RunNotificationsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] = "usage: tdktctl notifications --user TÊN [--unread] [--directory ADDR] [--notifier ADDR]";
  LoggedInStart start = StartLoggedIn("notifications", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  bool unread_only = false;
  for (const std::string& word : start.words) {
    if (word == "--unread") {
      unread_only = true;
      continue;
    }
    err << "tdktctl notifications: thừa tham số \"" << word << "\"\n" << kUsage << "\n";
    return kExitUsage;
  }
  Session& session = *start.session;
  std::vector<tdkt::v1::Notification> notifications;
  int unread = 0;
  tdkt::v1::ListNotificationsRequest request;
  request.set_unread_only(unread_only);
  request.mutable_page()->set_page_size(100);
  do {
    tdkt::v1::ListNotificationsResponse response;
    const grpc::Status status = session.notifier().ListNotifications(session.Context().get(), request, &response);
    if (!status.ok()) {
      err << "tdktctl notifications: " << DescribeFailure("đọc thông báo tại " + start.options.notifier_addr, status)
          << "\n";
      return kExitFailure;
    }
    notifications.insert(notifications.end(), response.notifications().begin(), response.notifications().end());
    unread = response.unread_count();
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());

  if (unread_only) {
    out << "Thông báo chưa đọc của " << session.username() << ": " << notifications.size() << "\n";
  } else {
    out << "Thông báo của " << session.username() << ": " << notifications.size() << " thông báo, " << unread
        << " chưa đọc\n";
  }
  for (const tdkt::v1::Notification& n : notifications) {
    out << "  " << (n.has_read_at() ? "[đã đọc] " : "[CHƯA ĐỌC] ") << FormatTime(n.created_at()) << "  "
        << SeverityVi(n.severity()) << "  " << n.title_vi() << "\n";
    out << "      " << absl::StrReplaceAll(n.body_vi(), {{"\n", "\n      "}}) << "\n";
  }
  return 0;
}

}  // namespace tdkt::tdktctl
