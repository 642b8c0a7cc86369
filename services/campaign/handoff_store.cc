#include "services/campaign/handoff_store.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace tdkt::campaign {

bool HandoffStore::Enqueue(pqxx::transaction_base& txn, const std::string& campaign_id, HandoffAction action,
                           tdkt::v1::PlanDueKind due_kind, const std::string& org_id) {
  return txn
             .exec_params(
                 "INSERT INTO campaign.handoff (campaign_id, action, due_kind, org_id) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT DO NOTHING",
                 campaign_id, static_cast<int>(action), static_cast<int>(due_kind), org_id)
             .affected_rows() == 1;
}

std::optional<Handoff> HandoffStore::ClaimNext(pqxx::transaction_base& txn) {
  // A row whose campaign has an older pending one waits for it, even when that one is held by another worker.
  const pqxx::result r = txn.exec(
      "SELECT h.id, h.campaign_id, h.action, h.due_kind, h.org_id, h.attempts FROM campaign.handoff h "
      "WHERE h.state = 1 AND h.next_attempt_at <= now() AND NOT EXISTS (SELECT 1 FROM campaign.handoff e "
      "WHERE e.campaign_id = h.campaign_id AND e.state = 1 AND e.id < h.id) "
      "ORDER BY h.id LIMIT 1 FOR UPDATE OF h SKIP LOCKED");
  if (r.empty()) return std::nullopt;
  Handoff h;
  h.id = r[0][0].as<int64_t>();
  h.campaign_id = r[0][1].as<std::string>();
  h.action = static_cast<HandoffAction>(r[0][2].as<int>());
  h.due_kind = static_cast<tdkt::v1::PlanDueKind>(r[0][3].as<int>());
  h.org_id = r[0][4].as<std::string>();
  h.attempts = r[0][5].as<int>();
  return h;
}

void HandoffStore::Finish(pqxx::transaction_base& txn, int64_t id, tdkt::v1::HandoffState state,
                          const std::string& error) {
  txn.exec_params(
      "UPDATE campaign.handoff SET state = $2, last_error = $3, attempts = attempts + 1, finished_at = now() "
      "WHERE id = $1",
      id, static_cast<int>(state), error);
}

void HandoffStore::Retry(pqxx::transaction_base& txn, int64_t id, const std::string& error, absl::Duration backoff) {
  txn.exec_params(
      "UPDATE campaign.handoff SET attempts = attempts + 1, last_error = $2, "
      "next_attempt_at = now() + $3::bigint * interval '1 millisecond' WHERE id = $1",
      id, error, absl::ToInt64Milliseconds(backoff));
}

void HandoffStore::SetDueState(pqxx::transaction_base& txn, const std::string& campaign_id,
                               tdkt::v1::PlanDueKind kind, tdkt::v1::HandoffState state, const std::string& error,
                               const std::optional<std::pair<std::string, int64_t>>& deadline) {
  txn.exec_params(
      "UPDATE campaign.due_date SET handoff_state = $3, last_error = $4, "
      "scheduler_deadline_id = COALESCE($5, scheduler_deadline_id), "
      "scheduler_version = COALESCE($6, scheduler_version) WHERE campaign_id = $1 AND kind = $2",
      campaign_id, static_cast<int>(kind), static_cast<int>(state), error,
      deadline ? std::optional<std::string>(deadline->first) : std::nullopt,
      deadline ? std::optional<int64_t>(deadline->second) : std::nullopt);
}

void HandoffStore::ForgetDeadline(pqxx::transaction_base& txn, const std::string& campaign_id,
                                  tdkt::v1::PlanDueKind kind, tdkt::v1::HandoffState state) {
  txn.exec_params(
      "UPDATE campaign.due_date SET handoff_state = $3, last_error = '', scheduler_deadline_id = NULL, "
      "scheduler_version = NULL WHERE campaign_id = $1 AND kind = $2",
      campaign_id, static_cast<int>(kind), static_cast<int>(state));
}

int64_t HandoffStore::CountInState(pqxx::transaction_base& txn, tdkt::v1::HandoffState state) {
  return txn.exec_params1("SELECT count(*) FROM campaign.handoff WHERE state = $1", static_cast<int>(state))[0]
      .as<int64_t>();
}

std::optional<absl::Duration> HandoffStore::UntilNextAttempt(pqxx::transaction_base& txn) {
  const pqxx::row r = txn.exec1(
      "SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::bigint FROM campaign.handoff WHERE state = 1");
  if (r[0].is_null()) return std::nullopt;
  return absl::Milliseconds(std::max<int64_t>(0, r[0].as<int64_t>()));
}

}  // namespace tdkt::campaign
