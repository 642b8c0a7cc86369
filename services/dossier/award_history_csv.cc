#include "services/dossier/award_history_csv.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/iso_date.h"
#include "base/utf8.h"
#include "services/common/csv_reader.h"
#include "services/common/request_checks.h"

namespace tdkt::dossier {
namespace {

constexpr const char* kColumns[] = {"subject_kind", "subject_id",      "award_code",  "year",
                                    "decision_number", "decision_date", "issuing_body"};

class Parser {
 public:
  Parser(const workflow::catalog::Catalog& catalog, absl::CivilDay today) : catalog_(catalog), today_(today) {}

  AwardHistoryCsv Parse(std::string_view csv) {
    if (!base::IsValidUtf8(csv)) return Failed("Dòng 1: tệp không phải UTF-8 hợp lệ");
    absl::StatusOr<std::vector<common::CsvRecord>> rows = common::ReadCsv(csv);
    if (!rows.ok()) return Failed(absl::StrCat("Tệp CSV không đọc được: ", rows.status().message()));
    if (rows->empty()) return Failed("Dòng 1: tệp trống, thiếu dòng tiêu đề");
    if (!Header(rows->front())) return std::move(result_);
    if (rows->size() == 1) return Failed("Tệp không có dòng dữ liệu nào");
    if (static_cast<int>(rows->size()) - 1 > kMaxAwardHistoryRows) {
      return Failed(absl::StrCat("Tệp có quá ", kMaxAwardHistoryRows, " dòng dữ liệu"));
    }
    for (size_t i = 1; i < rows->size(); ++i) Row((*rows)[i]);
    if (errors_ > kMaxAwardHistoryErrorsListed) {
      result_.errors.push_back(absl::StrCat("… và ", errors_ - kMaxAwardHistoryErrorsListed, " dòng lỗi khác"));
    }
    if (!result_.errors.empty()) result_.records.clear();
    return std::move(result_);
  }

 private:
  AwardHistoryCsv Failed(std::string error) {
    result_.records.clear();
    result_.errors = {std::move(error)};
    return std::move(result_);
  }

  bool Header(const common::CsvRecord& header) {
    for (size_t i = 0; i < header.fields.size(); ++i) {
      column_[std::string(absl::StripAsciiWhitespace(header.fields[i]))] = i;
    }
    std::vector<std::string> missing;
    for (const char* column : kColumns) {
      if (!column_.contains(column)) missing.push_back(column);
    }
    if (missing.empty()) return true;
    result_.errors.push_back(absl::StrCat("Dòng ", header.line, ": thiếu cột ", absl::StrJoin(missing, ", ")));
    return false;
  }

  std::string Get(const common::CsvRecord& row, const char* column) const {
    const size_t index = column_.at(column);
    return index < row.fields.size() ? std::string(absl::StripAsciiWhitespace(row.fields[index])) : std::string();
  }

  void Error(const common::CsvRecord& row, const std::string& reason) {
    if (++errors_ <= kMaxAwardHistoryErrorsListed) result_.errors.push_back(absl::StrCat("Dòng ", row.line, ": ", reason));
  }

  void Row(const common::CsvRecord& row) {
    AwardHistoryRecord record;
    record.import_line = row.line;
    const std::string kind = Get(row, "subject_kind");
    if (kind == "PERSON") {
      record.subject_kind = AwardSubjectKind::kPerson;
    } else if (kind == "COLLECTIVE") {
      record.subject_kind = AwardSubjectKind::kCollective;
    } else {
      return Error(row, absl::StrCat("subject_kind phải là PERSON hoặc COLLECTIVE, không phải \"", kind, "\""));
    }
    record.subject_id = Get(row, "subject_id");
    if (absl::Status s = common::CheckIdentifier("subject_id", record.subject_id); !s.ok()) {
      return Error(row, std::string(s.message()));
    }
    record.award_code = Get(row, "award_code");
    const auto& awards = catalog_.awards();
    if (std::none_of(awards.begin(), awards.end(),
                     [&](const workflow::AwardDefinition& a) { return a.code == record.award_code; })) {
      return Error(row, absl::StrCat("mã khen thưởng \"", record.award_code, "\" không có trong danh mục"));
    }
    if (!absl::SimpleAtoi(Get(row, "year"), &record.year) || record.year < 1945 || record.year > today_.year()) {
      return Error(row, absl::StrCat("năm \"", Get(row, "year"), "\" không hợp lệ (1945–", today_.year(), ")"));
    }
    record.decision_number = Get(row, "decision_number");
    if (absl::Status s = common::CheckText("số quyết định (decision_number)", record.decision_number,
                                           {.presence = common::Presence::kRequired});
        !s.ok()) {
      return Error(row, std::string(s.message()));
    }
    const std::optional<absl::CivilDay> date = base::ParseIsoDate(Get(row, "decision_date"));
    if (!date) return Error(row, absl::StrCat("ngày quyết định \"", Get(row, "decision_date"), "\" không phải YYYY-MM-DD"));
    if (*date > today_) return Error(row, "ngày quyết định sau ngày hôm nay");
    if (date->year() < record.year) return Error(row, "ngày quyết định trước năm được khen thưởng");
    record.decision_date = *date;
    record.issuing_body = Get(row, "issuing_body");
    if (absl::Status s = common::CheckText("cơ quan ban hành (issuing_body)", record.issuing_body,
                                           {.presence = common::Presence::kRequired});
        !s.ok()) {
      return Error(row, std::string(s.message()));
    }
    const std::string key = absl::StrCat(kind, "\n", record.subject_id, "\n", record.award_code, "\n", record.year);
    if (const auto [first, inserted] = first_line_.emplace(key, row.line); !inserted) {
      return Error(row, absl::StrCat("trùng với dòng ", first->second, " (cùng đối tượng, khen thưởng và năm)"));
    }
    result_.records.push_back(std::move(record));
  }

  const workflow::catalog::Catalog& catalog_;
  const absl::CivilDay today_;
  std::map<std::string, size_t> column_;
  std::map<std::string, int> first_line_;  // subject, award and year → the line that named them first
  AwardHistoryCsv result_;
  int errors_ = 0;
};

}  // namespace

const char* AwardSubjectKindName(AwardSubjectKind kind) {
  return kind == AwardSubjectKind::kPerson ? "PERSON" : "COLLECTIVE";
}

AwardHistoryCsv ParseAwardHistoryCsv(std::string_view csv, const workflow::catalog::Catalog& catalog,
                                     absl::CivilDay today) {
  return Parser(catalog, today).Parse(csv);
}

}  // namespace tdkt::dossier
