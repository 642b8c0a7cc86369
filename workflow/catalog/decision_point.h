#pragma once
// DecisionPointOf: where in a chain an award's dossier is decided — at a level index of the chain, or
// forwarded out of tdkt after the chain's last level when the deciding authority is above it (Bằng khen Thủ
// tướng, Huân chương: FORWARDED_EXTERNAL).
//
//   TDKT_ASSIGN_OR_RETURN(DecisionPoint point, DecisionPointOf(award, chain, OrgLevel::kUnit));
//   if (point.kind == DecisionPoint::Kind::kForwardedExternal) { ... }
#include <cstddef>

#include "absl/status/statusor.h"
#include "workflow/actor.h"
#include "workflow/award.h"
#include "workflow/chain.h"

namespace tdkt::workflow::catalog {

struct DecisionPoint {
  enum class Kind { kInChain, kForwardedExternal };
  Kind kind = Kind::kInChain;
  // kInChain: the index in chain.levels whose decider signs the decision. kForwardedExternal: the last
  // level, after whose council vote the dossier leaves tdkt.
  size_t level_index = 0;

  friend bool operator==(const DecisionPoint&, const DecisionPoint&) = default;
};

// award.deciding_level is the LOWEST level that decides the award; a dossier opened at a higher proposing
// level is decided where it was opened (a Giấy khen proposed by a commune is the commune chairman's), so the
// index is max(index of the proposing level, index of the deciding level).
// FAILED_PRECONDITION when the award may not be proposed at `proposing_level`, when the chain lacks the
// proposing level, or when the deciding level is missing from the chain but not above it (e.g. a
// district-decided award in the 3-level chain: the catalogue refuses such data at load).
absl::StatusOr<DecisionPoint> DecisionPointOf(const AwardDefinition& award, const ChainDefinition& chain,
                                              OrgLevel proposing_level = OrgLevel::kUnit);

}  // namespace tdkt::workflow::catalog
