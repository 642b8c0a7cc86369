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
#include "base/status_macros.h"
#include "workflow/loader/text_proto_file.h"
#include "workflow/loader/year_arrangement_check.h"

namespace tdkt::workflow::loader {
namespace {

using google::protobuf::Message;
using google::protobuf::TextFormat;

constexpr char kOptionalHolidaysFile[] = "optional_holidays.textproto";
constexpr char kSuffix[] = ".textproto";

// Parses `path` into `message`, recording where each field is so that rule violations can name their line.
absl::Status ParseWithLocations(const std::string& path, Message* message, TextFormat::ParseInfoTree* locations) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open data file"));
  std::ostringstream text;
  text << in.rdbuf();
  // The shared parser reports syntax errors as file:line:column; the second pass only records positions.
  TDKT_RETURN_IF_ERROR(ParseTextProto(text.str(), path, message));
  TextFormat::Parser parser;
  parser.WriteLocationsTo(locations);
  message->Clear();
  if (!parser.ParseFromString(text.str(), message)) {
    return absl::InternalError(absl::StrCat(path, ": parsed once but not twice"));
  }
  return absl::OkStatus();
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

// A year's file read and checked: the message and its conversion.
struct YearFile {
  v1::YearArrangement message;
  calendar::YearArrangement arrangement;
};

absl::StatusOr<YearFile> ReadYearFile(const std::string& path, std::optional<int> year_of_name) {
  YearFile file;
  TextFormat::ParseInfoTree locations;
  TDKT_RETURN_IF_ERROR(ParseWithLocations(path, &file.message, &locations));
  if (year_of_name && file.message.year() != *year_of_name) {
    const int line = locations.GetLocation(v1::YearArrangement::descriptor()->FindFieldByName("year"), -1).line;
    return DataError(path, line >= 0 ? line + 1 : 1,
                     absl::StrCat("năm ", file.message.year(), " không khớp tên tệp (year ", file.message.year(),
                                  " does not match the file name, ", *year_of_name, ")"));
  }
  TDKT_ASSIGN_OR_RETURN(file.arrangement,
                        CheckYearArrangement(file.message, {.file = path, .locations = &locations}));
  return file;
}

}  // namespace

absl::StatusOr<calendar::YearArrangement> LoadYearArrangement(const std::string& path) {
  const std::optional<int> file_year = YearFromFileName(path);
  if (!file_year) {
    return DataError(path, 1, "tệp lịch nghỉ của một năm phải tên <năm>.textproto (a year's file must be named "
                              "<year>.textproto)");
  }
  TDKT_ASSIGN_OR_RETURN(YearFile file, ReadYearFile(path, file_year));
  return std::move(file.arrangement);
}

absl::StatusOr<v1::YearArrangement> ReadYearArrangementFile(const std::string& path) {
  TDKT_ASSIGN_OR_RETURN(YearFile file, ReadYearFile(path, std::nullopt));
  return std::move(file.message);
}

absl::StatusOr<std::vector<calendar::OptionalHoliday>> LoadOptionalHolidays(const std::string& path) {
  v1::OptionalHolidays proto;
  TextFormat::ParseInfoTree locations;
  TDKT_RETURN_IF_ERROR(ParseWithLocations(path, &proto, &locations));
  return CheckOptionalHolidays(proto, {.file = path, .locations = &locations});
}

absl::StatusOr<HolidayFiles> LoadHolidayFiles(const std::string& dir) {
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

  HolidayFiles files;
  for (const std::string& path : paths) {
    if (std::filesystem::path(path).filename() == kOptionalHolidaysFile) {
      TextFormat::ParseInfoTree locations;
      TDKT_RETURN_IF_ERROR(ParseWithLocations(path, &files.optional_holidays, &locations));
      TDKT_ASSIGN_OR_RETURN(files.data.optional_holidays,
                            CheckOptionalHolidays(files.optional_holidays, {.file = path, .locations = &locations}));
    } else if (const std::optional<int> year = YearFromFileName(path)) {
      TDKT_ASSIGN_OR_RETURN(YearFile file, ReadYearFile(path, year));
      files.years.push_back(std::move(file.message));
      files.data.arrangements.push_back(std::move(file.arrangement));
    } else {
      return DataError(path, 1,
                       absl::StrCat("tệp không mong đợi (unexpected file: expected <year>.textproto or ",
                                    kOptionalHolidaysFile, ")"));
    }
  }
  return files;
}

absl::StatusOr<calendar::HolidayData> LoadHolidays(const std::string& dir) {
  TDKT_ASSIGN_OR_RETURN(HolidayFiles files, LoadHolidayFiles(dir));
  return std::move(files.data);
}

absl::StatusOr<calendar::HolidayData> HolidayDataFromMessages(
    const google::protobuf::RepeatedPtrField<v1::YearArrangement>& years,
    const v1::OptionalHolidays& optional_holidays) {
  calendar::HolidayData data;
  std::set<int> seen;
  for (const v1::YearArrangement& year : years) {
    if (!seen.insert(year.year()).second) {
      return absl::InvalidArgumentError(absl::StrCat("Lịch nghỉ năm ", year.year(), " có hai bản (two arrangements "
                                                     "for the year ", year.year(), ")"));
    }
    TDKT_ASSIGN_OR_RETURN(calendar::YearArrangement arrangement, CheckYearArrangement(year));
    data.arrangements.push_back(std::move(arrangement));
  }
  TDKT_ASSIGN_OR_RETURN(data.optional_holidays, CheckOptionalHolidays(optional_holidays));
  return data;
}

absl::StatusOr<std::shared_ptr<const calendar::CalendarSnapshot>> CalendarSnapshotFromMessages(
    int64_t version, const google::protobuf::RepeatedPtrField<v1::YearArrangement>& years,
    const v1::OptionalHolidays& optional_holidays) {
  TDKT_ASSIGN_OR_RETURN(calendar::HolidayData data, HolidayDataFromMessages(years, optional_holidays));
  return calendar::CalendarSnapshot::Build(version, std::move(data));
}

}  // namespace tdkt::workflow::loader
