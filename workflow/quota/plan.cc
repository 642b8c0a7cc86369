#include "workflow/quota/plan.h"

#include "absl/strings/str_cat.h"

namespace tdkt::workflow::quota {
namespace {

bool OverlapsPeriod(const AwardDefinition& award, const Plan& plan) {
  return award.valid_from <= plan.valid_until && (!award.valid_until || plan.valid_from <= *award.valid_until);
}

absl::Status CheckCodes(const Plan& plan, const std::vector<std::string>& codes,
                        const catalog::Catalog& catalog) {
  for (const std::string& code : codes) {
    bool found = false;
    for (const AwardDefinition& award : catalog.awards()) {
      if (award.code == code && OverlapsPeriod(award, plan)) found = true;
    }
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat("kế hoạch ", plan.id, ": mã khen thưởng ", code,
                                                     " không có trong danh mục trong thời gian kế hoạch"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidatePlan(const Plan& plan) {
  if (plan.id.empty()) return absl::InvalidArgumentError("kế hoạch thiếu id");
  const std::string where = absl::StrCat("kế hoạch ", plan.id);
  if (plan.valid_until < plan.valid_from) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": valid_until trước valid_from"));
  }
  for (const AwardTarget& target : plan.targets) {
    const std::string target_where = absl::StrCat(where, ", chỉ tiêu \"", target.label_vi, "\"");
    if (target.award_codes.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(target_where, ": thiếu award_codes"));
    }
    if (target.min < 0) return absl::InvalidArgumentError(absl::StrCat(target_where, ": min < 0"));
    if (target.max && *target.max < target.min) {
      return absl::InvalidArgumentError(
          absl::StrCat(target_where, ": max ", *target.max, " nhỏ hơn min ", target.min));
    }
  }
  if (plan.direct_worker_share) {
    const double share = plan.direct_worker_share->min_share;
    if (!(share >= 0.0 && share <= 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": tỷ lệ tối thiểu min_share ", share, " nằm ngoài [0, 1]"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePlanAgainstCatalog(const Plan& plan, const catalog::Catalog& catalog) {
  for (const AwardTarget& target : plan.targets) {
    if (absl::Status status = CheckCodes(plan, target.award_codes, catalog); !status.ok()) return status;
  }
  if (plan.direct_worker_share) {
    return CheckCodes(plan, plan.direct_worker_share->award_codes, catalog);
  }
  return absl::OkStatus();
}

}  // namespace tdkt::workflow::quota
