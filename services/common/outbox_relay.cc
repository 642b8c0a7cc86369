#include "services/common/outbox_relay.h"

#include <algorithm>
#include <vector>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

struct PendingRow {
  int64_t id = 0;
  std::string event_id;
  std::string dossier_id;
  std::string type;
  std::string envelope;
};

RedisOptions RelayRedisOptions(RedisOptions options) {
  // A relay thread must notice a stop request soon, so one command does not keep reconnecting for long.
  options.reconnect_budget = std::min(options.reconnect_budget, absl::Seconds(2));
  return options;
}

}  // namespace

OutboxRelay::OutboxRelay(PgPool* pool, RedisEndpoint redis, OutboxRelayOptions options)
    : pool_(pool),
      redis_(std::move(redis), RelayRedisOptions(options.redis)),
      options_(std::move(options)),
      select_sql_(absl::StrCat("SELECT id, event_id, dossier_id, type, envelope FROM ", options_.schema,
                               ".outbox WHERE published_at IS NULL ORDER BY id LIMIT $1")),
      mark_sql_(absl::StrCat("UPDATE ", options_.schema,
                             ".outbox SET published_at = now() WHERE id = ANY($1::bigint[])")) {}

OutboxRelay::~OutboxRelay() { Stop(); }

absl::StatusOr<int> OutboxRelay::PublishPending() {
  auto lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  return PublishOn(**lease);
}

absl::StatusOr<int> OutboxRelay::PublishOn(pqxx::connection_base& connection) {
  try {
    pqxx::work txn(connection);
    if (!txn.exec_params1("SELECT pg_try_advisory_xact_lock($1)", options_.lock_key)[0].as<bool>()) return 0;
    std::vector<PendingRow> rows;
    for (const auto& row : txn.exec_params(select_sql_, options_.batch_size)) {
      rows.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<std::string>(), pqxx::binarystring(row[4]).str()});
    }
    if (rows.empty()) return 0;
    std::vector<int64_t> ids;
    for (const PendingRow& row : rows) {
      auto added = redis_.XAdd(options_.stream,
                               {{"event_id", row.event_id},
                                {"type", row.type},
                                {"dossier_id", row.dossier_id},
                                {"data", row.envelope}},
                               options_.stream_max_length);
      if (!added.ok()) return added.status();  // rolls back: these rows go again next time
      ids.push_back(row.id);
    }
    txn.exec_params(mark_sql_, "{" + absl::StrJoin(ids, ",") + "}");
    txn.commit();
    published_ += static_cast<int64_t>(rows.size());
    return static_cast<int>(rows.size());
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
    if (connection.await_notification(micros / 1'000'000, micros % 1'000'000) > 0) return;
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
