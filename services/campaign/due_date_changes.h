#pragma once
// PlanDueDateChanges: what an update of a campaign's due dates writes and hands to the scheduler (pure).
//
//   const DueDateChanges changes = PlanDueDateChanges(CampaignStore::DueDates(txn, id), changed, today);
//   CampaignStore::WriteDueDates(txn, id, changes.rows);
//   for (const auto& [action, kind] : changes.handoffs) HandoffStore::Enqueue(txn, id, action, kind);
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/handoff_store.h"
#include "tdkt/v1/campaign.pb.h"

namespace tdkt::campaign {

// An update's due dates: the rows to write and the handoffs to queue, in order.
struct DueDateChanges {
  std::vector<DueDateRow> rows;
  std::vector<std::pair<HandoffAction, tdkt::v1::PlanDueKind>> handoffs;
};
// From the rows stored (removed ones included) and the due dates the update asks for, on business date `today`:
// an unchanged due date stays as it is; a changed one is updated at the scheduler when the scheduler has (or is
// about to have) it, else created, unless it is past; a new one is created unless past; a dropped one is marked
// removed and cancelled at the scheduler when it is there.
DueDateChanges PlanDueDateChanges(const std::vector<DueDateRow>& stored, const tdkt::v1::Campaign& requested,
                                  absl::CivilDay today);

}  // namespace tdkt::campaign
