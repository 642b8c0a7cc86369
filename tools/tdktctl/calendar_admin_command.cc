// `tdktctl calendar set-year | show-year | changes`: the stored working-day calendar of the dossier service
// (CalendarService, calendar.proto), online like the other subcommands (--user, the password from TDKT_PASSWORD
// or stdin). See calendar_admin_command.h.
#include "tools/tdktctl/calendar_admin_command.h"

#include <algorithm>
#include <filesystem>
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
    "usage: tdktctl calendar set-year FILE [--reason TEXT] [--user TÊN]   (quản trị hệ thống)\n"
    "       tdktctl calendar show-year YEAR [--user TÊN]\n"
    "       tdktctl calendar changes [--year YEAR] [--user TÊN]          (quản trị hệ thống)\n"
    "Lịch nghỉ mà dịch vụ hồ sơ lưu và mọi dịch vụ dùng để tính ngày làm việc. set-year: tệp theo định dạng\n"
    "data/holidays (tdkt.v1.YearArrangement), được kiểm tra trước (lỗi ghi TỆP:DÒNG, không gửi gì), rồi lưu thành\n"
    "phiên bản lịch mới; các hạn xử lý đang chạy mà thay đổi dời ngày được tính lại. show-year: lịch nghỉ đã lưu và\n"
    "mọi ngày nghỉ của năm. changes: nhật ký ai đổi năm nào, khi nào, vì sao.\n";

std::string Day(const v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

std::optional<int> YearOf(const std::string& text) {
  int year = 0;
  if (text.size() != 4 || !absl::SimpleAtoi(text, &year) || year < 1900 || year > 2100) return std::nullopt;
  return year;
}

// The stored calendar.
absl::StatusOr<v1::Calendar> GetCalendar(Session& session) {
  v1::GetCalendarResponse response;
  const grpc::Status status = session.calendar().GetCalendar(session.Context().get(), {}, &response);
  if (!status.ok()) return FromGrpc("đọc lịch nghỉ", status);
  return std::move(*response.mutable_calendar());
}

// "--year" given as a year from 1900 to 2100, for a CommandLine check.
absl::Status CheckYear(const std::string& text, const std::string& what) {
  return YearOf(text) ? absl::OkStatus() : absl::InvalidArgumentError(what + " phải từ 1900 đến 2100, ví dụ 2026");
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

int SetYear(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--reason", kValue}});
  std::optional<v1::YearArrangement> arrangement;
  // The file first: a refusal names its line before anyone is asked for a password.
  LoggedInStart start = StartLoggedIn("calendar set-year", args, err, kUsage, line, 1, 1, [&](const CommandLine& l) {
    absl::StatusOr<v1::YearArrangement> read = workflow::loader::ReadYearArrangementFile(l.positional()[0]);
    if (!read.ok()) return absl::FailedPreconditionError(read.status().message());
    arrangement = std::move(*read);
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  const std::string& path = line.positional()[0];
  Session& session = *start.session;
  absl::StatusOr<v1::Calendar> current = GetCalendar(session);
  if (!current.ok()) return Failed("calendar set-year", current.status(), err);

  v1::SetCalendarYearRequest request;
  // The same file on the same calendar version is the same request: running the command again after a lost reply
  // changes nothing more.
  request.set_request_id(absl::StrCat(
      "tdktctl-calendar-",
      base::Sha256Hex(absl::StrCat(arrangement->SerializeAsString(), "@", current->version())).substr(0, 32)));
  request.set_expected_calendar_version(current->version());
  *request.mutable_arrangement() = *arrangement;
  request.set_reason_vi(line.Value("--reason").value_or(
      absl::StrCat("cập nhật từ tệp ", std::filesystem::path(path).filename().string(), " (tdktctl)")));
  v1::SetCalendarYearResponse response;
  const grpc::Status status = session.calendar().SetCalendarYear(session.Context().get(), request, &response);
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    out << "Lịch nghỉ năm " << arrangement->year() << " đã đúng như tệp " << path
        << " (phiên bản lịch " << current->version() << "); không có gì thay đổi.\n";
    return kExitOk;
  }
  if (!status.ok()) {
    const std::string what = absl::StrCat("lưu lịch nghỉ năm ", arrangement->year(), " từ ", path);
    return Failed("calendar set-year", FromGrpc(what, status), err);
  }
  const v1::CalendarChange& change = response.change();
  out << "Đã lưu lịch nghỉ năm " << change.year() << " (phiên bản lịch " << change.previous_version() << " → "
      << change.version() << "), lý do: " << change.reason_vi() << "\n";
  PrintArrangement(change.arrangement(), out);
  out << "Các hạn xử lý đang chạy mà thay đổi này dời ngày sẽ được tính lại; người được nhắc hạn sẽ nhận lịch mới.\n";
  return kExitOk;
}

int ShowYear(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({});
  LoggedInStart start = StartLoggedIn("calendar show-year", args, err, kUsage, line, 1, 1,
                                      [](const CommandLine& l) { return CheckYear(l.positional()[0], "năm"); });
  if (start.exit_code != 0) return start.exit_code;
  const std::optional<int> year = YearOf(line.positional()[0]);
  absl::StatusOr<v1::Calendar> calendar = GetCalendar(*start.session);
  if (!calendar.ok()) return Failed("calendar show-year", calendar.status(), err);
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
    return kExitRefused;
  }
  out << "Các ngày nghỉ năm " << *year << " (ngoài thứ Bảy, Chủ nhật thường lệ):\n";
  for (const workflow::calendar::DayOff& day : (*snapshot)->calendar().DaysOff(*year)) {
    out << "  " << base::FormatIsoDate(day.day) << "  " << day.reason << "\n";
  }
  return kExitOk;
}

int Changes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--year", kValue}});
  LoggedInStart start = StartLoggedIn("calendar changes", args, err, kUsage, line, 0, 0, [](const CommandLine& l) {
    const std::optional<std::string> text = l.Value("--year");
    return text ? CheckYear(*text, "--year") : absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  const std::optional<std::string> year_text = line.Value("--year");
  const int year = year_text ? YearOf(*year_text).value_or(0) : 0;  // 0: every year
  Session& session = *start.session;
  v1::ListCalendarChangesRequest request;
  request.set_year(year);
  request.mutable_page()->set_page_size(100);
  std::vector<v1::CalendarChange> changes;
  do {
    v1::ListCalendarChangesResponse response;
    const grpc::Status status = session.calendar().ListCalendarChanges(session.Context().get(), request, &response);
    if (!status.ok()) return Failed("calendar changes", FromGrpc("đọc nhật ký lịch nghỉ", status), err);
    changes.insert(changes.end(), response.changes().begin(), response.changes().end());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  out << "Nhật ký thay đổi lịch nghỉ" << (year != 0 ? absl::StrCat(" năm ", year) : std::string()) << ": "
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
  return kExitOk;
}

}  // namespace

namespace {

const std::vector<std::string>& CalendarAdminVerbs() {
  static const std::vector<std::string>* verbs = new std::vector<std::string>{"set-year", "show-year", "changes"};
  return *verbs;
}

}  // namespace

bool IsCalendarAdminVerb(const std::string& word) {
  return std::find(CalendarAdminVerbs().begin(), CalendarAdminVerbs().end(), word) != CalendarAdminVerbs().end();
}

int RunCalendarAdminCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  // The others (global options included) go to the verb.
  std::vector<std::string> rest = args;
  const std::optional<std::string> verb = TakeVerb(rest, CalendarAdminVerbs());
  if (verb == "set-year") return SetYear(rest, out, err);
  if (verb == "show-year") return ShowYear(rest, out, err);
  return Changes(rest, out, err);
}

const char* CalendarAdminHelp() { return kUsage; }

}  // namespace tdkt::tdktctl
