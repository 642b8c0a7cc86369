#pragma once
// CampaignStore: the SQL of campaigns (migrations/001_campaigns.sql) — the campaign row, its rounds, targets
// and due dates — in the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "tdkt/v1/campaign.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

// A campaign as stored: the message (its due dates with their handoff state) and the covered root with its
// ancestors when it was created.
struct StoredCampaign {
  tdkt::v1::Campaign campaign;
  std::vector<std::string> covers_path;
};

// One due date row: what the campaign says, where its handoff stands, and the scheduler's deadline once made.
struct DueDateRow {
  tdkt::v1::PlanDueDateSpec due;
  int due_no = 0;
  bool removed = false;
  tdkt::v1::HandoffState handoff_state = tdkt::v1::HANDOFF_STATE_PENDING;
  std::string scheduler_deadline_id;  // empty until the scheduler has created it
  int64_t scheduler_version = 0;
  std::string last_error;
};

class CampaignStore {
 public:
  // `campaign` has its id, version 1 and timestamps; its rounds, targets and due dates are written too (each due
  // date with the handoff state it carries).
  static void Insert(pqxx::transaction_base& txn, const tdkt::v1::Campaign& campaign,
                     const std::vector<std::string>& covers_path, const std::string& created_by);
  // With `for_update` the campaign row stays locked until the transaction ends.
  static std::optional<StoredCampaign> Load(pqxx::transaction_base& txn, const std::string& id,
                                            bool for_update = false);
  // Whether the plan `plan_id` (data/plans) is already a campaign.
  static bool PlanLoaded(pqxx::transaction_base& txn, const std::string& plan_id);

  // Writes the writable fields, version and updated_at of `campaign` over the row at `expected_version` and
  // replaces its rounds and targets; ABORTED when the row has moved on. Due dates: WriteDueDates.
  static absl::Status Update(pqxx::transaction_base& txn, const tdkt::v1::Campaign& campaign,
                             int64_t expected_version);

  // Every due date row of the campaign, removed ones included, by due_no.
  static std::vector<DueDateRow> DueDates(pqxx::transaction_base& txn, const std::string& campaign_id);
  // Inserts or replaces (by kind) the campaign's part of each row — the due date, its order, removed and the
  // handoff state; the scheduler's id and version are kept.
  static void WriteDueDates(pqxx::transaction_base& txn, const std::string& campaign_id,
                            const std::vector<DueDateRow>& rows);

  struct ListQuery {
    bool everything = false;  // a reader of every campaign (CampaignAccess::SeesEverything): no visibility filter
    // Campaigns whose covered root is one of these (the caller's organisations and their ancestors) …
    std::vector<std::string> root_in;
    // … or whose covered root has one of these at or above it (the caller's organisations).
    std::vector<std::string> path_has;
    // When not empty, only campaigns whose covered root is one of these (an organisation and its ancestors).
    std::vector<std::string> covering;
    int year = 0;  // 0 = any; else the period touches the year
    std::optional<std::pair<std::string, std::string>> after;  // (valid_from "YYYY-MM-DD", id) of the last shown
    int limit = 50;
  };
  // By valid_from descending, then id.
  static std::vector<tdkt::v1::Campaign> List(pqxx::transaction_base& txn, const ListQuery& query);
};

}  // namespace tdkt::campaign
