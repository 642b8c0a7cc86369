#include "services/notifier/event_consumer.h"

#include <algorithm>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/pg_pool.h"

namespace tdkt::notifier {
namespace {

bool IsTransient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsAborted(status) || absl::IsDeadlineExceeded(status) ||
         absl::IsResourceExhausted(status);
}

const std::string* FieldOf(const common::StreamEntry& entry, const std::string& name) {
  for (const auto& [key, value] : entry.fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

common::RedisOptions ConsumerRedisOptions(common::RedisOptions options) {
  // The consumer thread must notice Stop() soon, so one command does not keep reconnecting for long.
  options.reconnect_budget = std::min(options.reconnect_budget, absl::Seconds(2));
  return options;
}

}  // namespace

EventConsumer::EventConsumer(common::RedisEndpoint redis, EventApplier& applier, common::PgPool& pool,
                             Metrics& metrics, ConsumerOptions options)
    : redis_(std::move(redis), ConsumerRedisOptions(options.redis)),
      applier_(applier),
      pool_(pool),
      metrics_(metrics),
      options_(std::move(options)) {}

EventConsumer::~EventConsumer() { Stop(); }

absl::Status EventConsumer::Setup() {
  return redis_.CreateGroup(options_.stream, options_.group, options_.group_start);
}

void EventConsumer::DeadLetter(const common::StreamEntry& entry, const std::string& error, int failures) {
  common::StreamFields fields = entry.fields;
  fields.emplace_back("source_stream", options_.stream);
  fields.emplace_back("source_id", entry.id);
  fields.emplace_back("group", options_.group);
  fields.emplace_back("error", error);
  fields.emplace_back("failures", absl::StrCat(failures));
  absl::StatusOr<std::string> added = redis_.XAdd(options_.dead_stream, fields, options_.dead_stream_max_length);
  if (!added.ok()) {
    // Not acknowledged: it stays pending and comes back, so nothing is lost.
    spdlog::warn("notifier: cannot move entry {} to {}: {}", entry.id, options_.dead_stream,
                 std::string(added.status().message()));
    ScheduleRetry(entry, 1);
    return;
  }
  spdlog::warn("notifier: entry {} moved to {} after {} failures: {}", entry.id, options_.dead_stream, failures, error);
  metrics_.EventConsumed("dead");
  Acknowledge(entry, 1);
  ForgetFailures(entry.id);
}

void EventConsumer::Acknowledge(const common::StreamEntry& entry, int attempts_so_far) {
  absl::StatusOr<int64_t> acked = redis_.XAck(options_.stream, options_.group, {entry.id});
  if (!acked.ok()) {
    // Applied but not acknowledged: the retry finds the event applied and acknowledges it then.
    ScheduleRetry(entry, attempts_so_far);
    return;
  }
  retries_.erase(entry.id);
}

void EventConsumer::ScheduleRetry(const common::StreamEntry& entry, int attempts_so_far) {
  const int shift = std::min(attempts_so_far, 20);
  const absl::Duration backoff = std::min(options_.first_retry * (int64_t{1} << shift), options_.max_retry);
  retries_[entry.id] = Retry{entry, absl::Now() + backoff, attempts_so_far + 1};
  metrics_.EventConsumed("retried");
}

absl::StatusOr<int> EventConsumer::CountFailure(const common::StreamEntry& entry, const std::string& event_id,
                                                const std::string& error) {
  int failures = 0;
  absl::Status status = pool_.InTransaction([&](pqxx::work& txn) {
    failures = txn.exec_params1(
                      "INSERT INTO notifier.event_failure (entry_id, event_id, failures, last_error) "
                      "VALUES ($1, $2, 1, $3) ON CONFLICT (entry_id) DO UPDATE SET failures = "
                      "notifier.event_failure.failures + 1, last_error = excluded.last_error, updated_at = now() "
                      "RETURNING failures",
                      entry.id, event_id, error)[0]
                   .as<int>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return failures;
}

void EventConsumer::ForgetFailures(const std::string& entry_id) {
  absl::Status status = pool_.InTransaction([&](pqxx::work& txn) {
    txn.exec_params("DELETE FROM notifier.event_failure WHERE entry_id = $1", entry_id);
    return absl::OkStatus();
  });
  if (!status.ok()) spdlog::debug("notifier: failure count of {} kept: {}", entry_id, std::string(status.message()));
}

void EventConsumer::Handle(const common::StreamEntry& entry, int attempts_so_far) {
  const std::string* data = FieldOf(entry, "data");
  tdkt::v1::EventEnvelope event;
  if (data == nullptr || !event.ParseFromString(*data) || event.event_id().empty() ||
      event.type() == tdkt::v1::EVENT_TYPE_UNSPECIFIED) {
    DeadLetter(entry,
               data == nullptr ? "no data field" : "data is not an EventEnvelope with an event_id and a type",
               0);
    return;
  }
  absl::StatusOr<ApplyOutcome> outcome = applier_.Apply(event);
  if (outcome.ok()) {
    if (!outcome->notified.empty()) {
      // After the commit: a lost message only delays live streams until their next poll (the heartbeat).
      absl::StatusOr<std::string> published =
          redis_.Command({"PUBLISH", options_.fanout_channel, absl::StrJoin(outcome->notified, " ")});
      if (!published.ok()) spdlog::warn("notifier: fan-out not published: {}", std::string(published.status().message()));
    }
    metrics_.EventConsumed(outcome->duplicate ? "duplicate" : "applied");
    metrics_.NotificationsWritten(outcome->notifications);
    Acknowledge(entry, attempts_so_far);
    if (attempts_so_far > 0) ForgetFailures(entry.id);
    return;
  }
  const std::string error(outcome.status().message());
  if (IsTransient(outcome.status())) {
    spdlog::info("notifier: event {} waits (entry {}): {}", event.event_id(), entry.id, error);
    ScheduleRetry(entry, attempts_so_far);
    return;
  }
  absl::StatusOr<int> failures = CountFailure(entry, event.event_id(), error);
  if (!failures.ok()) {
    ScheduleRetry(entry, attempts_so_far);  // cannot even count: PostgreSQL is away, so it is transient
    return;
  }
  spdlog::warn("notifier: event {} (entry {}) failed ({} of {}): {}", event.event_id(), entry.id, *failures,
               options_.max_failures, error);
  if (*failures >= options_.max_failures) {
    DeadLetter(entry, error, *failures);
    return;
  }
  ScheduleRetry(entry, attempts_so_far);
}

int EventConsumer::ClaimIdle() {
  int handled = 0;
  std::string start = "0-0";
  for (int round = 0; round < 100; ++round) {
    absl::StatusOr<common::AutoClaimResult> claimed = redis_.XAutoClaim(
        options_.stream, options_.group, options_.consumer, options_.claim_idle, start, options_.batch_size);
    if (!claimed.ok()) {
      spdlog::warn("notifier: XAUTOCLAIM failed: {}", std::string(claimed.status().message()));
      break;
    }
    for (const common::StreamEntry& entry : claimed->entries) {
      if (retries_.count(entry.id) > 0) continue;  // ours, waiting for its retry
      spdlog::info("notifier: took over entry {} from a stopped consumer", entry.id);
      Handle(entry, 0);
      ++handled;
    }
    start = claimed->next_start_id;
    if (start == "0-0" || start.empty()) break;
  }
  return handled;
}

absl::StatusOr<int> EventConsumer::RunOnce() {
  int handled = 0;
  if (!read_own_pending_) {
    // Entries this consumer name read before a restart and never acknowledged.
    absl::StatusOr<std::vector<common::StreamEntry>> own =
        redis_.XReadGroup(options_.stream, options_.group, options_.consumer, 1000, absl::ZeroDuration(), "0");
    if (!own.ok()) return own.status();
    for (const common::StreamEntry& entry : *own) {
      Handle(entry, 0);
      ++handled;
    }
    read_own_pending_ = true;
  }
  const absl::Time now = absl::Now();
  if (now >= next_claim_) {
    handled += ClaimIdle();
    next_claim_ = now + std::max(options_.claim_idle / 2, absl::Milliseconds(100));
  }
  std::vector<Retry> due;
  for (const auto& [id, retry] : retries_) {
    if (retry.due <= now) due.push_back(retry);
  }
  for (const Retry& retry : due) {
    Handle(retry.entry, retry.attempts);
    ++handled;
  }
  absl::Duration block = options_.block;
  for (const auto& [id, retry] : retries_) block = std::min(block, std::max(retry.due - absl::Now(), absl::ZeroDuration()));
  block = std::min(block, std::max(next_claim_ - absl::Now(), absl::Milliseconds(1)));
  absl::StatusOr<std::vector<common::StreamEntry>> entries = redis_.XReadGroup(
      options_.stream, options_.group, options_.consumer, options_.batch_size, std::max(block, absl::Milliseconds(1)));
  if (!entries.ok()) return entries.status();
  for (const common::StreamEntry& entry : *entries) {
    Handle(entry, 0);
    ++handled;
  }
  return handled;
}

void EventConsumer::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void EventConsumer::Stop() {
  RequestStop();
  if (thread_.joinable()) thread_.join();
}

void EventConsumer::Run() {
  absl::Duration backoff = absl::ZeroDuration();
  bool group_ready = false;
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    if (!group_ready) {
      // The group may have gone with a Redis that lost its data: create it again (an existing one is fine).
      if (absl::Status status = Setup(); !status.ok()) {
        spdlog::warn("notifier: consumer group not ready: {}", std::string(status.message()));
        backoff = std::clamp(backoff * 2, absl::Milliseconds(100), absl::Seconds(5));
        continue;
      }
      group_ready = true;
    }
    absl::StatusOr<int> handled = RunOnce();
    if (!handled.ok()) {
      spdlog::warn("notifier: reading {} paused: {}", options_.stream, std::string(handled.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), absl::Seconds(5));
      if (absl::StrContains(handled.status().message(), "NOGROUP")) group_ready = false;
      continue;
    }
    backoff = absl::ZeroDuration();
  }
}

}  // namespace tdkt::notifier
