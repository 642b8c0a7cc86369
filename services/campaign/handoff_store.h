#pragma once
// HandoffStore: the durable queue of what the scheduler must be told (campaign.handoff), in the caller's
// transaction. Rows are written with the change they come from and taken one at a time per campaign, oldest
// first, by any worker (FOR UPDATE SKIP LOCKED), so that a deadline is created before it is changed or marked
// done, whatever the number of replicas.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "tdkt/v1/campaign.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

enum class HandoffAction {
  kCreate = 1,    // SchedulerService.CreateCampaignDeadline for the due date
  kUpdate = 2,    // UpdateCampaignDeadline: the due date changed
  kCancel = 3,    // CancelCampaignDeadline: the due date was removed
  kMarkDone = 4,  // MarkCampaignDeadlineDone for org_id: it has registered
};

struct Handoff {
  int64_t id = 0;
  std::string campaign_id;
  HandoffAction action = HandoffAction::kCreate;
  tdkt::v1::PlanDueKind due_kind = tdkt::v1::PLAN_DUE_KIND_UNSPECIFIED;
  std::string org_id;  // kMarkDone
  int attempts = 0;
};

class HandoffStore {
 public:
  // Queues a handoff. For kMarkDone, false (nothing queued) when the organisation was queued for that deadline
  // before.
  static bool Enqueue(pqxx::transaction_base& txn, const std::string& campaign_id, HandoffAction action,
                      tdkt::v1::PlanDueKind due_kind, const std::string& org_id = "");

  // The next handoff that may run now: pending, its attempt due, the oldest pending one of its campaign, not
  // held by another worker. Its row stays locked until the transaction ends.
  static std::optional<Handoff> ClaimNext(pqxx::transaction_base& txn);
  // Ends a handoff: DONE, FAILED (not retried) or NOT_NEEDED, with the reason for operators.
  static void Finish(pqxx::transaction_base& txn, int64_t id, tdkt::v1::HandoffState state, const std::string& error);
  // Counts a failed attempt and puts the next one `backoff` from now (by PostgreSQL's clock).
  static void Retry(pqxx::transaction_base& txn, int64_t id, const std::string& error, absl::Duration backoff);

  // The due date's handoff state (and, with a deadline id, the scheduler's deadline and its version).
  static void SetDueState(pqxx::transaction_base& txn, const std::string& campaign_id, tdkt::v1::PlanDueKind kind,
                          tdkt::v1::HandoffState state, const std::string& error,
                          const std::optional<std::pair<std::string, int64_t>>& deadline = std::nullopt);

  // After a cancellation: the due date has no deadline at the scheduler any more.
  static void ForgetDeadline(pqxx::transaction_base& txn, const std::string& campaign_id, tdkt::v1::PlanDueKind kind,
                             tdkt::v1::HandoffState state);

  // Handoffs pending; failed for good.
  static int64_t CountInState(pqxx::transaction_base& txn, tdkt::v1::HandoffState state);
  // How long until the earliest pending attempt is due (zero when one is due now); nullopt when none is pending.
  static std::optional<absl::Duration> UntilNextAttempt(pqxx::transaction_base& txn);
};

}  // namespace tdkt::campaign
