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

#include "services/common/redis_streams.h"
#include "services/common/stream_batch_consumer.h"
#include "services/scheduler/deadline_applier.h"
#include "services/scheduler/scheduler_metrics.h"

namespace tdkt::scheduler {

class EventConsumer {
 public:
  // `metrics` may be null.
  // `options.name` defaults to "scheduler" (log lines).
  EventConsumer(DeadlineApplier* applier, common::RedisEndpoint redis, common::StreamBatchConsumerOptions options,
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
