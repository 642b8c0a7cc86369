#include "services/common/stream_batch_consumer.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace tdkt::common {
namespace {

const std::string* FieldOf(const StreamEntry& entry, const std::string& name) {
  for (const auto& [key, value] : entry.fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

RedisOptions ConsumerRedisOptions() {
  RedisOptions options;
  options.reconnect_budget = absl::Seconds(2);  // notice Stop() soon while Redis is away
  return options;
}

absl::Duration NextBackoff(absl::Duration backoff, absl::Duration max_backoff) {
  return std::clamp(backoff * 2, absl::Milliseconds(100), max_backoff);
}

}  // namespace

StreamBatchConsumer::StreamBatchConsumer(RedisEndpoint redis, StreamBatchConsumerOptions options, ApplyBatch apply)
    : redis_(std::move(redis), ConsumerRedisOptions()), options_(std::move(options)), apply_(std::move(apply)) {}

StreamBatchConsumer::~StreamBatchConsumer() { Stop(); }

void StreamBatchConsumer::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void StreamBatchConsumer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool StreamBatchConsumer::Process(const std::vector<StreamEntry>& entries) {
  if (entries.empty()) return true;
  std::vector<std::string> envelopes;
  std::vector<std::string> ids;
  for (const StreamEntry& entry : entries) {
    ids.push_back(entry.id);
    // An entry without data (trimmed from the stream while pending) has nothing to apply.
    if (const std::string* data = FieldOf(entry, "data")) envelopes.push_back(*data);
  }
  if (absl::Status applied = apply_(envelopes); !applied.ok()) {
    spdlog::warn("{} consumer: applying {} events failed, will retry: {}", options_.name, entries.size(),
                 std::string(applied.message()));
    return false;
  }
  absl::StatusOr<int64_t> acked = redis_.XAck(options_.stream, options_.group, ids);
  if (!acked.ok()) {
    spdlog::warn("{} consumer: XACK failed (the events are applied; they will be skipped when re-read): {}",
                 options_.name, std::string(acked.status().message()));
    return false;
  }
  acknowledged_ += static_cast<int64_t>(ids.size());
  return true;
}

void StreamBatchConsumer::TakeOverAbandoned() {
  std::string start = "0-0";
  do {
    absl::StatusOr<AutoClaimResult> claimed = redis_.XAutoClaim(options_.stream, options_.group, options_.consumer,
                                                                options_.claim_idle, start, options_.batch_size);
    if (!claimed.ok() || !Process(claimed->entries)) return;
    start = claimed->next_start_id;
  } while (start != "0-0" && !stopping_);
}

void StreamBatchConsumer::Run() {
  absl::Duration backoff = absl::ZeroDuration();
  bool group_ready = false;
  std::string read_id = "0";  // this consumer's own pending entries first (it may have crashed mid-batch)
  absl::Time next_takeover = absl::Now();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    if (!group_ready) {
      absl::Status created = redis_.CreateGroup(options_.stream, options_.group, "0");
      if (!created.ok()) {
        spdlog::warn("{} consumer: {}", options_.name, std::string(created.message()));
        backoff = NextBackoff(backoff, options_.max_backoff);
        continue;
      }
      group_ready = true;
    }
    if (absl::Now() >= next_takeover) {
      TakeOverAbandoned();
      next_takeover = absl::Now() + options_.claim_idle / 2;
    }
    absl::StatusOr<std::vector<StreamEntry>> entries = redis_.XReadGroup(
        options_.stream, options_.group, options_.consumer, options_.batch_size, options_.block, read_id);
    if (!entries.ok()) {
      spdlog::warn("{} consumer: {}", options_.name, std::string(entries.status().message()));
      backoff = NextBackoff(backoff, options_.max_backoff);
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
      backoff = NextBackoff(backoff, options_.max_backoff);
      read_id = "0";
    }
  }
}

}  // namespace tdkt::common
