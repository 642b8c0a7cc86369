#include "services/common/outbox_relay.h"

#include <algorithm>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"

#include "services/common/pg_errors.h"
#include "services/common/pg_pool.h"

namespace tdkt::common {
namespace {

// LISTEN for the duration of the receiver; the payload is not used (the table is the truth).
class WakeUp final : public pqxx::notification_receiver {
 public:
  WakeUp(pqxx::connection_base& connection, const std::string& channel)
      : pqxx::notification_receiver(connection, channel) {}
  void operator()(const std::string&, int) override {}
};

OutboxPublisherOptions PublisherOptions(const OutboxRelayOptions& options) {
  return {.schema = options.schema,
          .lock_key = options.lock_key,
          .stream = options.stream,
          .batch_size = options.batch_size,
          .stream_max_length = options.stream_max_length,
          .redis = options.redis};
}

}  // namespace

OutboxRelay::OutboxRelay(PgPool* pool, RedisEndpoint redis, OutboxRelayOptions options)
    : pool_(pool),
      publisher_(std::move(redis), PublisherOptions(options)),
      options_(std::move(options)),
      table_(options_.schema + ".outbox") {}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::StatusOr<int> OutboxRelay::PublishPending() {
  auto lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  return PublishOn(**lease);
}

void OutboxRelay::PruneIfDue(pqxx::transaction_base& txn) {
  const absl::Time now = absl::Now();
  if (now - last_prune_ < options_.prune_interval) return;
  last_prune_ = now;
  // The oldest rows by id only: bounded work, and published rows grow old in about id order. The age is tested
  // on the row itself, so a row a concurrent pass marked unpublished is never deleted.
  txn.exec_params(
      absl::StrCat("WITH oldest AS (SELECT id FROM ", table_, " ORDER BY id LIMIT $1) DELETE FROM ", table_,
                   " o USING oldest WHERE o.id = oldest.id AND o.published_at < now() - make_interval(secs => $2)"),
      options_.prune_batch, absl::ToDoubleSeconds(options_.published_retention));
}

absl::StatusOr<int> OutboxRelay::PublishOn(pqxx::connection_base& connection) {
  try {
    pqxx::work txn(connection);
    if (!publisher_.Lock(txn, /*wait=*/false)) return 0;
    absl::StatusOr<PublishedCounts> counts = publisher_.PublishUnpublished(txn);
    if (!counts.ok()) return counts.status();
    PruneIfDue(txn);
    txn.commit();
    published_ += counts->published;
    republished_ += counts->republished;
    if (counts->published > 0) ++publishing_passes_;
    return counts->published;
  } catch (const std::exception& error) {
    return PgErrorToStatus(error, "outbox relay");
  }
}

void OutboxRelay::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxRelay::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void OutboxRelay::WaitForNotification(pqxx::connection_base& connection) const {
  // In slices, so that Stop() is noticed within one slice even with a long poll interval.
  constexpr int64_t kSliceMicros = 200'000;
  const absl::Time until = absl::Now() + options_.poll_interval;
  while (!stopping_ && absl::Now() < until) {
    const int64_t micros = std::min(kSliceMicros, absl::ToInt64Microseconds(until - absl::Now()));
    if (connection.await_notification(micros / 1'000'000, micros % 1'000'000) > 0) {
      // Let the commits right behind this one gather, then drop their notifications: the pass that follows
      // reads every row committed before it starts. A notification arriving after this only costs a pass.
      if (options_.gather_delay > absl::ZeroDuration() && !stopping_) absl::SleepFor(options_.gather_delay);
      connection.get_notifs();
      return;
    }
  }
}

void OutboxRelay::Run() {
  absl::Duration backoff = absl::ZeroDuration();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    auto lease = pool_->Acquire();
    if (!lease.ok()) {
      spdlog::warn("outbox relay: {}", std::string(lease.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
      continue;
    }
    try {
      WakeUp listening(**lease, options_.channel);
      while (!stopping_) {
        absl::StatusOr<int> published = PublishOn(**lease);
        if (!published.ok()) {
          spdlog::warn("outbox relay: publishing paused: {}", std::string(published.status().message()));
          backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
          break;  // a fresh connection after the backoff: the old one may be broken
        }
        backoff = absl::ZeroDuration();
        if (*published == options_.batch_size) continue;  // more may wait
        WaitForNotification(**lease);
      }
    } catch (const std::exception& error) {
      spdlog::warn("outbox relay: {}", std::string(PgErrorToStatus(error, "outbox relay").message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
    }
  }
}

}  // namespace tdkt::common
