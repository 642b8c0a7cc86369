#pragma once
// Plan loader: data/plans/*.textproto (tdkt.v1.PlanFile) into quota::Plans, each checked on its own and
// against the catalogue (every award code it names exists during the plan). Errors are
// "<file>:<line>: <reason>".
//
//   TDKT_ASSIGN_OR_RETURN(std::vector<quota::Plan> plans, LoadPlans(data_dir, catalog));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/catalog/catalog.h"
#include "workflow/quota/plan.h"

namespace tdkt::workflow::loader {

// Every plan in `data_dir`/plans/*.textproto; NOT_FOUND when the folder is missing. Plan ids are unique.
absl::StatusOr<std::vector<quota::Plan>> LoadPlans(const std::string& data_dir,
                                                   const catalog::Catalog& catalog);

// The plans of one file's text; `name` stands for the file in error messages.
absl::StatusOr<std::vector<quota::Plan>> ParsePlans(const std::string& text, const std::string& name,
                                                    const catalog::Catalog& catalog);

}  // namespace tdkt::workflow::loader
