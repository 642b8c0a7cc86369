#pragma once
// OutboxRelay: publishes the rows of one service's outbox table (<schema>.outbox: id, event_id, dossier_id, type,
// envelope, published_at, stream_ms, stream_seq) to the Redis Stream tdkt:events, at least once and per dossier
// in commit order (events.proto). Writers never wait for it: they only insert outbox rows, and a trigger sends
// NOTIFY <channel>, which wakes the relay; it also polls, so a lost notification delays an event by at most
// `poll_interval`. The dossier service (services/dossier/migrations/003_outbox_notify.sql, 007) and the
// scheduler (services/scheduler/migrations/001_timers.sql, 003) each run one over their own table.
//
// One pass: in one transaction, take the publishing lock (pg_try_advisory_xact_lock — one active publisher among
// all replicas, so that two can never publish a dossier's events out of order; the others wait for the next
// pass), read up to `batch_size` unpublished rows in id order, XADD them (one pipelined round trip), mark them
// published, commit (common::OutboxPublisher, outbox_publisher.h, which a writer may also use to publish its own
// rows in its own transaction under the same lock, as the scheduler's firing loop does).
// If Redis fails midway the transaction rolls back and the rows already sent go again on the next pass: the
// consumers drop duplicates by event_id. While Redis is down the relay retries with backoff and the rows wait.
//
// Redis can also lose entries it had acknowledged: with `appendfsync everysec` the last second of writes when
// the machine fails, more on a failover to a replica that lagged or when a backup is restored — and those
// events were marked published here. So every row keeps the stream id it was published under (stream_ms, _seq),
// and each pass begins by asking the stream for its last entry at or before the newest id recorded here
// (XREVRANGE stream <id> - COUNT 1). Redis loses the tail of a stream, never the middle, and its ids grow with
// time, so when that entry is not the recorded one, exactly the rows recorded after it are missing: the pass
// marks them unpublished again and publishes them, oldest first, before anything newer, so each dossier's
// events still arrive in order (after duplicates, which consumers drop). A wiped stream (Redis restarted
// without persistence) gets every row still kept. Nothing goes to a new Redis connection before that check: an
// XADD whose connection broke is not sent again (common::RedisOptions::resend_after_reconnect) but fails the
// pass, which rolls back, and the next pass checks again.
//
// Retention: published rows are kept `published_retention` (7 days by default) after they were published,
// then deleted by the relay in small batches — so the relay can restore what a Redis restored from a backup
// up to that old lacks. Consumers must remember event ids at least as long to drop the duplicates.
//
//   OutboxRelayOptions options;
//   options.schema = "dossier", options.channel = "dossier_outbox", options.lock_key = kDossierRelayLockKey;
//   OutboxRelay relay(pool, redis_endpoint, options);
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
#include "services/common/outbox_publisher.h"
#include "services/common/redis_streams.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx

namespace tdkt::common {

class PgPool;

struct OutboxRelayOptions {
  std::string schema;   // the table is <schema>.outbox
  std::string channel;  // NOTIFY channel of its trigger
  // Key of the one-active-relay advisory lock: one per outbox, so that relays of different services never
  // wait for each other.
  int64_t lock_key = 0;
  std::string stream = kEventsStream;
  int batch_size = 1000;
  // XADD … MAXLEN ~ n: consumers that fall further behind than this lose events, so keep it generous.
  int64_t stream_max_length = 1'000'000;
  absl::Duration poll_interval = absl::Seconds(1);
  // After a notification, how long the relay lets further commits gather before its pass, so that one pass (a
  // transaction of its own, with a commit to flush) publishes the events of many transitions instead of one or
  // two: under load a pass per transition cost PostgreSQL about as much CPU as the transition itself
  // (bench/transition/transition_bench.cc). Events reach the stream up to this much later.
  absl::Duration gather_delay = absl::Milliseconds(20);
  absl::Duration max_backoff = absl::Seconds(5);
  RedisOptions redis;
  // How long a published row stays (see above), and how often a pass deletes those older, at most
  // `prune_batch` oldest rows at a time.
  absl::Duration published_retention = absl::Hours(24 * 7);
  absl::Duration prune_interval = absl::Minutes(1);
  int prune_batch = 1000;
};

class OutboxRelay {
 public:
  // `pool` is the relay's own (one connection: it LISTENs); it must outlive the relay.
  OutboxRelay(PgPool* pool, RedisEndpoint redis, OutboxRelayOptions options);
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // One pass (see above): how many rows it published, those published again included; 0 when another relay
  // holds the lock or nothing waits.
  absl::StatusOr<int> PublishPending();

  void Start();
  void Stop();

  // Rows published since construction, and of those how many again because the stream had lost them (for
  // tests and metrics).
  int64_t published() const { return published_; }
  int64_t republished() const { return republished_; }
  // Passes that published at least one row.
  int64_t publishing_passes() const { return publishing_passes_; }

 private:
  void Run();
  absl::StatusOr<int> PublishOn(pqxx::connection_base& connection);
  // Deletes published rows older than the retention, when a prune is due.
  void PruneIfDue(pqxx::transaction_base& txn);
  // Until a NOTIFY arrives (then `gather_delay` more), the poll interval passes or Stop() is called.
  void WaitForNotification(pqxx::connection_base& connection) const;

  PgPool* pool_;
  OutboxPublisher publisher_;
  const OutboxRelayOptions options_;
  const std::string table_;  // <schema>.outbox
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> published_{0};
  std::atomic<int64_t> republished_{0};
  std::atomic<int64_t> publishing_passes_{0};
  absl::Time last_prune_ = absl::InfinitePast();  // used by the one thread that runs passes
  std::thread thread_;
};

}  // namespace tdkt::common
