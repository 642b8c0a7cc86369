#pragma once
// ParseAwardHistoryCsv: the CSV of ImportAwardHistory (award_history.proto) as records to write, or every bad
// row named "Dòng N: <lý do>" (N = the CSV line, 1 = the header). Pure: the catalogue says which award codes
// exist, `today` (in Vietnam) bounds the decision dates.
//
//   AwardHistoryCsv parsed = ParseAwardHistoryCsv(csv, catalog, today);
//   if (!parsed.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(parsed.errors, "\n"));
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/dossier/award_history.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::dossier {

inline constexpr int kMaxAwardHistoryRows = 5000;
inline constexpr int kMaxAwardHistoryErrorsListed = 100;

struct AwardHistoryCsv {
  // subject, award, year and decision filled; org, source, import id and line, recorded_* are the caller's
  // (import_line is set).
  std::vector<AwardHistoryRecord> records;
  std::vector<std::string> errors;  // at most kMaxAwardHistoryErrorsListed, then one line saying how many more
};

AwardHistoryCsv ParseAwardHistoryCsv(std::string_view csv, const workflow::catalog::Catalog& catalog,
                                     absl::CivilDay today);

}  // namespace tdkt::dossier
