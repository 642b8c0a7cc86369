// `tdktctl notifications [list] [--unread]`: the user's notifications from tdkt-notifier, unread first and newest
// first within each (as ListNotifications orders them), each with its severity, time, title and text.
// `tdktctl notifications watch`: new ones as they arrive (WatchNotifications). `tdktctl notifications mark-read`:
// marks some, or all, read (MarkRead).
#include <algorithm>
#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

constexpr char kHelp[] =
    "usage: tdktctl notifications [list] [--unread] [--user TÊN] [--notifier ADDR] [--output json]\n"
    "       tdktctl notifications watch [--after MÃ] [--count N] [--seconds N]\n"
    "       tdktctl notifications mark-read (MÃ_THÔNG_BÁO... | --all [--up-to MÃ])\n"
    "list (mặc định): thông báo của tài khoản, chưa đọc trước, mới nhất trước; --unread: chỉ thông báo chưa đọc.\n"
    "watch: in từng thông báo mới khi đến (sau thông báo --after nếu có); dừng sau --count thông báo hoặc sau\n"
    "--seconds giây (mặc định: chạy đến khi bị ngắt); --output json: mỗi thông báo một dòng JSON (Notification).\n"
    "mark-read: đánh dấu đã đọc các thông báo có mã đã cho, hoặc --all mọi thông báo chưa đọc (đến --up-to).\n"
    "--output json: ListNotificationsResponse gộp mọi trang, MarkReadResponse.\n";

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

void PrintNotification(const tdkt::v1::Notification& n, std::ostream& out) {
  out << "  " << (n.has_read_at() ? "[đã đọc] " : "[CHƯA ĐỌC] ") << FormatTime(n.created_at()) << "  "
      << SeverityVi(n.severity()) << "  " << n.title_vi() << "  (mã " << n.id() << ")\n";
  out << "      " << absl::StrReplaceAll(n.body_vi(), {{"\n", "\n      "}}) << "\n";
}

int List(const LoggedInStart& start, const CommandLine& line, std::ostream& out, std::ostream& err) {
  Session& session = *start.session;
  const bool unread_only = line.Has("--unread");
  tdkt::v1::ListNotificationsResponse all;
  tdkt::v1::ListNotificationsRequest request;
  request.set_unread_only(unread_only);
  request.mutable_page()->set_page_size(100);
  do {
    tdkt::v1::ListNotificationsResponse response;
    const grpc::Status status = session.notifier().ListNotifications(session.Context().get(), request, &response);
    if (!status.ok()) {
      return Failed("notifications",
                    FromGrpc("đọc thông báo tại " + start.options.notifier_addr, status), err);
    }
    for (tdkt::v1::Notification& n : *response.mutable_notifications()) *all.add_notifications() = std::move(n);
    all.set_unread_count(response.unread_count());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  if (start.options.json) {
    PrintJson(all, out);
    return kExitOk;
  }
  if (unread_only) {
    out << "Thông báo chưa đọc của " << session.username() << ": " << all.notifications_size() << "\n";
  } else {
    out << "Thông báo của " << session.username() << ": " << all.notifications_size() << " thông báo, "
        << all.unread_count() << " chưa đọc\n";
  }
  for (const tdkt::v1::Notification& n : all.notifications()) PrintNotification(n, out);
  return kExitOk;
}

int Watch(const LoggedInStart& start, const CommandLine& line, std::ostream& out, std::ostream& err) {
  int count = 0;
  int seconds = 0;
  if (line.Has("--count")) (void)absl::SimpleAtoi(*line.Value("--count"), &count);  // checked by CheckAction
  if (line.Has("--seconds")) (void)absl::SimpleAtoi(*line.Value("--seconds"), &seconds);
  Session& session = *start.session;
  tdkt::v1::WatchNotificationsRequest request;
  request.set_after_notification_id(line.Value("--after").value_or(""));
  // Without --seconds the stream lasts until interrupted (a day at most; run it again to go on).
  auto context = session.Context(seconds > 0 ? absl::Seconds(seconds) : absl::Hours(24));
  auto reader = session.notifier().WatchNotifications(context.get(), request);
  int seen = 0;
  tdkt::v1::WatchNotificationsResponse message;
  while ((count == 0 || seen < count) && reader->Read(&message)) {
    if (!message.has_notification()) continue;  // a heartbeat
    ++seen;
    if (start.options.json) {
      PrintJson(message.notification(), out);
    } else {
      PrintNotification(message.notification(), out);
    }
    out.flush();
  }
  if (count > 0 && seen == count) {
    context->TryCancel();
    reader->Finish();
    return kExitOk;
  }
  const grpc::Status status = reader->Finish();
  // The time given by --seconds has run out: the watch is over, not failed.
  if (status.ok() || (seconds > 0 && status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)) return kExitOk;
  return Failed("notifications watch", FromGrpc("theo dõi thông báo tại " + start.options.notifier_addr, status), err);
}

int MarkRead(const LoggedInStart& start, const CommandLine& line, std::ostream& out, std::ostream& err) {
  const std::vector<std::string> ids(line.positional().begin() + 1, line.positional().end());
  Session& session = *start.session;
  tdkt::v1::MarkReadRequest request;
  request.set_request_id(line.Value("--request-id").value_or(NewRequestId()));
  for (const std::string& id : ids) request.add_notification_ids(id);
  request.set_all(line.Has("--all"));
  request.set_up_to_notification_id(line.Value("--up-to").value_or(""));
  tdkt::v1::MarkReadResponse response;
  const grpc::Status status = session.notifier().MarkRead(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("notifications mark-read", FromGrpc("đánh dấu đã đọc", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Đã đánh dấu đã đọc " << response.marked_count() << " thông báo; còn " << response.unread_count()
      << " chưa đọc\n";
  return kExitOk;
}

// Which options each action takes, checked before anything is sent.
absl::Status CheckAction(const CommandLine& line) {
  const std::string action = line.positional().empty() ? "list" : line.positional()[0];
  std::vector<std::string> allowed;
  size_t max_positional = 1;
  if (action == "list") {
    allowed = {"--unread"};
  } else if (action == "watch") {
    allowed = {"--after", "--count", "--seconds"};
    int n = 0;
    for (const char* option : {"--count", "--seconds"}) {
      if (line.Has(option) && (!absl::SimpleAtoi(*line.Value(option), &n) || n < 1)) {
        return absl::InvalidArgumentError(std::string(option) + " cần một số dương");
      }
    }
  } else if (action == "mark-read") {
    allowed = {"--all", "--up-to", "--request-id"};
    max_positional = SIZE_MAX;
    if (line.Has("--all") == (line.positional().size() > 1) || (line.Has("--up-to") && !line.Has("--all"))) {
      return absl::InvalidArgumentError("mark-read: cho các mã thông báo, hoặc --all (có thể kèm --up-to)");
    }
  } else {
    return absl::InvalidArgumentError("không có việc \"" + action + "\" (list, watch, mark-read)");
  }
  for (const char* option : {"--unread", "--after", "--count", "--seconds", "--all", "--up-to", "--request-id"}) {
    if (line.Has(option) && std::find(allowed.begin(), allowed.end(), option) == allowed.end()) {
      return absl::InvalidArgumentError(std::string(option) + " không dùng với " + action);
    }
  }
  if (line.positional().size() > max_positional) {
    return absl::InvalidArgumentError("thừa tham số \"" + line.positional()[max_positional] + "\"");
  }
  return absl::OkStatus();
}

int RunNotifications(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--unread", kSwitch}, {"--after", kValue}, {"--count", kValue}, {"--seconds", kValue},
                    {"--all", kSwitch}, {"--up-to", kValue}, {"--request-id", kValue}});
  LoggedInStart start = StartLoggedIn("notifications", args, err, kHelp, line, 0, SIZE_MAX, CheckAction);
  if (start.exit_code != 0) return start.exit_code;
  const std::string action = line.positional().empty() ? "list" : line.positional()[0];
  if (action == "watch") return Watch(start, line, out, err);
  if (action == "mark-read") return MarkRead(start, line, out, err);
  return List(start, line, out, err);
}

}  // namespace

Subcommand NotificationsSubcommand() {
  return {"notifications", "thông báo của tôi: list [--unread], watch, mark-read", kHelp, RunNotifications};
}

}  // namespace tdkt::tdktctl
