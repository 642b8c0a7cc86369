#pragma once
// Small in-memory chains and awards for the catalogue tests: the shapes of the shipped data, cut down.
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/award.h"
#include "workflow/chain.h"

namespace tdkt::workflow::catalog::fixtures {

inline ChainDefinition MakeChain(std::string id, std::vector<OrgLevel> levels, absl::CivilDay from,
                                 std::optional<absl::CivilDay> until) {
  ChainDefinition chain;
  chain.id = std::move(id);
  chain.name_vi = chain.id;
  chain.valid_from = from;
  chain.valid_until = until;
  for (OrgLevel level : levels) {
    ChainLevel chain_level;
    chain_level.org_level = level;
    chain.levels.push_back(chain_level);
  }
  return chain;
}

inline ChainDefinition FourLevel() {
  return MakeChain("4-level",
                   {OrgLevel::kUnit, OrgLevel::kCommune, OrgLevel::kDistrict, OrgLevel::kProvince},
                   absl::CivilDay(2024, 1, 1), absl::CivilDay(2025, 6, 30));
}

inline ChainDefinition ThreeLevel() {
  return MakeChain("3-level", {OrgLevel::kUnit, OrgLevel::kCommune, OrgLevel::kProvince},
                   absl::CivilDay(2025, 7, 1), std::nullopt);
}

inline AwardDefinition MakeAward(std::string code, OrgLevel deciding, std::vector<OrgLevel> proposing,
                                 absl::CivilDay from, std::optional<absl::CivilDay> until) {
  AwardDefinition award;
  award.code = std::move(code);
  award.name_vi = award.code;
  award.subjects = {AwardSubject::kIndividual};
  award.deciding_level = deciding;
  award.proposing_levels = std::move(proposing);
  award.required_documents = {"TO_TRINH"};
  award.valid_from = from;
  award.valid_until = until;
  return award;
}

}  // namespace tdkt::workflow::catalog::fixtures
