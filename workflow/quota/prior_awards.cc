#include "workflow/quota/prior_awards.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tdkt::workflow::quota {

int FirstPriorYear(const PriorAwardRule& rule, int dossier_year) { return dossier_year - rule.years; }

std::vector<int> MissingPriorYears(const PriorAwardRule& rule, int dossier_year, const std::vector<int>& held_years) {
  std::vector<int> missing;
  for (int year = FirstPriorYear(rule, dossier_year); year < dossier_year; ++year) {
    if (std::find(held_years.begin(), held_years.end(), year) == held_years.end()) missing.push_back(year);
  }
  return missing;
}

std::string MissingPriorMessage(const AwardDefinition& award, const std::string& prior_name_vi, int dossier_year,
                                const std::vector<int>& missing) {
  const PriorAwardRule& rule = *award.requires_prior;
  return absl::StrCat("Danh hiệu «", award.name_vi, "» năm ", dossier_year, " cần «", prior_name_vi, "» ",
                      rule.years, " năm liên tục trước đó (", FirstPriorYear(rule, dossier_year), "–",
                      dossier_year - 1, "); còn thiếu năm: ", absl::StrJoin(missing, ", "));
}

}  // namespace tdkt::workflow::quota
