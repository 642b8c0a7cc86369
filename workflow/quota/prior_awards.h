#pragma once
// MissingPriorYears: the years a nominee lacks for an award's rule on earlier awards (award.h PriorAwardRule),
// e.g. CSTĐ cấp tỉnh for 2026 needs CSTĐCS in 2023, 2024 and 2025 (data/awards/, ASSUMPTION
// PRIOR_YEARS_BEFORE: the `years` years immediately before the dossier's year).
//
//   std::vector<int> missing = MissingPriorYears(*award.requires_prior, 2026, {2023, 2025});  // {2024}
#include <string>
#include <vector>

#include "workflow/award.h"

namespace tdkt::workflow::quota {

// The first year the rule looks at for a dossier of `dossier_year` (the last is dossier_year - 1).
int FirstPriorYear(const PriorAwardRule& rule, int dossier_year);

// The years of [FirstPriorYear, dossier_year - 1] absent from `held_years` (the years the nominee holds
// rule.award_code), ascending; empty when the rule is met. Years outside the range are ignored.
std::vector<int> MissingPriorYears(const PriorAwardRule& rule, int dossier_year, const std::vector<int>& held_years);

// The refusal's message, naming the award, the earlier award and the missing years, e.g. "Danh hiệu «Chiến sĩ thi
// đua cấp tỉnh» năm 2026 cần «Chiến sĩ thi đua cơ sở» 3 năm liên tục trước đó (2023–2025); còn thiếu năm: 2024".
std::string MissingPriorMessage(const AwardDefinition& award, const std::string& prior_name_vi, int dossier_year,
                                const std::vector<int>& missing);

}  // namespace tdkt::workflow::quota
