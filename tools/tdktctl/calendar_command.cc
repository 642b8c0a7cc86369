#include "tools/tdktctl/calendar_command.h"

#include <cstdlib>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/iso_date.h"
#include "workflow/calendar/lunar_calendar.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::tdktctl {
namespace {

namespace calendar = tdkt::workflow::calendar;

constexpr int kUsageError = 2;
constexpr int kDataError = 1;
constexpr char kUsage[] =
    "usage: tdktctl calendar [--data-dir DIR] (lunar DATE | is-working-day DATE | "
    "add-working-days DATE N | working-days-between FROM TO), dates as YYYY-MM-DD, counted with data/holidays/\n"
    "       the stored calendar, online: tdktctl calendar (set-year FILE [--reason TEXT] | show-year YEAR | "
    "changes [--year YEAR]) --user NAME";

// Strict YYYY-MM-DD: exactly ten characters and a day that exists (no 2025-02-30, no 2025-2-3).
std::string DataDir(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  if (const char* env = std::getenv("TDKT_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return TDKT_SOURCE_DATA_DIR;
}

class CalendarCommand {
 public:
  CalendarCommand(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  int Run(std::vector<std::string> args) {
    std::optional<std::string> data_dir;
    std::vector<std::string> words;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--data-dir") {
        if (i + 1 == args.size()) return Usage("--data-dir needs a directory");
        data_dir = args[++i];
      } else if (args[i].starts_with("--data-dir=")) {
        data_dir = args[i].substr(std::string("--data-dir=").size());
      } else {
        words.push_back(args[i]);
      }
    }
    if (words.empty()) return Usage("missing subcommand");
    const std::string& verb = words[0];
    const std::vector<std::string> operands(words.begin() + 1, words.end());
    if (verb == "lunar") return Lunar(operands);
    if (verb == "is-working-day" || verb == "add-working-days" || verb == "working-days-between") {
      return WithCalendar(verb, operands, DataDir(data_dir));
    }
    return Usage(absl::StrCat("unknown subcommand \"", verb, "\""));
  }

 private:
  int Usage(const std::string& problem) {
    err_ << "tdktctl calendar: " << problem << "\n" << kUsage << "\n";
    return kUsageError;
  }

  int BadInput(const std::string& problem) {
    err_ << "tdktctl calendar: " << problem << "\n";
    return kUsageError;
  }

  std::optional<absl::CivilDay> Date(const std::string& text) {
    std::optional<absl::CivilDay> day = base::ParseIsoDate(text);
    if (!day) BadInput(absl::StrCat("invalid date \"", text, "\" (expected an existing YYYY-MM-DD)"));
    return day;
  }

  int Lunar(const std::vector<std::string>& operands) {
    if (operands.size() != 1) return Usage("lunar takes one date");
    const std::optional<absl::CivilDay> day = Date(operands[0]);
    if (!day) return kUsageError;
    const absl::StatusOr<calendar::LunarDate> lunar = calendar::SolarToLunar(*day);
    if (!lunar.ok()) return BadInput(std::string(lunar.status().message()));
    out_ << calendar::FormatLunarDate(*lunar) << "\n";
    return 0;
  }

  int WithCalendar(const std::string& verb, const std::vector<std::string>& operands,
                   const std::string& data_dir) {
    const size_t wanted = verb == "is-working-day" ? 1 : 2;
    if (operands.size() != wanted) {
      return Usage(absl::StrCat(verb, " takes ", wanted == 1 ? "one argument" : "two arguments"));
    }
    // Validate every argument before touching the data, so that a typo never reports a data problem.
    const std::optional<absl::CivilDay> first = Date(operands[0]);
    if (!first) return kUsageError;
    if (!calendar::WorkingDayCalendar::Covers(*first)) return OutOfRange(operands[0]);
    std::optional<absl::CivilDay> second;
    int64_t count = 0;
    if (verb == "add-working-days") {
      if (!absl::SimpleAtoi(operands[1], &count) || count < 0 ||
          operands[1].find_first_not_of("0123456789") != std::string::npos) {
        return BadInput(absl::StrCat("invalid number of working days \"", operands[1],
                                     "\" (expected a whole number ≥ 0)"));
      }
    } else if (verb == "working-days-between") {
      second = Date(operands[1]);
      if (!second) return kUsageError;
      if (!calendar::WorkingDayCalendar::Covers(*second)) return OutOfRange(operands[1]);
    }

    const std::string holidays_dir = absl::StrCat(data_dir, "/holidays");
    absl::StatusOr<calendar::HolidayData> data = workflow::loader::LoadHolidays(holidays_dir);
    if (!data.ok()) return DataProblem(data.status());
    absl::StatusOr<calendar::WorkingDayCalendar> working_days = calendar::WorkingDayCalendar::Create(*data);
    if (!working_days.ok()) return DataProblem(working_days.status());

    if (verb == "is-working-day") {
      const absl::StatusOr<bool> working = working_days->IsWorkingDay(*first);
      if (!working.ok()) return BadInput(std::string(working.status().message()));
      out_ << (*working ? "yes" : "no") << "\n";
    } else if (verb == "add-working-days") {
      const absl::StatusOr<absl::CivilDay> due = working_days->AddWorkingDays(*first, count);
      if (!due.ok()) return BadInput(std::string(due.status().message()));
      out_ << absl::FormatCivilTime(*due) << "\n";
    } else {
      const absl::StatusOr<int64_t> between = working_days->WorkingDaysBetween(*first, *second);
      if (!between.ok()) return BadInput(std::string(between.status().message()));
      out_ << *between << "\n";
    }
    return 0;
  }

  int OutOfRange(const std::string& text) {
    return BadInput(absl::StrCat("date ", text, " is outside the calendar (",
                                 calendar::WorkingDayCalendar::kFirstYear, "–",
                                 calendar::WorkingDayCalendar::kLastYear, ")"));
  }

  int DataProblem(const absl::Status& status) {
    err_ << "tdktctl calendar: holiday data: " << status.message() << "\n";
    return kDataError;
  }

  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace

int RunCalendarCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return CalendarCommand(out, err).Run(args);
}

}  // namespace tdkt::tdktctl
