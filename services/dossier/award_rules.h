#pragma once
// ApplyAwardRules: the step of a transition that reads and writes the award history (award_history.h), inside the
// transition's transaction, once the state machine accepted the command:
//   submit (DRAFT → SUBMITTED) of an award with a rule on earlier awards (requires_prior): the nominee must hold
//     the earlier award in each year the rule names (workflow/quota/prior_awards.h), else FAILED_PRECONDITION
//     MISSING_PRIOR_AWARD naming the missing years;
//   submit of an award that requires a registration (requires_registration): the dossier's registration_id must
//     name a registration of the campaign service (asked before the transaction: campaign_link.h) for this award,
//     this nominee (the directory person or organisation, else the name and birth year) and a campaign whose
//     period holds the dossier's year, else FAILED_PRECONDITION MISSING_REGISTRATION saying which; a late one is
//     accepted;
//   send to council (→ COUNCIL_VOTING) and decide (→ DECIDED) of an award with a cap (ShareCap): the cap's lock row
//     of (origin organisation, dossier year, award) is locked, then the holders of the award that year in the
//     origin (the history, with the dossiers in COUNCIL_VOTING or AWAITING_DECISION when sending to council) plus
//     this dossier must stay within max_share × the holders of the lower award (workflow/quota/shares.h), else
//     FAILED_PRECONDITION QUOTA_EXCEEDED naming the cap, the count and the limit;
//   the same two transitions, for each plan target with a max that counts the award (a campaign of the campaign
//     service covering the dossier's origin in its year, asked before the transaction: campaign_link.h): the
//     target's lock row of (campaign, award codes) is locked — after the cap's row, targets in (campaign, codes)
//     order — then the dossiers of the target's awards originated in the campaign's covered subtree for a year
//     of its period that are DECIDED or PUBLISHED (with those in COUNCIL_VOTING or AWAITING_DECISION when sending
//     to council) plus this dossier must stay within the max, else FAILED_PRECONDITION TARGET_EXCEEDED naming
//     the plan, the target, the award, the count and the max;
//   DECIDED: the award goes into the write as a history row; leaving DECIDED or PUBLISHED (a complaint) withdraws
//     the dossier's row.
// See docs/architecture.md "Award history and quotas".
//
//   TDKT_RETURN_IF_ERROR(ApplyAwardRules(txn, state, transition, catalog, directory, campaigns, write));
#include <string>

#include "absl/status/status.h"
#include "services/dossier/campaign_link.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/org_directory.h"
#include "services/dossier/transition_write.h"
#include "workflow/catalog/catalog.h"
#include "workflow/transition.h"

namespace tdkt::dossier {

// The catalogue's name of an award code (any dated entry: the names do not change with the reform), else the code.
std::string AwardNameOf(const workflow::catalog::Catalog& catalog, const std::string& code);

absl::Status ApplyAwardRules(TransitionTransaction& txn, const TransitionState& state,
                             const workflow::Transition& transition, const workflow::catalog::Catalog& catalog,
                             const OrgDirectory& directory, const CampaignFacts& campaigns,
                             TransitionWrite& write);

}  // namespace tdkt::dossier
