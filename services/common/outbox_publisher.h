#pragma once
// OutboxPublisher: one publisher's side of an outbox table (<schema>.outbox: id, event_id, dossier_id, type,
// envelope, published_at, stream_ms, stream_seq) and the Redis Stream it feeds, inside a caller's transaction.
// The OutboxRelay (outbox_relay.h, which explains the guarantees) runs its passes with one; a writer may also
// publish its own new rows in the transaction that writes them (the scheduler's firing loop does), so that they
// are inserted as published instead of being inserted, read back and marked by a relay pass.
//
// Every publisher of one outbox takes the same lock first (a transaction-level advisory lock), so that one
// publishes at a time: each dossier's events reach the stream in commit order, and the check of the stream
// (below) sees every row a publisher recorded before it. With the lock held:
//   1. PublishUnpublished: asks the stream for its last entry at or before the newest stream id recorded here;
//      when Redis lost entries it had acknowledged, the rows recorded after that entry are marked unpublished;
//      then up to `batch_size` unpublished rows are published in id order and marked published.
//   2. PublishNew (optional): the caller's new rows. When nothing older still waits they are XADDed and inserted
//      as published with their stream ids; otherwise they are inserted unpublished, behind the older rows, for
//      the next pass, so that no dossier's events overtake each other.
// Nothing goes to a Redis connection opened after step 1's check: a broken connection fails the call with
// UNAVAILABLE (the caller rolls back; the rows or timers go again later).
//
// Not thread-safe: one per thread, like the Redis client it owns.
//
//   OutboxPublisher publisher(endpoint, {.schema = "scheduler", .lock_key = kSchedulerRelayLockKey});
//   pqxx::work txn(connection);
//   … write the state the events describe …
//   publisher.Lock(txn, /*wait=*/true);
//   TDKT_RETURN_IF_ERROR(publisher.PublishUnpublished(txn).status());
//   TDKT_RETURN_IF_ERROR(publisher.PublishNew(txn, rows).status());
//   txn.commit();
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/redis_streams.h"

namespace pqxx {
class transaction_base;
}  // namespace pqxx

namespace tdkt::common {

inline constexpr char kEventsStream[] = "tdkt:events";

struct OutboxPublisherOptions {
  std::string schema;  // the table is <schema>.outbox
  // Key of the one-publisher advisory lock: one per outbox, so that publishers of different services never wait
  // for each other.
  int64_t lock_key = 0;
  std::string stream = kEventsStream;
  int batch_size = 1000;  // unpublished rows a call of PublishUnpublished publishes at most
  // XADD … MAXLEN ~ n: consumers that fall further behind than this lose events, so keep it generous.
  int64_t stream_max_length = 1'000'000;
  RedisOptions redis;
};

// A row to publish: the columns the outbox table shares between the services.
struct OutboxRow {
  std::string event_id;
  std::string dossier_id;
  std::string type;      // EventType name
  std::string envelope;  // serialized EventEnvelope
};

struct PublishedCounts {
  int published = 0;    // rows sent to the stream, those sent again included
  int64_t republished = 0;  // rows marked unpublished because the stream had lost them
  bool backlog = false;     // unpublished rows remain beyond this call's batch
};

class OutboxPublisher {
 public:
  OutboxPublisher(RedisEndpoint redis, OutboxPublisherOptions options);
  OutboxPublisher(const OutboxPublisher&) = delete;
  OutboxPublisher& operator=(const OutboxPublisher&) = delete;

  // The one-publisher lock, until `txn` ends: waiting for it, or trying once (false: another publisher has it).
  bool Lock(pqxx::transaction_base& txn, bool wait);

  // Step 1 above. Requires the lock.
  absl::StatusOr<PublishedCounts> PublishUnpublished(pqxx::transaction_base& txn);

  // Step 2 above. Requires the lock and, earlier in the same transaction, PublishUnpublished; returns how many
  // of `rows` went to the stream now (all of them, or none when older rows still wait).
  absl::StatusOr<int> PublishNew(pqxx::transaction_base& txn, const std::vector<OutboxRow>& rows);

  const OutboxPublisherOptions& options() const { return options_; }

 private:
  // The rows whose entries the stream lacks, marked unpublished again in `txn`; how many.
  absl::StatusOr<int64_t> UnpublishWhatTheStreamLost(pqxx::transaction_base& txn);
  // Stream ids "<ms>-<seq>" of entries, in order, as two columns.
  struct StreamIds {
    std::vector<int64_t> ms, seq;
  };
  // XADDs the entries on the connection the check ran on; their stream ids in order.
  absl::StatusOr<StreamIds> Append(const std::vector<OutboxRow>& rows);

  RedisStreams redis_;
  const OutboxPublisherOptions options_;
  const std::string table_;  // <schema>.outbox
  // reconnects() of the Redis client when the stream was last checked; -1 before the first check of a transaction
  int checked_at_reconnects_ = -1;
  bool backlog_ = false;  // what the last PublishUnpublished found
};

}  // namespace tdkt::common
