#pragma once
// EventConsumer: reads tdkt:events in the consumer group "scheduler" (common::StreamBatchConsumer) and hands each
// batch to the DeadlineApplier, counting what it applied.
//
//   EventConsumer consumer(applier, redis_endpoint, {.consumer = "scheduler-host-1234"});
//   consumer.Start();
//   …
//   consumer.Stop();
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "services/common/redis_streams.h"
#include "services/common/stream_batch_consumer.h"
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

  void Start() { consumer_.Start(); }
  void Stop() { consumer_.Stop(); }

  // Entries acknowledged since start (tests and metrics).
  int64_t acknowledged() const { return consumer_.acknowledged(); }
  const ApplyCounts& counts() const { return counts_; }  // read after Stop() only

 private:
  absl::Status Apply(const std::vector<std::string>& envelopes);

  DeadlineApplier* applier_;
  SchedulerMetrics* metrics_;
  ApplyCounts counts_;
  common::StreamBatchConsumer consumer_;  // last: its thread uses the members above
};

}  // namespace tdkt::scheduler
