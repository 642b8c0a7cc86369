// `tdktctl calendar set-year | show-year | changes`: the stored working-day calendar of the dossier service
// (CalendarService, calendar.proto), online like the other subcommands (--user, the password from TDKT_PASSWORD
// or stdin). See calendar_admin_command.h.
#include "tools/tdktctl/calendar_admin_command.h"

#include <filesystem>
#include <iostream>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"
#include "tools/tdktctl/online_client.h"
#include "workflow/calendar/calendar_snapshot.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kUsage[] =
    "usage: tdktctl calendar set-year FILE [--reason TEXT] --user TÊN   (system administrator)\n"
    "       tdktctl calendar show-year YEAR --user TÊN\n"
    "       tdktctl calendar changes [--year YEAR] --user TÊN        (system administrator)\n"
    "       [--dossier ADDR] [--directory ADDR]; mật khẩu: TDKT_PASSWORD hoặc một dòng stdin";

int Usage(std::ostream& err, const std::string& verb, const std::string& problem) {
  err << "tdktctl calendar " << verb << ": " << problem << "\n" << kUsage << "\n";
  return kExitUsage;
}

std::string Day(const v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

// The words after the verb, with --reason / --year taken out.
struct Words {
  std::vector<std::string> operands;
  std::optional<std::string> reason;
  std::optional<std::string> year;
};

// Whether words[*i] is the option `name` ("--name VALUE" or "--name=VALUE"); its value goes to `slot`.
bool TakeOption(const std::vector<std::string>& words, size_t* i, const std::string& name,
                std::optional<std::string>* slot, absl::Status* error) {
  if (words[*i] == name) {
    if (*i + 1 == words.size()) {
      *error = absl::InvalidArgumentError(name + " cần một giá trị");
    } else {
      *slot = words[++*i];
    }
    return true;
  }
  if (words[*i].rfind(name + "=", 0) == 0) {
    *slot = words[*i].substr(name.size() + 1);
    return true;
  }
  return false;
}

absl::StatusOr<Words> SplitWords(const std::vector<std::string>& words) {
  Words out;
  for (size_t i = 1; i < words.size(); ++i) {
    absl::Status error;
    if (TakeOption(words, &i, "--reason", &out.reason, &error) || TakeOption(words, &i, "--year", &out.year, &error)) {
      if (!error.ok()) return error;
      continue;
    }
    out.operands.push_back(words[i]);
  }
  return out;
}

std::optional<int> YearOf(const std::string& text) {
  int year = 0;
  if (text.size() != 4 || !absl::SimpleAtoi(text, &year) || year < 1900 || year > 2100) return std::nullopt;
  return year;
}

// The stored calendar, or one line on `err`.
std::optional<v1::Calendar> GetCalendar(Session& session, const OnlineOptions& options, std::ostream& err,
                                        const std::string& verb) {
  v1::GetCalendarResponse response;
  const grpc::Status status = session.calendar().GetCalendar(session.Context().get(), {}, &response);
  if (!status.ok()) {
    err << "tdktctl calendar " << verb << ": "
        << DescribeFailure("đọc lịch nghỉ tại " + options.dossier_addr, status) << "\n";
    return std::nullopt;
  }
  return std::move(*response.mutable_calendar());
}

void PrintArrangement(const v1::YearArrangement& year, std::ostream& out) {
  if (!year.source().empty()) out << "  Văn bản: " << year.source() << "\n";
  for (const v1::DayOffPeriod& period : year.days_off()) {
    const std::string first = Day(period.first());
    const std::string last = period.has_last() ? Day(period.last()) : first;
    out << "  Nghỉ " << (first == last ? first : first + " – " + last) << "  " << period.note() << "\n";
  }
  for (const v1::MakeUpWorkingDay& make_up : year.make_up_working_days()) {
    out << "  Làm bù " << Day(make_up.date()) << (make_up.note().empty() ? "" : "  " + make_up.note()) << "\n";
  }
}

int SetYear(const std::vector<std::string>& args, const Words& words, std::ostream& out, std::ostream& err) {
  if (words.operands.size() != 1) return Usage(err, "set-year", "cần đúng một tệp lịch nghỉ (FILE)");
  const std::string& path = words.operands[0];
  // The file first: a refusal names its line before anyone is asked for a password.
  absl::StatusOr<v1::YearArrangement> arrangement = workflow::loader::ReadYearArrangementFile(path);
  if (!arrangement.ok()) {
    err << "tdktctl calendar set-year: " << arrangement.status().message() << "\n";
    return kExitFailure;
  }
  LoggedInStart start = StartLoggedIn("calendar set-year", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  const std::optional<v1::Calendar> current = GetCalendar(session, start.options, err, "set-year");
  if (!current) return kExitFailure;

  v1::SetCalendarYearRequest request;
  // The same file on the same calendar version is the same request: running the command again after a lost reply
  // changes nothing more.
  request.set_request_id(absl::StrCat(
      "tdktctl-calendar-",
      base::Sha256Hex(absl::StrCat(arrangement->SerializeAsString(), "@", current->version())).substr(0, 32)));
  request.set_expected_calendar_version(current->version());
  *request.mutable_arrangement() = *arrangement;
  request.set_reason_vi(words.reason.value_or(
      absl::StrCat("cập nhật từ tệp ", std::filesystem::path(path).filename().string(), " (tdktctl)")));
  v1::SetCalendarYearResponse response;
  const grpc::Status status = session.calendar().SetCalendarYear(session.Context().get(), request, &response);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    out << "Lịch nghỉ năm " << arrangement->year() << " đã đúng như tệp " << path
        << " (phiên bản lịch " << current->version() << "); không có gì thay đổi.\n";
    return 0;
  }
  if (!status.ok()) {
    err << "tdktctl calendar set-year: "
        << DescribeFailure(absl::StrCat("lưu lịch nghỉ năm ", arrangement->year(), " từ ", path), status) << "\n";
    return kExitFailure;
  }
  const v1::CalendarChange& change = response.change();
  out << "Đã lưu lịch nghỉ năm " << change.year() << " (phiên bản lịch " << change.previous_version() << " → "
      << change.version() << "), lý do: " << change.reason_vi() << "\n";
  PrintArrangement(change.arrangement(), out);
  out << "Các hạn xử lý đang chạy mà thay đổi này dời ngày sẽ được tính lại; người được nhắc hạn sẽ nhận lịch mới.\n";
  return 0;
}

int ShowYear(const std::vector<std::string>& args, const Words& words, std::ostream& out, std::ostream& err) {
  if (words.operands.size() != 1) return Usage(err, "show-year", "cần đúng một năm (YEAR)");
  const std::optional<int> year = YearOf(words.operands[0]);
  if (!year) return Usage(err, "show-year", "năm phải từ 1900 đến 2100, ví dụ 2026");
  LoggedInStart start = StartLoggedIn("calendar show-year", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  const std::optional<v1::Calendar> calendar = GetCalendar(*start.session, start.options, err, "show-year");
  if (!calendar) return kExitFailure;
  const v1::YearArrangement* stored = nullptr;
  for (const v1::YearArrangement& y : calendar->years()) {
    if (y.year() == *year) stored = &y;
  }
  if (stored == nullptr) {
    out << "Năm " << *year << " chưa có lịch nghỉ chính thức (phiên bản lịch " << calendar->version()
        << "): ngày nghỉ theo quy tắc mặc định.\n";
  } else {
    out << "Lịch nghỉ năm " << *year << " (phiên bản lịch " << calendar->version() << "):\n";
    PrintArrangement(*stored, out);
  }
  // What the calendar makes of it: every day off of the year with its reason, as deadlines count them.
  absl::StatusOr<std::shared_ptr<const workflow::calendar::CalendarSnapshot>> snapshot =
      workflow::loader::CalendarSnapshotFromMessages(calendar->version(), calendar->years(),
                                                     calendar->optional_holidays());
  if (!snapshot.ok()) {
    err << "tdktctl calendar show-year: lịch nghỉ nhận được không hợp lệ: " << snapshot.status().message() << "\n";
    return kExitFailure;
  }
  out << "Các ngày nghỉ năm " << *year << " (ngoài thứ Bảy, Chủ nhật thường lệ):\n";
  for (const workflow::calendar::DayOff& day : (*snapshot)->calendar().DaysOff(*year)) {
    out << "  " << base::FormatIsoDate(day.day) << "  " << day.reason << "\n";
  }
  return 0;
}

int Changes(const std::vector<std::string>& args, const Words& words, std::ostream& out, std::ostream& err) {
  if (!words.operands.empty()) return Usage(err, "changes", "thừa tham số \"" + words.operands[0] + "\"");
  std::optional<int> year;
  if (words.year) {
    year = YearOf(*words.year);
    if (!year) return Usage(err, "changes", "--year phải từ 1900 đến 2100");
  }
  LoggedInStart start = StartLoggedIn("calendar changes", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  v1::ListCalendarChangesRequest request;
  request.set_year(year.value_or(0));
  request.mutable_page()->set_page_size(100);
  std::vector<v1::CalendarChange> changes;
  do {
    v1::ListCalendarChangesResponse response;
    const grpc::Status status = session.calendar().ListCalendarChanges(session.Context().get(), request, &response);
    if (!status.ok()) {
      err << "tdktctl calendar changes: " << DescribeFailure("đọc nhật ký lịch nghỉ tại " + start.options.dossier_addr,
                                                             status)
          << "\n";
      return kExitFailure;
    }
    changes.insert(changes.end(), response.changes().begin(), response.changes().end());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  out << "Nhật ký thay đổi lịch nghỉ" << (year ? absl::StrCat(" năm ", *year) : std::string()) << ": "
      << changes.size() << " thay đổi, mới nhất trước\n";
  for (const v1::CalendarChange& change : changes) {
    const std::string who = change.changed_by_person_id().empty()
                                ? std::string("khởi tạo")
                                : absl::StrCat(change.changed_by_name().empty() ? "—" : change.changed_by_name(),
                                               " (mã ", change.changed_by_person_id(), ")");
    out << "  phiên bản " << change.previous_version() << " → " << change.version() << "  năm " << change.year()
        << "  " << FormatTime(change.changed_at()) << "  " << who << "\n";
    out << "      lý do: " << change.reason_vi()
        << (change.had_previous_arrangement() ? "" : " (trước đó theo quy tắc mặc định)") << "\n";
  }
  return 0;
}

}  // namespace

bool IsCalendarAdminVerb(const std::string& word) {
  return word == "set-year" || word == "show-year" || word == "changes";
}

int RunCalendarAdminCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> rest;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &rest);
  if (!options.ok()) {
    err << "tdktctl calendar: " << options.status().message() << "\n" << kUsage << "\n";
    return kExitUsage;
  }
  if (rest.empty() || !IsCalendarAdminVerb(rest[0])) return Usage(err, "", "thiếu set-year, show-year hoặc changes");
  absl::StatusOr<Words> words = SplitWords(rest);
  if (!words.ok()) return Usage(err, rest[0], std::string(words.status().message()));
  if (rest[0] == "set-year") return SetYear(args, *words, out, err);
  if (rest[0] == "show-year") return ShowYear(args, *words, out, err);
  return Changes(args, *words, out, err);
}

}  // namespace tdkt::tdktctl
