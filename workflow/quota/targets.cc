#include "workflow/quota/targets.h"

#include <algorithm>

namespace tdkt::workflow::quota {

TargetStanding StandingOf(int count, const AwardTarget& target) {
  if (count < target.min) return TargetStanding::kBelow;
  if (target.max && count > *target.max) return TargetStanding::kAbove;
  return TargetStanding::kWithin;
}

std::vector<TargetProgress> CheckTargets(const Plan& plan, const std::vector<DecidedAward>& decided) {
  std::vector<TargetProgress> progress;
  progress.reserve(plan.targets.size());
  for (const AwardTarget& target : plan.targets) {
    TargetProgress entry;
    entry.target = &target;
    for (const DecidedAward& award : decided) {
      if (!plan.Covers(award.decided_on)) continue;
      if (std::find(target.award_codes.begin(), target.award_codes.end(), award.award_code) !=
          target.award_codes.end()) {
        ++entry.count;
      }
    }
    entry.standing = StandingOf(entry.count, target);
    entry.missing_to_min = std::max(0, target.min - entry.count);
    progress.push_back(entry);
  }
  return progress;
}

}  // namespace tdkt::workflow::quota
