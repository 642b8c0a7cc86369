#pragma once
// What creating a campaign writes besides the campaign itself: its organisations as of a day of its period, and,
// for each due date, the handoff to the scheduler (none for a due date already past: nobody is reminded of it).
// Shared by CreateCampaign and the --seed-plans step; UpdateCampaign's due dates are due_date_changes.h.
//
//   TDKT_ASSIGN_OR_RETURN(NewCampaign prepared, PrepareNewCampaign(campaign, orgs, clock.Now()));
//   pool.InTransaction([&](pqxx::work& txn) { InsertNewCampaign(txn, prepared, caller.person_id); … });
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/due_date_changes.h"
#include "services/campaign/org_lookup.h"
#include "tdkt/v1/campaign.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

// The day on which a campaign's organisations are looked up: `today`, moved into the campaign's period (a plan
// for 2024 loaded in 2026 names the organisations of 2024).
absl::CivilDay ReferenceDay(const tdkt::v1::Campaign& campaign, absl::CivilDay today);

struct NewCampaign {
  tdkt::v1::Campaign campaign;
  std::vector<std::string> covers_path;  // the covered root, then its ancestors
};

// A checked campaign (CheckCampaign) made ready to insert: covers_org_id defaulted to the issuer and checked to
// be the issuer or below it (INVALID_ARGUMENT otherwise), its path looked up, version 1 and timestamps at `now`,
// each due date PENDING (to be handed off) or NOT_NEEDED (already past on `now`'s business date).
absl::StatusOr<NewCampaign> PrepareNewCampaign(tdkt::v1::Campaign campaign, const OrgLookup& orgs, absl::Time now);

// Inserts the campaign and queues the creation of each PENDING due date at the scheduler.
void InsertNewCampaign(pqxx::transaction_base& txn, const NewCampaign& prepared, const std::string& created_by);

}  // namespace tdkt::campaign
