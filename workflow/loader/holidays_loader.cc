#include "workflow/loader/holidays_loader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tdkt/v1/holidays.pb.h"
#include "workflow/loader/text_proto_file.h"
#include "base/status_macros.h"

namespace tdkt::workflow::loader {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using google::protobuf::TextFormat;

constexpr char kOptionalHolidaysFile[] = "optional_holidays.textproto";
constexpr char kSuffix[] = ".textproto";

// A parsed file with the positions of its fields, so that rule violations can name their line.
struct ParsedFile {
  std::string path;
  TextFormat::ParseInfoTree locations;
};

absl::Status ParseWithLocations(const std::string& path, Message* message, ParsedFile* parsed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open data file"));
  std::ostringstream text;
  text << in.rdbuf();
  // The shared parser reports syntax errors as file:line:column; the second pass only records positions.
  TDKT_RETURN_IF_ERROR(ParseTextProto(text.str(), path, message));
  TextFormat::Parser parser;
  parser.WriteLocationsTo(&parsed->locations);
  message->Clear();
  if (!parser.ParseFromString(text.str(), message)) {
    return absl::InternalError(absl::StrCat(path, ": parsed once but not twice"));
  }
  parsed->path = path;
  return absl::OkStatus();
}

// 1-based line of `field` (index -1 for a singular field) in `tree`, or `fallback` when it is absent.
int LineOf(const TextFormat::ParseInfoTree* tree, const Descriptor* descriptor, const char* field,
           int index, int fallback) {
  if (tree == nullptr) return fallback;
  const int line = tree->GetLocation(descriptor->FindFieldByName(field), index).line;
  return line >= 0 ? line + 1 : fallback;
}

const TextFormat::ParseInfoTree* Nested(const TextFormat::ParseInfoTree* tree,
                                        const Descriptor* descriptor, const char* field, int index) {
  if (tree == nullptr) return nullptr;
  return tree->GetTreeForNested(descriptor->FindFieldByName(field), index);
}

std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises 31/2 into March: an impossible date does not survive the round trip.
  if (date.year() < 1 || day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

std::string Describe(const v1::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

absl::StatusOr<calendar::HolidayKind> ToKind(v1::HolidayKind kind) {
  switch (kind) {
    case v1::HOLIDAY_KIND_NEW_YEAR:
      return calendar::HolidayKind::kNewYear;
    case v1::HOLIDAY_KIND_TET:
      return calendar::HolidayKind::kTet;
    case v1::HOLIDAY_KIND_HUNG_KINGS:
      return calendar::HolidayKind::kHungKings;
    case v1::HOLIDAY_KIND_REUNIFICATION:
      return calendar::HolidayKind::kReunification;
    case v1::HOLIDAY_KIND_LABOUR_DAY:
      return calendar::HolidayKind::kLabourDay;
    case v1::HOLIDAY_KIND_NATIONAL_DAY:
      return calendar::HolidayKind::kNationalDay;
    case v1::HOLIDAY_KIND_CULTURE_DAY:
      return calendar::HolidayKind::kCultureDay;
    default:
      return absl::InvalidArgumentError("holiday kind must be set");
  }
}

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

std::optional<int> YearFromFileName(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  if (name.size() != 4 + std::strlen(kSuffix) || !name.ends_with(kSuffix)) return std::nullopt;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    year = year * 10 + (name[i] - '0');
  }
  return year;
}

}  // namespace

absl::StatusOr<calendar::YearArrangement> LoadYearArrangement(const std::string& path) {
  const std::optional<int> file_year = YearFromFileName(path);
  if (!file_year) return DataError(path, 0, "a year's file must be named <year>.textproto");
  v1::YearArrangement proto;
  ParsedFile parsed;
  TDKT_RETURN_IF_ERROR(ParseWithLocations(path, &proto, &parsed));
  const TextFormat::ParseInfoTree* root = &parsed.locations;
  const Descriptor* file_type = v1::YearArrangement::descriptor();
  const Descriptor* period_type = v1::DayOffPeriod::descriptor();
  const Descriptor* make_up_type = v1::MakeUpWorkingDay::descriptor();

  if (proto.year() != *file_year) {
    return DataError(path, LineOf(root, file_type, "year", -1, 1),
                     absl::StrCat("year ", proto.year(), " does not match the file name (", *file_year, ")"));
  }
  const int year = *file_year;
  // Periods may reach into the neighbouring months (a New Year break starting on 30/12 of the year before).
  const absl::CivilDay earliest(year - 1, 12, 1);
  const absl::CivilDay latest(year + 1, 1, 31);

  calendar::YearArrangement arrangement;
  arrangement.year = year;
  arrangement.source = proto.source();
  std::set<calendar::HolidayKind> named_kinds;
  for (int i = 0; i < proto.days_off_size(); ++i) {
    const v1::DayOffPeriod& period = proto.days_off(i);
    const TextFormat::ParseInfoTree* tree = Nested(root, file_type, "days_off", i);
    const int period_line = LineOf(root, file_type, "days_off", i, 0);
    if (!period.has_first()) return DataError(path, period_line, "a period off needs `first`");
    const int first_line = LineOf(tree, period_type, "first", -1, period_line);
    const std::optional<absl::CivilDay> first = ToCivilDay(period.first());
    if (!first) return DataError(path, first_line, absl::StrCat("no such date ", Describe(period.first())));
    std::optional<absl::CivilDay> last = first;
    const int last_line = LineOf(tree, period_type, "last", -1, first_line);
    if (period.has_last()) {
      last = ToCivilDay(period.last());
      if (!last) return DataError(path, last_line, absl::StrCat("no such date ", Describe(period.last())));
    }
    if (*last < *first) {
      return DataError(path, last_line,
                       absl::StrCat("period ends (", absl::FormatCivilTime(*last), ") before it starts (",
                                    absl::FormatCivilTime(*first), ")"));
    }
    if (*first < earliest || *last > latest) {
      return DataError(path, *first < earliest ? first_line : last_line,
                       absl::StrCat("period ", absl::FormatCivilTime(*first), "..",
                                    absl::FormatCivilTime(*last), " lies outside the year ", year));
    }
    calendar::DayOffPeriod out{.holidays = {}, .first = *first, .last = *last, .note = period.note()};
    for (int k = 0; k < period.holidays_size(); ++k) {
      const int kind_line = LineOf(tree, period_type, "holidays", k, period_line);
      absl::StatusOr<calendar::HolidayKind> kind = ToKind(period.holidays(k));
      if (!kind.ok()) return DataError(path, kind_line, std::string(kind.status().message()));
      if (!named_kinds.insert(*kind).second) {
        return DataError(path, kind_line,
                         absl::StrCat(calendar::HolidayName(*kind), " is named by two periods"));
      }
      out.holidays.push_back(*kind);
    }
    arrangement.days_off.push_back(std::move(out));
  }
  for (int i = 0; i < proto.make_up_working_days_size(); ++i) {
    const v1::MakeUpWorkingDay& make_up = proto.make_up_working_days(i);
    const int entry_line = LineOf(root, file_type, "make_up_working_days", i, 0);
    const int line = LineOf(Nested(root, file_type, "make_up_working_days", i), make_up_type, "date", -1,
                            entry_line);
    const std::optional<absl::CivilDay> day = ToCivilDay(make_up.date());
    if (!day) return DataError(path, line, absl::StrCat("no such date ", Describe(make_up.date())));
    if (!IsWeekend(*day)) {
      return DataError(path, line,
                       absl::StrCat("make-up working day ", absl::FormatCivilTime(*day),
                                    " is not a Saturday or Sunday"));
    }
    for (const calendar::DayOffPeriod& period : arrangement.days_off) {
      if (*day >= period.first && *day <= period.last) {
        return DataError(path, line,
                         absl::StrCat("make-up working day ", absl::FormatCivilTime(*day),
                                      " lies inside a period off"));
      }
    }
    arrangement.make_up_working_days.push_back(*day);
  }
  return arrangement;
}

absl::StatusOr<std::vector<calendar::OptionalHoliday>> LoadOptionalHolidays(const std::string& path) {
  v1::OptionalHolidays proto;
  ParsedFile parsed;
  TDKT_RETURN_IF_ERROR(ParseWithLocations(path, &proto, &parsed));
  const Descriptor* file_type = v1::OptionalHolidays::descriptor();
  const Descriptor* holiday_type = v1::OptionalHoliday::descriptor();
  std::vector<calendar::OptionalHoliday> holidays;
  for (int i = 0; i < proto.holidays_size(); ++i) {
    const v1::OptionalHoliday& holiday = proto.holidays(i);
    const int entry_line = LineOf(&parsed.locations, file_type, "holidays", i, 0);
    const TextFormat::ParseInfoTree* tree = Nested(&parsed.locations, file_type, "holidays", i);
    absl::StatusOr<calendar::HolidayKind> kind = ToKind(holiday.kind());
    if (!kind.ok()) {
      return DataError(path, LineOf(tree, holiday_type, "kind", -1, entry_line),
                       std::string(kind.status().message()));
    }
    // A non-leap year: a fixed holiday on 29/2 would vanish three years out of four.
    const v1::Date probe = [&] {
      v1::Date date;
      date.set_year(2001);
      date.set_month(holiday.month());
      date.set_day(holiday.day());
      return date;
    }();
    if (!ToCivilDay(probe)) {
      return DataError(path, LineOf(tree, holiday_type, "day", -1, entry_line),
                       absl::StrCat("no such day of the year: ", holiday.day(), "/", holiday.month()));
    }
    // A holiday announced as policy but not yet in law has no first year; switching it on needs one.
    if (holiday.enabled() && holiday.first_year() < 1) {
      return DataError(path, LineOf(tree, holiday_type, "enabled", -1, entry_line),
                       "an enabled holiday needs first_year");
    }
    if (holiday.first_year() < 0) {
      return DataError(path, LineOf(tree, holiday_type, "first_year", -1, entry_line),
                       "first_year must not be negative");
    }
    holidays.push_back({.kind = *kind,
                        .month = holiday.month(),
                        .day = holiday.day(),
                        .first_year = holiday.first_year(),
                        .enabled = holiday.enabled()});
  }
  return holidays;
}

absl::StatusOr<calendar::HolidayData> LoadHolidays(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat(dir, ": holidays directory not found"));
  }
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == kSuffix) {
      paths.push_back(entry.path().string());
    }
  }
  if (error) return absl::NotFoundError(absl::StrCat(dir, ": ", error.message()));
  std::sort(paths.begin(), paths.end());  // deterministic: the first bad file is always the same one

  calendar::HolidayData data;
  for (const std::string& path : paths) {
    if (std::filesystem::path(path).filename() == kOptionalHolidaysFile) {
      TDKT_ASSIGN_OR_RETURN(data.optional_holidays, LoadOptionalHolidays(path));
    } else if (YearFromFileName(path)) {
      TDKT_ASSIGN_OR_RETURN(calendar::YearArrangement arrangement, LoadYearArrangement(path));
      data.arrangements.push_back(std::move(arrangement));
    } else {
      return DataError(path, 0,
                       absl::StrCat("unexpected file: expected <year>.textproto or ", kOptionalHolidaysFile));
    }
  }
  return data;
}

}  // namespace tdkt::workflow::loader
