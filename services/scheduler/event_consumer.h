#pragma once
// EventConsumer: reads tdkt:events in the consumer group "scheduler" and hands each batch to the
// DeadlineApplier; acknowledges (XACK) only after the batch committed, so a crash between the two re-delivers
// entries that the idempotency records then skip. On start it re-reads its own pending entries (id "0"), and
// now and then takes over entries that a dead consumer left pending (XAUTOCLAIM). A new group starts at the
// beginning of the stream, so events published before the scheduler first ran are not lost.
//
//   EventConsumer consumer(applier, redis_endpoint, {.consumer = "scheduler-host-1234"});
//   consumer.Start();
//   …
//   consumer.Stop();
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "services/common/redis_streams.h"
#include "services/scheduler/deadline_applier.h"
#include "services/scheduler/scheduler_metrics.h"

namespace tdkt::scheduler {

struct EventConsumerOptions {
  std::string stream = "tdkt:events";
  std::string group = "scheduler";
  std::string consumer;  // unique per replica and stable across its restarts
  int batch_size = 100;
  absl::Duration block = absl::Seconds(1);       // also how soon Stop() is noticed
  absl::Duration claim_idle = absl::Minutes(1);  // entries pending longer than this on another consumer are taken
  absl::Duration max_backoff = absl::Seconds(5);
};

class EventConsumer {
 public:
  // `metrics` may be null.
  EventConsumer(DeadlineApplier* applier, common::RedisEndpoint redis, EventConsumerOptions options,
                SchedulerMetrics* metrics = nullptr);
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  void Start();
  void Stop();

  // Entries acknowledged since start (tests and metrics).
  int64_t acknowledged() const { return acknowledged_; }
  const ApplyCounts& counts() const { return counts_; }  // read after Stop() only

 private:
  void Run();
  // Applies and acknowledges entries; false when they must be read again later.
  bool Process(const std::vector<common::StreamEntry>& entries);
  void TakeOverAbandoned();

  DeadlineApplier* applier_;
  SchedulerMetrics* metrics_;
  common::RedisStreams redis_;
  const EventConsumerOptions options_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> acknowledged_{0};
  ApplyCounts counts_;
  std::thread thread_;
};

}  // namespace tdkt::scheduler
