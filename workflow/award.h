#pragma once
// AwardDefinition: one entry of the award catalogue (data/awards/): an emulation title or commendation form,
// who may receive it, which level decides it, and what its dossier must contain. Entries are dated: the same
// code may have several entries with disjoint validity (e.g. CSTĐCS moved from district to commune
// chairman on 2025-07-01).
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/actor.h"

namespace tdkt::workflow {

enum class AwardKind { kEmulationTitle, kCommendationForm };
enum class AwardSubject { kIndividual, kCollective, kHousehold };

// A cap on how many of a group may receive the award, e.g. CSTĐCS ≤ 15% of the unit's LĐTT holders.
struct ShareCap {
  std::string of_award_code;  // the lower title whose holders form the base
  double max_share = 1.0;     // (0, 1]
};

// The nominee must hold `award_code` in each of the `years` years immediately before the dossier's year, e.g.
// CSTĐ cấp tỉnh: CSTĐCS in the 3 years before (data/awards/ states the assumption).
struct PriorAwardRule {
  std::string award_code;
  int years = 1;
};

struct AwardDefinition {
  std::string code;  // stable, e.g. "LDTT", "CSTD_CO_SO"
  std::string name_vi;
  AwardKind kind = AwardKind::kEmulationTitle;
  std::vector<AwardSubject> subjects;
  OrgLevel deciding_level = OrgLevel::kUnit;  // kCentral: leaves tdkt as FORWARDED_EXTERNAL
  std::vector<OrgLevel> proposing_levels;     // levels whose units/bodies may open a dossier for it
  std::vector<std::string> required_documents;  // document kinds, e.g. "TO_TRINH", "BAO_CAO_THANH_TICH"
  std::optional<ShareCap> cap;
  std::optional<double> pass_threshold_override;  // e.g. 0.9 of all members for CSTĐ tỉnh
  bool threshold_counts_all_members = false;       // the override is a share of all members, not of those present
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_until;
  // A unit head with own awarding power (Thủ trưởng cơ quan, đơn vị) may decide it for the unit's staff
  // instead of the chairman at deciding_level (docs/domain.md §3 lists both).
  bool unit_head_may_decide = false;
  int public_comment_working_days = 0;  // public comment window before forwarding (state awards); 0 = none
  // A dossier for it needs the nominee's registration (đăng ký thi đua) in a campaign of the year.
  bool requires_registration = false;
  std::optional<PriorAwardRule> requires_prior;

  bool ValidOn(absl::CivilDay day) const {
    return day >= valid_from && (!valid_until || day <= *valid_until);
  }
};

}  // namespace tdkt::workflow
