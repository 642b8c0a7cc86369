#pragma once
// EventConsumer: reads tdkt:events in the consumer group `notifier` and applies each entry exactly once.
//
// For each entry: decode the EventEnvelope from its "data" field; EventApplier::Apply (one transaction that
// claims the event id); after the commit, publish the people told on the fan-out channel (so that every
// replica's WatchNotifications streams push at once); then XACK. A duplicate is acknowledged and changes nothing.
//
// Failures:
//   - an entry that cannot be decoded (no "data", not an EventEnvelope, no event id or type) goes to the dead
//     stream (XADD tdkt:dead with its fields and the error) and is acknowledged at once;
//   - an entry whose application fails for a reason that will not pass by itself (the directory refuses the
//     question, a template is missing…) is retried with backoff; its failures are counted in PostgreSQL
//     (notifier.event_failure, shared by replicas) and after `max_failures` it goes to the dead stream too;
//   - while the directory, PostgreSQL or Redis is unavailable the entry is retried with backoff and not
//     counted: an outage delays events, it does not bury them.
// Entries another consumer read and never acknowledged (it crashed) are taken over with XAUTOCLAIM once they
// have been idle for `claim_idle`; this consumer's own pending entries are read again at start.
//
//   EventConsumer consumer(redis_endpoint, applier, pool, metrics, {.consumer = "notifier-host-42"});
//   TDKT_RETURN_IF_ERROR(consumer.Setup());   // XGROUP CREATE … MKSTREAM (an existing group is fine)
//   consumer.Start();  … consumer.Stop();
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/redis_streams.h"
#include "services/notifier/event_applier.h"
#include "services/notifier/metrics.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

inline constexpr char kEventsStream[] = "tdkt:events";
inline constexpr char kDeadStream[] = "tdkt:dead";
inline constexpr char kConsumerGroup[] = "notifier";
// PUBLISH <channel> "<person id> <person id> …" after each commit that made notifications.
inline constexpr char kFanoutChannel[] = "tdkt:notifier:new";

struct ConsumerOptions {
  std::string stream = kEventsStream;
  std::string group = kConsumerGroup;
  std::string consumer = "notifier";  // unique among running replicas
  std::string group_start = "0";      // XGROUP CREATE … <id>: "0" every entry in the stream, "$" new ones only
  std::string dead_stream = kDeadStream;
  std::string fanout_channel = kFanoutChannel;
  int batch_size = 20;
  absl::Duration block = absl::Seconds(1);
  absl::Duration claim_idle = absl::Seconds(30);
  int max_failures = 5;
  absl::Duration first_retry = absl::Milliseconds(200);
  absl::Duration max_retry = absl::Seconds(10);
  int64_t dead_stream_max_length = 100'000;
  common::RedisOptions redis = {};
};

class EventConsumer {
 public:
  EventConsumer(common::RedisEndpoint redis, EventApplier& applier, common::PgPool& pool, Metrics& metrics,
                ConsumerOptions options);
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  absl::Status Setup();

  // One round: take over idle entries (when due), retry due failures, read new entries (waiting up to `block`).
  // Returns how many entries were handled; an error only when Redis could not be read.
  absl::StatusOr<int> RunOnce();

  void Start();
  // Asks the loop to end after the round in hand (a read blocks up to `block`); returns at once.
  void RequestStop() { stopping_ = true; }
  // RequestStop, then waits for the loop to end.
  void Stop();

 private:
  struct Retry {
    common::StreamEntry entry;
    absl::Time due;
    int attempts = 0;  // in this process, for the backoff
  };

  void Handle(const common::StreamEntry& entry, int attempts_so_far);
  void DeadLetter(const common::StreamEntry& entry, const std::string& error, int failures);
  void Acknowledge(const common::StreamEntry& entry, int attempts_so_far);
  void ScheduleRetry(const common::StreamEntry& entry, int attempts_so_far);
  // The failure count after this one (PostgreSQL), or an error when it could not be counted.
  absl::StatusOr<int> CountFailure(const common::StreamEntry& entry, const std::string& event_id,
                                   const std::string& error);
  void ForgetFailures(const std::string& entry_id);
  int ClaimIdle();
  void Run();

  common::RedisStreams redis_;
  EventApplier& applier_;
  common::PgPool& pool_;
  Metrics& metrics_;
  const ConsumerOptions options_;
  std::map<std::string, Retry> retries_;  // by entry id; only the consumer thread touches it
  absl::Time next_claim_ = absl::InfinitePast();
  bool read_own_pending_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tdkt::notifier
