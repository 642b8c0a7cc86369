#pragma once
// ValidateChain / ValidateAward: the rules one chain or one award entry must satisfy on its own, before
// the catalogue checks them against each other. The returned message is Vietnamese and names the field;
// callers prefix it with where the entry came from ("data/chains/3-level.textproto:4").
//
//   absl::Status status = ValidateChain(chain);  // INVALID_ARGUMENT "cấp ... không tăng dần ..."
#include "absl/status/status.h"
#include "workflow/award.h"
#include "workflow/chain.h"

namespace tdkt::workflow::catalog {

// Levels strictly increasing from kUnit and never kCentral (above the province a dossier leaves tdkt);
// appraisal and completeness limits > 0; quorum in (0, 1]; pass threshold in [0, 1) because it must be
// exceeded; valid_until not before valid_from; id non-empty; version >= 1.
absl::Status ValidateChain(const ChainDefinition& chain);

// Code and name non-empty; at least one subject, proposing level and required document; cap share in
// (0, 1] and naming another code; threshold override in [0, 1]; valid_until not before valid_from.
absl::Status ValidateAward(const AwardDefinition& award);

// Vietnamese name of a level, for messages ("cấp xã").
const char* OrgLevelNameVi(OrgLevel level);

}  // namespace tdkt::workflow::catalog
