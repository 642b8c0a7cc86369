#pragma once
// Shares: the minimum share of awards for a recipient group (Đồng Liên 2021: awards to workers, farmers and
// direct producers "phải đạt trên 30%"), and the cap on a title as a share of a lower title's holders
// (CSTĐCS ≤ 15% of the unit's LĐTT holders, award.h ShareCap).
//
//   ShareCheck check = CheckDirectWorkerShare(*plan.direct_worker_share, plan, decided);
//   CapCheck cap = CheckShareCap(*cstdcs.cap, /*base_count=*/40, /*capped_count=*/7);  // max 6: exceeded
#include <string>
#include <vector>

#include "workflow/award.h"
#include "workflow/quota/decided_award.h"
#include "workflow/quota/plan.h"

namespace tdkt::workflow::quota {

enum class ShareStanding { kMet, kNotMet, kNoAwards };

struct ShareCheck {
  int part = 0;    // awards to the group
  int total = 0;   // awards counted
  double share = 0.0;  // part / total, 0 when total is 0
  ShareStanding standing = ShareStanding::kNoAwards;
};

// part/total against `rule` (>= min_share, or > when strictly_above). kNoAwards when total is 0: a share
// of nothing is neither met nor missed.
ShareCheck CheckShare(const RecipientShareRule& rule, int part, int total);

// Counts the awards decided within the plan's period (of rule.award_codes, or all when empty) and those
// going to direct workers or farmers, then CheckShare.
ShareCheck CheckDirectWorkerShare(const RecipientShareRule& rule, const Plan& plan,
                                  const std::vector<DecidedAward>& decided);

struct CapCheck {
  int base_count = 0;    // holders of cap.of_award_code (e.g. LĐTT)
  int capped_count = 0;  // holders (or proposals) of the capped award (e.g. CSTĐCS)
  int max_allowed = 0;   // floor(base_count × max_share)
  bool within = true;    // capped_count <= max_allowed
};

// The cap rounds down: 15% of 40 LĐTT allows 6 CSTĐCS, 15% of 10 allows 1. A tiny epsilon keeps
// 29% of 100 at 29 although 0.29 × 100 is 28.999999999999996 in doubles.
CapCheck CheckShareCap(const ShareCap& cap, int base_count, int capped_count);

// The refusal of a dossier that would exceed the cap, naming the cap (both awards, the share), the count with
// this dossier and the limit, e.g. "Vượt tỷ lệ: «Chiến sĩ thi đua cơ sở» tối đa 15% số «Lao động tiên tiến» của
// đơn vị năm 2025 (34 → tối đa 5); tính cả hồ sơ này là 6".
std::string CapExceededMessage(const AwardDefinition& capped, const std::string& base_name_vi, int year,
                               const CapCheck& check);

}  // namespace tdkt::workflow::quota
