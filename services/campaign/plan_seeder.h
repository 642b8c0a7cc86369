#pragma once
// SeedPlans: the --seed-plans start step. Every plan of <data_dir>/plans becomes a campaign — its organisations
// resolved from their directory codes on the plan's first day, checked like a campaign created through the API,
// its due dates queued for the scheduler — unless a campaign of that plan exists already: loading twice changes
// nothing. A plan that breaks a rule, or names an organisation the directory does not know, stops the step
// with the plan's id in the message (nothing of that plan is written).
//
//   TDKT_ASSIGN_OR_RETURN(SeedResult seeded, SeedPlans(pool, orgs, catalog, clock, data_dir));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/campaign/org_lookup.h"
#include "services/common/pg_pool.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::campaign {

// The creator recorded for campaigns loaded from plan files.
inline constexpr char kSeedCreator[] = "seed:plans";

struct SeedResult {
  std::vector<std::string> loaded;     // plan ids made campaigns now
  std::vector<std::string> unchanged;  // plan ids that were campaigns already
};

absl::StatusOr<SeedResult> SeedPlans(common::PgPool& pool, const OrgLookup& orgs,
                                     const workflow::catalog::Catalog& catalog, const base::Clock& clock,
                                     const std::string& data_dir);

}  // namespace tdkt::campaign
