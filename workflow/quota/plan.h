#pragma once
// Plan: an emulation plan's commendation targets as data (data/plans/), e.g. Phú Thọ 2024 (KH 210/KH-UBND:
// 80–90 provincial Cờ thi đua, 1,500–2,000 TTLĐXS + CSTĐ tỉnh + Bằng khen tỉnh) or Đồng Liên 2021 (awards to
// workers, farmers and direct producers above 30%).
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::workflow::quota {

// A range for the number of awards of `award_codes` (counted together) decided within the plan's period.
struct AwardTarget {
  std::string label_vi;
  std::vector<std::string> award_codes;
  int min = 0;
  std::optional<int> max;  // empty = no upper bound
};

// A minimum share of awards that must go to a recipient group.
struct RecipientShareRule {
  std::string label_vi;
  double min_share = 0.0;       // [0, 1]
  bool strictly_above = false;  // "trên 30%": the share must exceed min_share
  std::vector<std::string> award_codes;  // awards counted; empty = all
};

struct Plan {
  std::string id;
  std::string name_vi;
  std::string issuer_vi;
  std::string document_vi;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;  // inclusive
  std::vector<AwardTarget> targets;
  std::optional<RecipientShareRule> direct_worker_share;

  bool Covers(absl::CivilDay day) const { return day >= valid_from && day <= valid_until; }
};

// id non-empty; valid_until not before valid_from; every target has codes, 0 <= min <= max; the share in
// [0, 1]. INVALID_ARGUMENT with a Vietnamese reason.
absl::Status ValidatePlan(const Plan& plan);

// Every award code the plan names has a catalogue entry valid on some day of the plan's period.
absl::Status ValidatePlanAgainstCatalog(const Plan& plan, const catalog::Catalog& catalog);

}  // namespace tdkt::workflow::quota
