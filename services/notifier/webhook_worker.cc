#include "services/notifier/webhook_worker.h"

#include <google/protobuf/util/json_util.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/pg_pool.h"
#include "services/notifier/curl_transfer.h"
#include "services/notifier/webhook_policy.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::notifier {

WebhookWorker::WebhookWorker(common::PgPool& pool, Metrics& metrics, WebhookWorkerOptions options)
    : pool_(pool), metrics_(metrics), options_(options), random_(std::random_device{}()) {}

WebhookWorker::~WebhookWorker() { Stop(); }

void WebhookWorker::Start() {
  if (task_) return;
  task_ = std::make_unique<common::PeriodicTask>("notifier: webhooks", options_.poll, [this]() -> absl::Status {
    // Keep going while a pass was full: a backlog drains without waiting a period per batch.
    for (int round = 0; round < 100; ++round) {
      absl::StatusOr<int> attempts = DeliverDue();
      if (!attempts.ok()) return attempts.status();
      if (*attempts < options_.batch) break;
    }
    return absl::OkStatus();
  });
  task_->Start();
}

void WebhookWorker::Stop() {
  if (task_) task_->Stop();
  task_.reset();
}

absl::StatusOr<int> WebhookWorker::DeliverDue() {
  std::vector<DueDelivery> due;
  absl::Status leased = pool_.InTransaction([&](pqxx::work& txn) {
    due = store_.LeaseDue(txn, options_.batch, absl::Now(), options_.timeout + absl::Seconds(30));
    return absl::OkStatus();
  });
  if (!leased.ok()) return leased;
  for (const DueDelivery& delivery : due) Attempt(delivery);
  return static_cast<int>(due.size());
}

void WebhookWorker::Attempt(const DueDelivery& delivery) {
  tdkt::v1::EventEnvelope event;
  std::string body;
  AttemptRecord record;
  record.delivery_id = delivery.id;
  record.attempt = delivery.attempts + 1;
  record.started_at = absl::Now();
  if (!event.ParseFromString(delivery.payload) ||
      !google::protobuf::util::MessageToJsonString(event, &body).ok()) {
    record.error = "stored event cannot be encoded as JSON";
  } else {
    const int64_t timestamp = absl::ToUnixSeconds(record.started_at);
    const HttpResult result = HttpPost(delivery.url, body,
                                       {"Content-Type: application/json",
                                        absl::StrCat("X-Tdkt-Event-Id: ", delivery.event_id),
                                        absl::StrCat("X-Tdkt-Timestamp: ", timestamp),
                                        absl::StrCat("X-Tdkt-Signature: ", WebhookSignature(delivery.secret, timestamp, body)),
                                        "User-Agent: tdkt-notifier"},
                                       {.timeout = options_.timeout, .allow_loopback = options_.allow_loopback});
    record.latency_ms = static_cast<int>(absl::ToInt64Milliseconds(result.latency));
    record.http_status = result.status;
    record.delivered = result.status >= 200 && result.status < 300;
    record.error = record.delivered ? "" : !result.error.empty() ? result.error : absl::StrCat("HTTP ", result.status);
  }
  std::string outcome = "success";
  if (!record.delivered) {
    if (record.attempt < options_.max_attempts) {
      const absl::Duration ceiling = BackoffCeiling(record.attempt, options_.first_backoff, options_.max_backoff);
      std::uniform_int_distribution<int64_t> jitter(0, absl::ToInt64Microseconds(ceiling));
      record.next_attempt_at = absl::Now() + absl::Microseconds(jitter(random_));
      outcome = "failure";
    } else {
      outcome = "dead";
      spdlog::warn("notifier: webhook delivery {} is a dead letter after {} attempts: {}", delivery.id, record.attempt,
                   record.error);
    }
  }
  metrics_.DeliveryAttempt("webhook", outcome);
  absl::Status recorded = pool_.InTransaction([&](pqxx::work& txn) {
    store_.RecordAttempt(txn, record);
    return absl::OkStatus();
  });
  // Not recorded (PostgreSQL away, or the subscription was deleted meanwhile): the lease runs out and the
  // delivery, if it still exists, is tried again.
  if (!recorded.ok()) spdlog::warn("notifier: webhook attempt of {} not recorded: {}", delivery.id, std::string(recorded.message()));
}

}  // namespace tdkt::notifier
