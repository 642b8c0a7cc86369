#pragma once
// OutboxRelay: publishes the rows of one service's outbox table (<schema>.outbox: id, event_id, dossier_id,
// type, envelope, published_at) to the Redis Stream tdkt:events, at least once and per dossier in commit order
// (events.proto). Writers never wait for it: they only insert outbox rows, and a trigger sends NOTIFY
// <channel>, which wakes the relay; it also polls, so a lost notification delays an event by at most
// `poll_interval`. The scheduler uses it (services/scheduler/migrations/001_timers.sql has the table and the
// trigger); the dossier's own copy (services/dossier/outbox_relay.h) is the same code bound to dossier.outbox.
//
// One pass: in one transaction, take the relay lock (pg_try_advisory_xact_lock — one active relay among all
// replicas, so that two relays can never publish a dossier's events out of order; the others wait for the
// next pass), read up to `batch_size` unpublished rows in id order, XADD each, mark them published, commit.
// If Redis fails midway the transaction rolls back and the rows already sent go again on the next pass: the
// consumers drop duplicates by event_id. While Redis is down the relay retries with backoff and the rows wait.
//
//   OutboxRelay relay(pool, redis_endpoint, {.schema = "scheduler", .channel = "scheduler_outbox",
//                                             .lock_key = kSchedulerRelayLockKey});
//   relay.Start();          // background thread
//   …
//   relay.Stop();           // finishes the pass in progress
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/redis_streams.h"

namespace pqxx {
class connection_base;
}

namespace tdkt::common {

class PgPool;

inline constexpr char kEventsStream[] = "tdkt:events";

struct OutboxRelayOptions {
  std::string schema;   // the table is <schema>.outbox
  std::string channel;  // NOTIFY channel of its trigger
  // Key of the one-active-relay advisory lock: one per outbox, so that relays of different services never
  // wait for each other.
  int64_t lock_key = 0;
  std::string stream = kEventsStream;
  int batch_size = 200;
  // XADD … MAXLEN ~ n: consumers that fall further behind than this lose events, so keep it generous.
  int64_t stream_max_length = 1'000'000;
  absl::Duration poll_interval = absl::Seconds(1);
  absl::Duration max_backoff = absl::Seconds(5);
  RedisOptions redis;
};

class OutboxRelay {
 public:
  // `pool` is the relay's own (one connection: it LISTENs); it must outlive the relay.
  OutboxRelay(PgPool* pool, RedisEndpoint redis, OutboxRelayOptions options);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // One pass (see above): how many rows it published; 0 when another relay holds the lock or nothing waits.
  absl::StatusOr<int> PublishPending();

  void Start();
  void Stop();

  // Rows published since construction (for tests and metrics).
  int64_t published() const { return published_; }

 private:
  void Run();
  absl::StatusOr<int> PublishOn(pqxx::connection_base& connection);
  // Until a NOTIFY arrives, the poll interval passes or Stop() is called.
  void WaitForNotification(pqxx::connection_base& connection) const;

  PgPool* pool_;
  RedisStreams redis_;
  const OutboxRelayOptions options_;
  const std::string select_sql_, mark_sql_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> published_{0};
  std::thread thread_;
};

}  // namespace tdkt::common
