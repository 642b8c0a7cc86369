#include "services/scheduler/event_consumer.h"

namespace tdkt::scheduler {

namespace {

common::StreamBatchConsumerOptions Named(common::StreamBatchConsumerOptions options) {
  if (options.name.empty()) options.name = "scheduler";
  return options;
}

}  // namespace

EventConsumer::EventConsumer(DeadlineApplier* applier, common::RedisEndpoint redis,
                             common::StreamBatchConsumerOptions options, SchedulerMetrics* metrics)
    : applier_(applier),
      metrics_(metrics),
      consumer_(std::move(redis), Named(std::move(options)),
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
