#pragma once
// WebhookStore: the SQL of webhook subscriptions, their deliveries and attempts (migrations/002_webhooks.sql).
// Every function runs in the caller's transaction.
//
// A delivery is made for each active subscription whose organisation is the event's origin or holding
// organisation or one of their ancestors, and whose event types include the event's (empty = every dossier
// event, not deadline or reminder events). A dead letter is a delivery in state 'dead'; its id is the
// delivery's id.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/paging.h"
#include "tdkt/v1/notifier.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::notifier {

// A delivery a worker has leased: everything one HTTP attempt needs.
struct DueDelivery {
  int64_t id = 0;
  int64_t subscription_id = 0;
  std::string url;
  std::string secret;
  std::string event_id;
  std::string payload;  // serialized tdkt.v1.EventEnvelope
  int attempts = 0;     // before this one
};

// The result of one attempt.
struct AttemptRecord {
  int64_t delivery_id = 0;
  int attempt = 0;  // 1-based
  absl::Time started_at;
  int latency_ms = 0;
  int http_status = 0;
  std::string error;
  bool delivered = false;
  // Set: retried then. Unset and not delivered: the delivery becomes a dead letter.
  std::optional<absl::Time> next_attempt_at;
};

template <typename T>
struct StorePage {
  std::vector<T> items;
  std::optional<common::PageCursor> next;
};

class WebhookStore {
 public:
  tdkt::v1::WebhookSubscription Create(pqxx::transaction_base& txn, const tdkt::v1::WebhookSubscription& subscription,
                                       const std::string& secret) const;
  // NOT_FOUND for an unknown id.
  absl::StatusOr<tdkt::v1::WebhookSubscription> Get(pqxx::transaction_base& txn, int64_t id) const;
  // By id.
  StorePage<tdkt::v1::WebhookSubscription> List(pqxx::transaction_base& txn, const std::string& org_id,
                                                const common::Page& page) const;
  // Replaces url, event_types, active and description (and the secret when given). NOT_FOUND, or ABORTED when
  // the stored version is not `expected_version`.
  absl::StatusOr<tdkt::v1::WebhookSubscription> Update(pqxx::transaction_base& txn,
                                                       const tdkt::v1::WebhookSubscription& subscription,
                                                       int64_t expected_version,
                                                       const std::optional<std::string>& new_secret) const;
  absl::Status Delete(pqxx::transaction_base& txn, int64_t id, int64_t expected_version) const;

  // Queues one delivery per matching subscription (see above); returns how many.
  int Enqueue(pqxx::transaction_base& txn, const std::vector<std::string>& org_chain, tdkt::v1::EventType type,
              const std::string& event_id, const std::string& payload) const;

  // Takes up to `limit` due deliveries of active subscriptions and moves their next attempt `lease` ahead, so that
  // no other worker takes them meanwhile (and a crashed worker's are tried again after it).
  std::vector<DueDelivery> LeaseDue(pqxx::transaction_base& txn, int limit, absl::Time now, absl::Duration lease) const;
  void RecordAttempt(pqxx::transaction_base& txn, const AttemptRecord& attempt) const;

  // Dead letters of one subscription, or of every subscription of `org_id` (subscription_id 0); last attempt
  // first.
  StorePage<tdkt::v1::DeadLetter> ListDeadLetters(pqxx::transaction_base& txn, const std::string& org_id,
                                                  int64_t subscription_id, const common::Page& page) const;
  // The organisation owning a delivery's subscription; NOT_FOUND when there is no such delivery.
  absl::StatusOr<std::string> DeliveryOrg(pqxx::transaction_base& txn, int64_t delivery_id, bool dead_only) const;
  // Back to pending with attempts restarting; NOT_FOUND when it is not a dead letter.
  absl::Status Requeue(pqxx::transaction_base& txn, int64_t delivery_id, absl::Time now) const;
  std::vector<tdkt::v1::DeliveryAttempt> Attempts(pqxx::transaction_base& txn, int64_t delivery_id) const;
};

// True for the types a subscription without event types receives (dossier events, not deadline or reminder).
bool IsDossierEvent(tdkt::v1::EventType type);

}  // namespace tdkt::notifier
