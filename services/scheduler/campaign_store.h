#pragma once
// CampaignStore: the SQL of campaign deadlines (migrations/002_campaigns.sql), in the caller's transaction.
#include <optional>
#include <string>

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
  static std::optional<tdkt::v1::CampaignDeadline> Load(pqxx::transaction_base& txn, const std::string& id);
  // Records that `org_id` has acted and cancels its pending reminders of the deadline: how many.
  static int MarkDone(pqxx::transaction_base& txn, const std::string& id, const std::string& org_id,
                      const std::string& done_by);
};

}  // namespace tdkt::scheduler
