#include "workflow/quota/shares.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace tdkt::workflow::quota {

ShareCheck CheckShare(const RecipientShareRule& rule, int part, int total) {
  ShareCheck check;
  check.part = part;
  check.total = total;
  if (total <= 0) return check;
  check.share = static_cast<double>(part) / total;
  // Compare part against min_share × total in integers' terms so that 3 of 10 is exactly 30%.
  const double needed = rule.min_share * total;
  constexpr double kEpsilon = 1e-9;
  const bool met = rule.strictly_above ? part > needed + kEpsilon : part >= needed - kEpsilon;
  check.standing = met ? ShareStanding::kMet : ShareStanding::kNotMet;
  return check;
}

ShareCheck CheckDirectWorkerShare(const RecipientShareRule& rule, const Plan& plan,
                                  const std::vector<DecidedAward>& decided) {
  int part = 0;
  int total = 0;
  for (const DecidedAward& award : decided) {
    if (!plan.Covers(award.decided_on)) continue;
    if (!rule.award_codes.empty() && std::find(rule.award_codes.begin(), rule.award_codes.end(),
                                               award.award_code) == rule.award_codes.end()) {
      continue;
    }
    ++total;
    if (award.direct_worker_or_farmer) ++part;
  }
  return CheckShare(rule, part, total);
}

CapCheck CheckShareCap(const ShareCap& cap, int base_count, int capped_count) {
  CapCheck check;
  check.base_count = base_count;
  check.capped_count = capped_count;
  check.max_allowed =
      base_count <= 0 ? 0 : static_cast<int>(std::floor(base_count * cap.max_share + 1e-9));
  check.within = capped_count <= check.max_allowed;
  return check;
}

std::string CapExceededMessage(const AwardDefinition& capped, const std::string& base_name_vi, int year,
                               const CapCheck& check) {
  return absl::StrCat("Vượt tỷ lệ: «", capped.name_vi, "» tối đa ", std::round(capped.cap->max_share * 1000) / 10,
                      "% số «", base_name_vi, "» của đơn vị năm ", year, " (", check.base_count, " → tối đa ",
                      check.max_allowed, "); tính cả hồ sơ này là ", check.capped_count);
}

}  // namespace tdkt::workflow::quota
