#include "workflow/catalog/decision_point.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "workflow/catalog/entry_validation.h"

namespace tdkt::workflow::catalog {

absl::StatusOr<DecisionPoint> DecisionPointOf(const AwardDefinition& award, const ChainDefinition& chain,
                                              OrgLevel proposing_level) {
  if (chain.levels.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("chuỗi ", chain.id, " không có cấp nào"));
  }
  if (std::find(award.proposing_levels.begin(), award.proposing_levels.end(), proposing_level) ==
      award.proposing_levels.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        award.name_vi, " không được đề nghị từ ", OrgLevelNameVi(proposing_level)));
  }
  const std::optional<size_t> proposing_index = chain.LevelIndex(proposing_level);
  if (!proposing_index) {
    return absl::FailedPreconditionError(absl::StrCat("chuỗi ", chain.id, " không có ",
                                                      OrgLevelNameVi(proposing_level)));
  }
  const size_t last = chain.levels.size() - 1;
  if (award.deciding_level == OrgLevel::kCentral ||
      award.deciding_level > chain.levels[last].org_level) {
    return DecisionPoint{DecisionPoint::Kind::kForwardedExternal, last};
  }
  const std::optional<size_t> deciding_index = chain.LevelIndex(award.deciding_level);
  if (!deciding_index) {
    return absl::FailedPreconditionError(
        absl::StrCat("chuỗi ", chain.id, " không có ", OrgLevelNameVi(award.deciding_level),
                     " là cấp quyết định ", award.name_vi));
  }
  return DecisionPoint{DecisionPoint::Kind::kInChain, std::max(*proposing_index, *deciding_index)};
}

}  // namespace tdkt::workflow::catalog
