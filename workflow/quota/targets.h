#pragma once
// CheckTargets: how many awards of each target's codes were decided within the plan's period, and whether
// that is below, within or above the target's range (Phú Thọ 2024: 80–90 provincial Cờ thi đua).
//
//   for (const TargetProgress& p : CheckTargets(plan, decided)) {
//     if (p.standing == TargetStanding::kBelow) ...  // p.count < p.target->min
//   }
#include <vector>

#include "workflow/quota/decided_award.h"
#include "workflow/quota/plan.h"

namespace tdkt::workflow::quota {

enum class TargetStanding { kBelow, kWithin, kAbove };

struct TargetProgress {
  const AwardTarget* target = nullptr;  // points into the Plan passed in
  int count = 0;
  TargetStanding standing = TargetStanding::kBelow;
  int missing_to_min = 0;  // awards still needed to reach min (0 when reached)
};

// Both bounds inclusive; no max = never above.
TargetStanding StandingOf(int count, const AwardTarget& target);

// One entry per plan.targets, in order. Awards decided outside the plan's period are not counted.
std::vector<TargetProgress> CheckTargets(const Plan& plan, const std::vector<DecidedAward>& decided);

}  // namespace tdkt::workflow::quota
