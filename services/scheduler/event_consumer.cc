#include "services/scheduler/event_consumer.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace tdkt::scheduler {
namespace {

const std::string* FieldOf(const common::StreamEntry& entry, const std::string& name) {
  for (const auto& [key, value] : entry.fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

common::RedisOptions ConsumerRedisOptions() {
  common::RedisOptions options;
  options.reconnect_budget = absl::Seconds(2);  // notice Stop() soon while Redis is away
  return options;
}

}  // namespace

EventConsumer::EventConsumer(DeadlineApplier* applier, common::RedisEndpoint redis, EventConsumerOptions options,
                             SchedulerMetrics* metrics)
    : applier_(applier),
      metrics_(metrics),
      redis_(std::move(redis), ConsumerRedisOptions()),
      options_(std::move(options)) {}

EventConsumer::~EventConsumer() { Stop(); }

void EventConsumer::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void EventConsumer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool EventConsumer::Process(const std::vector<common::StreamEntry>& entries) {
  if (entries.empty()) return true;
  std::vector<std::string> envelopes;
  std::vector<std::string> ids;
  for (const common::StreamEntry& entry : entries) {
    ids.push_back(entry.id);
    // An entry without data (trimmed from the stream while pending) has nothing to apply.
    if (const std::string* data = FieldOf(entry, "data")) envelopes.push_back(*data);
  }
  absl::StatusOr<ApplyCounts> counts = applier_->Apply(envelopes);
  if (!counts.ok()) {
    spdlog::warn("scheduler consumer: applying {} events failed, will retry: {}", entries.size(),
                 std::string(counts.status().message()));
    return false;
  }
  counts_.applied += counts->applied;
  if (metrics_ != nullptr) metrics_->events_applied.Add(counts->applied);
  counts_.duplicates += counts->duplicates;
  counts_.stale += counts->stale;
  counts_.ignored += counts->ignored;
  absl::StatusOr<int64_t> acked = redis_.XAck(options_.stream, options_.group, ids);
  if (!acked.ok()) {
    spdlog::warn("scheduler consumer: XACK failed (the events are applied; they will be skipped when re-read): {}",
                 std::string(acked.status().message()));
    return false;
  }
  acknowledged_ += static_cast<int64_t>(ids.size());
  return true;
}

void EventConsumer::TakeOverAbandoned() {
  std::string start = "0-0";
  do {
    absl::StatusOr<common::AutoClaimResult> claimed = redis_.XAutoClaim(
        options_.stream, options_.group, options_.consumer, options_.claim_idle, start, options_.batch_size);
    if (!claimed.ok() || !Process(claimed->entries)) return;
    start = claimed->next_start_id;
  } while (start != "0-0" && !stopping_);
}

void EventConsumer::Run() {
  absl::Duration backoff = absl::ZeroDuration();
  bool group_ready = false;
  std::string read_id = "0";  // this consumer's own pending entries first (it may have crashed mid-batch)
  absl::Time next_takeover = absl::Now();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    if (!group_ready) {
      absl::Status created = redis_.CreateGroup(options_.stream, options_.group, "0");
      if (!created.ok()) {
        spdlog::warn("scheduler consumer: {}", std::string(created.message()));
        backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
        continue;
      }
      group_ready = true;
    }
    if (absl::Now() >= next_takeover) {
      TakeOverAbandoned();
      next_takeover = absl::Now() + options_.claim_idle / 2;
    }
    absl::StatusOr<std::vector<common::StreamEntry>> entries = redis_.XReadGroup(
        options_.stream, options_.group, options_.consumer, options_.batch_size, options_.block, read_id);
    if (!entries.ok()) {
      spdlog::warn("scheduler consumer: {}", std::string(entries.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
      group_ready = false;  // Redis may have restarted without the group
      continue;
    }
    if (read_id == "0" && entries->empty()) {
      read_id = ">";
      continue;
    }
    if (Process(*entries)) {
      backoff = absl::ZeroDuration();
    } else {
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
      read_id = "0";
    }
  }
}

}  // namespace tdkt::scheduler
