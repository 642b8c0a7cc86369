#pragma once
// WebhookWorker: delivers queued webhook deliveries (webhook_store.h) over HTTP and records every attempt.
//
// One attempt: POST <url> with the event as JSON (the protobuf JSON mapping of tdkt.v1.EventEnvelope) and the
// headers of notifier.proto — X-Tdkt-Event-Id, X-Tdkt-Timestamp (Unix seconds) and
// X-Tdkt-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>. A 2xx answer within `timeout` is
// success. Otherwise the next attempt waits a random time between 0 and min(max_backoff, first_backoff ×
// 2^(attempt−1)) ("full jitter": retries from many failing deliveries do not come in waves); after
// `max_attempts` the delivery is a dead letter (ListDeadLetters, RetryDeadLetter).
//
// Deliveries are leased (their next attempt moved past the timeout) before the HTTP call and recorded after it,
// in separate short transactions: no connection is held while a target answers slowly, two workers never send
// the same attempt, and a worker that dies mid-attempt leaves its delivery to be tried again. Delivery is thus at
// least once; receivers deduplicate by X-Tdkt-Event-Id.
#include <cstdint>
#include <functional>
#include <memory>
#include <random>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/periodic_task.h"
#include "services/notifier/metrics.h"
#include "services/notifier/webhook_store.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

struct WebhookWorkerOptions {
  int max_attempts = 8;
  absl::Duration first_backoff = absl::Minutes(10);
  absl::Duration max_backoff = absl::Hours(12);
  absl::Duration timeout = absl::Seconds(10);
  bool allow_loopback = false;
  absl::Duration poll = absl::Seconds(1);
  int batch = 10;
};

class WebhookWorker {
 public:
  WebhookWorker(common::PgPool& pool, Metrics& metrics, WebhookWorkerOptions options);
  ~WebhookWorker();

  // One pass over the due deliveries; how many attempts it made.
  absl::StatusOr<int> DeliverDue();

  void Start();
  void Stop();

 private:
  void Attempt(const DueDelivery& delivery);

  common::PgPool& pool_;
  Metrics& metrics_;
  const WebhookWorkerOptions options_;
  WebhookStore store_;
  std::mt19937_64 random_;
  std::unique_ptr<common::PeriodicTask> task_;
};

}  // namespace tdkt::notifier
