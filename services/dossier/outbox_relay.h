#pragma once
// OutboxRelay: publishes the rows of dossier.outbox to the Redis Stream tdkt:events, at least once and per
// dossier in commit order (events.proto). Transitions never wait for it: they only insert outbox rows, and a
// trigger (migration 003) sends NOTIFY dossier_outbox, which wakes the relay; it also polls, so a lost
// notification delays an event by at most `poll_interval`.
//
// One pass: in one transaction, take the relay lock (pg_try_advisory_xact_lock — one active relay among all
// replicas, so that two relays can never publish a dossier's events out of order; the others wait for the
// next pass), read up to `batch_size` unpublished rows in id order, XADD each, mark them published, commit.
// If Redis fails midway the transaction rolls back and the rows already sent go again on the next pass: the
// consumers drop duplicates by event_id. While Redis is down the relay retries with backoff and the rows wait.
//
//   OutboxRelay relay(pool, redis_endpoint, {});
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
}

namespace tdkt::dossier {

inline constexpr char kEventsStream[] = "tdkt:events";
inline constexpr char kOutboxChannel[] = "dossier_outbox";

struct OutboxRelayOptions {
  std::string stream = kEventsStream;
  int batch_size = 200;
  // XADD … MAXLEN ~ n: consumers that fall further behind than this lose events, so keep it generous.
  int64_t stream_max_length = 1'000'000;
  absl::Duration poll_interval = absl::Seconds(1);
  absl::Duration max_backoff = absl::Seconds(5);
  common::RedisOptions redis;
};

class OutboxRelay {
 public:
  // `pool` is the relay's own (one connection: it LISTENs); it must outlive the relay.
  OutboxRelay(common::PgPool* pool, common::RedisEndpoint redis, OutboxRelayOptions options = {});
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

  common::PgPool* pool_;
  common::RedisStreams redis_;
  const OutboxRelayOptions options_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> published_{0};
  std::thread thread_;
};

}  // namespace tdkt::dossier
