#pragma once
// DecidedAward: what the quota checks need to know about one granted award (from the dossier store's
// decisions): which award, when it was decided, and whether the recipient is a direct worker, farmer or
// direct producer (người lao động trực tiếp, công nhân, nông dân).
#include <string>

#include "absl/time/civil_time.h"

namespace tdkt::workflow::quota {

struct DecidedAward {
  std::string award_code;
  absl::CivilDay decided_on;
  bool direct_worker_or_farmer = false;
};

}  // namespace tdkt::workflow::quota
