#pragma once
// CampaignStore: the SQL of campaign deadlines (migrations/002_campaigns.sql), in the caller's transaction.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

#include "absl/time/time.h"
#include "tdkt/v1/scheduler.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::scheduler {

class CampaignStore {
 public:
  // `deadline` has its id, version 1 and timestamps set.
  static void Insert(pqxx::transaction_base& txn, const tdkt::v1::CampaignDeadline& deadline,
                     const std::string& created_by);
  // The deadline; with `for_update` its row stays locked until the transaction ends.
  static std::optional<tdkt::v1::CampaignDeadline> Load(pqxx::transaction_base& txn, const std::string& id,
                                                        bool for_update = false);

  struct ListQuery {
    std::vector<std::string> setter_org_ids;  // deadlines set by any of these
    int year = 0;                             // 0 = any
    bool include_cancelled = false;
    std::optional<std::pair<std::string, std::string>> after;  // (due_on "YYYY-MM-DD", id) of the last row shown
    int limit = 50;
  };
  // By due_on, then id.
  static std::vector<tdkt::v1::CampaignDeadline> List(pqxx::transaction_base& txn, const ListQuery& query);

  // Writes every writable field, `version` and `updated_at` of `deadline` over the row at `expected_version`;
  // ABORTED when the row has moved on.
  static absl::Status Update(pqxx::transaction_base& txn, const tdkt::v1::CampaignDeadline& deadline,
                             int64_t expected_version);

  // The organisations marked done for the deadline.
  static std::vector<std::string> DoneOrgs(pqxx::transaction_base& txn, const std::string& id);
  // Cancels every pending reminder of the deadline (before a re-plan, or when it is cancelled): how many.
  static int CancelPendingReminders(pqxx::transaction_base& txn, const std::string& id);
  // Records that `org_id` has acted and cancels its pending reminders of the deadline: how many.
  static int MarkDone(pqxx::transaction_base& txn, const std::string& id, const std::string& org_id,
                      const std::string& done_by);
};

}  // namespace tdkt::scheduler
