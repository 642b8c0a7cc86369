#pragma once
// ChainDefinition: the appraisal chain a dossier travels (unit → commune → [district →] province), as dated
// data loaded from data/chains/. A dossier pins the chain id and version it was opened under.
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/actor.h"

namespace tdkt::workflow {

// One level of a chain: who appraises there, how long they have, and how the level's council votes.
struct ChainLevel {
  OrgLevel org_level = OrgLevel::kUnit;
  Role appraiser_role = Role::kAppraiser;
  int appraisal_working_days = 10;  // counted from receipt; paused while returned for supplement
  bool council_votes = true;
  double quorum = 2.0 / 3.0;          // share of eligible members who must take part (0, 1]
  double pass_threshold = 0.5;        // share of participants voting yes that must be exceeded [0, 1)
  std::string standing_body_vi = {};  // e.g. "Phòng Nội vụ"; shown to people, no rule depends on it
  int completeness_check_working_days = 3;  // to send an incomplete dossier back (docs/domain.md §6 ⚠)
};

struct ChainDefinition {
  std::string id;   // e.g. "4-level", "3-level"
  int version = 1;
  std::string name_vi;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_until;  // inclusive; empty = open-ended
  std::vector<ChainLevel> levels;             // in travel order; levels[0] is the unit

  bool ValidOn(absl::CivilDay day) const {
    return day >= valid_from && (!valid_until || day <= *valid_until);
  }

  // The index of the level at `org_level`, or nullopt when this chain has no such level (a deciding level
  // above the chain's last level means the dossier leaves tdkt as FORWARDED_EXTERNAL).
  std::optional<size_t> LevelIndex(OrgLevel org_level) const {
    for (size_t i = 0; i < levels.size(); ++i) {
      if (levels[i].org_level == org_level) return i;
    }
    return std::nullopt;
  }
};

}  // namespace tdkt::workflow
