// `tdktctl timers DOSSIER` and `tdktctl timers upcoming --org CODE [--from D] [--until D]`: what the scheduler will
// fire, when and for whom (ListDossierTimers, ListUpcomingReminders) — the operators' view of reminders and
// escalations.
#include "tools/tdktctl/dossier_ref.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kHelp[] =
    "usage: tdktctl timers [--user TÊN] <mã hồ sơ | mã tra cứu> [--output json]\n"
    "       tdktctl timers upcoming [--user TÊN] --org MÃ_ĐƠN_VỊ [--from YYYY-MM-DD] [--until YYYY-MM-DD]\n"
    "Các hẹn giờ của dịch vụ nhắc hạn (--scheduler ADDR): của một hồ sơ (nhắc trước hạn, đến hạn, quá hạn, chuyển\n"
    "cấp trên), hoặc các lời nhắc sắp gửi cho đơn vị --org và cấp dưới từ --from (mặc định hôm nay) đến --until\n"
    "(mặc định 30 ngày sau). Giờ theo giờ Việt Nam.\n";

std::string WhatVi(const v1::Timer& timer) {
  if (timer.kind() == v1::TIMER_KIND_ESCALATION) {
    return "chuyển cấp trên (quá hạn " + std::to_string(timer.overdue_working_days()) + " ngày làm việc)";
  }
  switch (timer.reminder_kind()) {
    case v1::REMINDER_KIND_BEFORE_DUE:
      return "nhắc trước hạn " + std::to_string(timer.working_days_before_due()) + " ngày làm việc";
    case v1::REMINDER_KIND_DUE_TODAY:
      return "nhắc đến hạn";
    case v1::REMINDER_KIND_OVERDUE:
      return "nhắc quá hạn " + std::to_string(timer.overdue_working_days()) + " ngày làm việc";
    default:
      return "nhắc";
  }
}

std::string StatusVi(const v1::Timer& timer) {
  switch (timer.status()) {
    case v1::TIMER_STATUS_PENDING:
      return "chờ";
    case v1::TIMER_STATUS_PAUSED:
      return "tạm dừng (hồ sơ đang bổ sung)";
    case v1::TIMER_STATUS_FIRED:
      return "đã gửi " + FormatTime(timer.fired_at()) +
             (timer.late() ? " (MUỘN " + std::to_string(timer.lateness_ms() / 1000) + " giây)" : "");
    case v1::TIMER_STATUS_CANCELLED:
      return "đã hủy";
    default:
      return "—";
  }
}

void PrintTimer(const v1::Timer& timer, Session& session, std::ostream& out) {
  out << "  " << FormatTime(timer.fire_at()) << "  " << WhatVi(timer) << ", hạn " << FormatDate(timer.due_date())
      << ", " << session.OrganizationLabel(timer.org_id()) << " — " << StatusVi(timer)
      << (timer.last_error().empty() ? "" : " [lỗi: " + timer.last_error() + "]") << "\n";
}

int DossierTimers(const LoggedInStart& start, const std::string& dossier_ref, std::ostream& out, std::ostream& err) {
  Session& session = *start.session;
  absl::StatusOr<v1::GetDossierResponse> dossier = ReadDossier(session, start.options, dossier_ref);
  if (!dossier.ok()) return Failed("timers", dossier.status(), err);
  v1::ListDossierTimersRequest request;
  request.set_dossier_id(dossier->dossier().id());
  v1::ListDossierTimersResponse response;
  const grpc::Status status = session.scheduler().ListDossierTimers(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("timers", FromGrpc("đọc hẹn giờ của hồ sơ", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Hẹn giờ của hồ sơ " << dossier->dossier().id() << ": " << response.timers_size() << "\n";
  for (const v1::Timer& timer : response.timers()) PrintTimer(timer, session, out);
  return kExitOk;
}

int Upcoming(const LoggedInStart& start, const CommandLine& line, std::ostream& out, std::ostream& err) {
  Session& session = *start.session;
  v1::ListUpcomingRemindersRequest request;
  absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*line.Value("--org"));
  if (!org.ok()) return Failed("timers upcoming", org.status(), err);
  request.set_org_subtree_id(org->id());
  if (line.Has("--from")) *request.mutable_from() = *DateOption(line, "--from");
  if (line.Has("--until")) *request.mutable_until() = *DateOption(line, "--until");
  request.mutable_page()->set_page_size(200);
  v1::ListUpcomingRemindersResponse all;
  do {
    v1::ListUpcomingRemindersResponse page;
    const grpc::Status status = session.scheduler().ListUpcomingReminders(session.Context().get(), request, &page);
    if (!status.ok()) return Failed("timers upcoming", FromGrpc("đọc lời nhắc sắp gửi", status), err);
    for (v1::Timer& timer : *page.mutable_timers()) *all.add_timers() = std::move(timer);
    request.mutable_page()->set_page_token(page.page().next_page_token());
  } while (!request.page().page_token().empty());
  if (start.options.json) {
    PrintJson(all, out);
    return kExitOk;
  }
  out << "Lời nhắc sắp gửi cho " << session.OrganizationLabel(org->id()) << " và cấp dưới: " << all.timers_size()
      << "\n";
  for (const v1::Timer& timer : all.timers()) PrintTimer(timer, session, out);
  return kExitOk;
}

int RunTimers(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words = args;
  const bool upcoming = TakeVerb(words, {"upcoming"}).has_value();
  CommandLine line(upcoming ? std::vector<OptionSpec>{{"--org", kValue}, {"--from", kValue}, {"--until", kValue}}
                            : std::vector<OptionSpec>{});
  const size_t positional = upcoming ? 0 : 1;
  LoggedInStart start = StartLoggedIn(upcoming ? "timers upcoming" : "timers", words, err, kHelp, line, positional,
                                      positional, [&](const CommandLine& l) -> absl::Status {
                                        if (!upcoming) return absl::OkStatus();
                                        if (!l.Has("--org")) return absl::InvalidArgumentError("cần --org");
                                        for (const char* name : {"--from", "--until"}) {
                                          if (!l.Has(name)) continue;
                                          if (absl::StatusOr<v1::Date> d = DateOption(l, name); !d.ok()) {
                                            return d.status();
                                          }
                                        }
                                        return absl::OkStatus();
                                      });
  if (start.exit_code != 0) return start.exit_code;
  return upcoming ? Upcoming(start, line, out, err) : DossierTimers(start, line.positional()[0], out, err);
}

}  // namespace

Subcommand TimersSubcommand() {
  return {"timers", "hẹn giờ nhắc hạn của một hồ sơ; upcoming: lời nhắc sắp gửi của một đơn vị", kHelp, RunTimers};
}

}  // namespace tdkt::tdktctl
