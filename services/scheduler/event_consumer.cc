#include "services/scheduler/event_consumer.h"

namespace tdkt::scheduler {

EventConsumer::EventConsumer(DeadlineApplier* applier, common::RedisEndpoint redis, EventConsumerOptions options,
                             SchedulerMetrics* metrics)
    : applier_(applier),
      metrics_(metrics),
      consumer_(std::move(redis),
                common::StreamBatchConsumerOptions{.name = "scheduler",
                                                   .stream = std::move(options.stream),
                                                   .group = std::move(options.group),
                                                   .consumer = std::move(options.consumer),
                                                   .batch_size = options.batch_size,
                                                   .block = options.block,
                                                   .claim_idle = options.claim_idle,
                                                   .max_backoff = options.max_backoff},
                [this](const std::vector<std::string>& envelopes) { return Apply(envelopes); }) {}

absl::Status EventConsumer::Apply(const std::vector<std::string>& envelopes) {
  absl::StatusOr<ApplyCounts> counts = applier_->Apply(envelopes);
  if (!counts.ok()) return counts.status();
  counts_.applied += counts->applied;
  if (metrics_ != nullptr) metrics_->events_applied.Add(counts->applied);
  counts_.duplicates += counts->duplicates;
  counts_.stale += counts->stale;
  counts_.ignored += counts->ignored;
  return absl::OkStatus();
}

}  // namespace tdkt::scheduler
