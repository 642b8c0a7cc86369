#include "services/scheduler/firing_loop.h"

#include <algorithm>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "base/status_macros.h"
#include "services/common/pg_errors.h"
#include "services/scheduler/reminder_events.h"
#include "services/scheduler/timer_store.h"

namespace tdkt::scheduler {
namespace {

constexpr char kTimersChannel[] = "scheduler_timers";

// LISTEN scheduler_timers while alive: a committed timer earlier than the loop's wake-up instant wakes it.
class NearerTimer final : public pqxx::notification_receiver {
 public:
  NearerTimer(pqxx::connection_base& connection, const std::atomic<int64_t>& sleeping_until, std::atomic<bool>& woken)
      : pqxx::notification_receiver(connection, kTimersChannel), sleeping_until_(sleeping_until), woken_(woken) {}
  void operator()(const std::string& payload, int) override {
    int64_t at = 0;
    if (!absl::SimpleAtoi(payload, &at) || at < sleeping_until_.load()) woken_ = true;
  }

 private:
  const std::atomic<int64_t>& sleeping_until_;
  std::atomic<bool>& woken_;
};

}  // namespace

FiringLoop::FiringLoop(common::PgPool* pool, common::RedisEndpoint redis, common::OutboxPublisherOptions publishing,
                       const SchedulerCalendar* calendar, Escalator* escalator, const base::Clock* clock,
                       SchedulerMetrics* metrics, FiringOptions options)
    : pool_(pool),
      redis_(std::move(redis)),
      publishing_(std::move(publishing)),
      calendar_(calendar), escalator_(escalator), clock_(clock), metrics_(metrics), options_(options) {}

FiringLoop::~FiringLoop() { Stop(); }

std::optional<absl::Time> FiringLoop::ClaimNow() const {
  if (options_.claim_clock == ClaimClock::kDatabase) return std::nullopt;
  return clock_->Now();
}

absl::StatusOr<int64_t> FiringLoop::FireDueOn(pqxx::connection_base& connection, Lane& lane) {
  int64_t fired = 0;
  absl::Status reminders;  // with Redis away reminders wait, escalations (calls to the dossier service) do not
  while (!stopping_) {
    absl::StatusOr<int> batch = FireReminderBatch(connection, lane);
    if (!batch.ok()) {
      reminders = batch.status();
      break;
    }
    fired += *batch;
    if (*batch < options_.batch_size) break;
  }
  while (escalator_ != nullptr && !stopping_) {
    absl::StatusOr<bool> escalated = EscalateOne(connection);
    if (!escalated.ok()) return escalated.status();
    if (!*escalated) break;
    ++fired;
  }
  if (!reminders.ok()) return reminders;
  return fired;
}

absl::StatusOr<int> FiringLoop::FireReminderBatch(pqxx::connection_base& connection, Lane& lane) {
  try {
    pqxx::work txn(connection);
    const std::vector<ClaimedTimer> claimed = TimerStore::ClaimDueReminders(txn, ClaimNow(), options_.batch_size);
    if (claimed.empty()) return 0;
    int late = 0;
    std::vector<double> lateness_seconds;  // observed once the batch has committed, like the counters
    std::vector<common::OutboxRow> events;
    std::vector<const TimerRow*> overdue;
    for (const ClaimedTimer& timer : claimed) {
      const TimerRow& row = timer.row;
      const absl::Duration late_by = absl::Milliseconds(row.lateness_ms.value_or(0));
      const bool is_late = late_by > options_.late_after;
      late += is_late ? 1 : 0;
      lateness_seconds.push_back(absl::ToDoubleSeconds(late_by));
      events.push_back(DeadlineReminderEvent(timer, row.fired_at.value_or(row.fire_at), is_late));
      if (row.reminder_kind == tdkt::v1::REMINDER_KIND_OVERDUE && !row.deadline_id.empty()) overdue.push_back(&row);
    }
    TDKT_RETURN_IF_ERROR(PlanFollowingOverdue(txn, overdue));
    // Last, so that the publishing lock is held for the XADDs, the inserts and the commit only.
    lane.publisher.Lock(txn, /*wait=*/true);
    TDKT_RETURN_IF_ERROR(lane.publisher.PublishUnpublished(txn).status());
    TDKT_RETURN_IF_ERROR(lane.publisher.PublishNew(txn, events).status());
    txn.commit();
    metrics_->fired.Add(static_cast<int64_t>(claimed.size()));
    metrics_->late.Add(late);
    metrics_->claim_batch_size.Observe(static_cast<double>(claimed.size()));
    for (const double seconds : lateness_seconds) metrics_->lateness_seconds.Observe(seconds);
    return static_cast<int>(claimed.size());
  } catch (const std::exception& error) {
    return common::PgErrorToStatus(error, "firing reminders");
  }
}

absl::Status FiringLoop::PlanFollowingOverdue(pqxx::transaction_base& txn,
                                              const std::vector<const TimerRow*>& fired) const {
  const std::set<std::string> running = TimerStore::RunningDeadlines(txn, fired);
  std::vector<TimerStore::FollowingTimer> following;
  const PlannerOnSnapshot planner = calendar_->Planner();
  for (const TimerRow* row : fired) {
    if (!running.contains(row->deadline_id)) continue;
    // After the later of this reminder's instant and now: overdue days missed while every replica was down are
    // not sent in a burst.
    const absl::Time after = std::max(row->fire_at, row->fired_at.value_or(row->fire_at));
    absl::StatusOr<PlannedTimer> next = planner->NextOverdue(row->due_date, after);
    if (!next.ok()) {
      spdlog::error("scheduler: no overdue reminder after timer {}: {}", row->id, std::string(next.status().message()));
      continue;
    }
    following.push_back({row, *next});
  }
  TimerStore::InsertFollowingTimers(txn, following);
  return absl::OkStatus();
}

absl::Duration FiringLoop::RetryDelay(int attempts_before) const {
  absl::Duration delay = options_.first_retry;
  for (int i = 0; i < attempts_before && delay < options_.max_retry; ++i) delay *= 2;
  return std::min(delay, options_.max_retry);
}

absl::StatusOr<bool> FiringLoop::EscalateOne(pqxx::connection_base& connection) {
  try {
    pqxx::work txn(connection);
    const std::optional<TimerRow> timer = TimerStore::ClaimDueEscalation(txn, ClaimNow());
    if (!timer) return false;
    // The row stays locked during the call: another replica skips it, and a crash leaves it pending, to be
    // retried with the same request id (the dossier answers a repeat with the first response).
    EscalationOutcome outcome = escalator_->Escalate(*timer);
    if (outcome.kind == EscalationOutcome::Kind::kRetry) {
      outcome.retry_after = RetryDelay(timer->attempts);
      metrics_->escalation_failures.Add(1);
      spdlog::warn("scheduler: escalation timer {} failed (attempt {}), retry in {}s: {}", timer->id,
                   timer->attempts + 1, absl::ToInt64Seconds(outcome.retry_after), outcome.error);
    } else if (outcome.kind == EscalationOutcome::Kind::kDone) {
      metrics_->escalations.Add(1);
    } else {
      spdlog::info("scheduler: escalation timer {} is stale: {}", timer->id, outcome.error);
    }
    TimerStore::RecordEscalation(txn, timer->id, ClaimNow(), outcome);
    txn.commit();
    return outcome.kind != EscalationOutcome::Kind::kRetry;
  } catch (const std::exception& error) {
    return common::PgErrorToStatus(error, "escalating");
  }
}

void FiringLoop::Start() {
  if (!lanes_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    lanes_.push_back(std::make_unique<Lane>(redis_, publishing_));
    Lane& lane = *lanes_.back();
    lane.thread = std::thread([this, &lane] { Run(lane); });
  }
}

void FiringLoop::Stop() {
  stopping_ = true;
  for (const std::unique_ptr<Lane>& lane : lanes_) lane->thread.join();
  lanes_.clear();
}

void FiringLoop::Wake() {
  for (const std::unique_ptr<Lane>& lane : lanes_) lane->woken = true;
}

void FiringLoop::Sleep(pqxx::connection_base& connection, Lane& lane) {
  absl::Duration sleep = options_.max_sleep;
  {
    pqxx::read_transaction txn(connection);
    const std::optional<TimerStore::NextDue> next = TimerStore::NextPending(txn, ClaimNow());
    lane.sleeping_until = next ? absl::ToUnixMicros(next->at) : INT64_MAX;
    if (next) sleep = std::clamp(next->in, absl::ZeroDuration(), options_.max_sleep);
  }
  // In slices, so that Stop() and Wake() are noticed within one slice.
  constexpr int64_t kSliceMicros = 100'000;
  const absl::Time until = absl::Now() + sleep;
  while (!stopping_ && !lane.woken && absl::Now() < until) {
    const int64_t micros = std::min(kSliceMicros, absl::ToInt64Microseconds(until - absl::Now()));
    connection.await_notification(micros / 1'000'000, micros % 1'000'000);
  }
  lane.woken = false;
}

void FiringLoop::Run(Lane& lane) {
  absl::Duration backoff = absl::ZeroDuration();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    auto lease = pool_->Acquire();
    if (!lease.ok()) {
      spdlog::warn("scheduler firing: {}", std::string(lease.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), absl::Seconds(5));
      continue;
    }
    try {
      NearerTimer listening(**lease, lane.sleeping_until, lane.woken);
      while (!stopping_) {
        absl::StatusOr<int64_t> fired = FireDueOn(**lease, lane);
        if (!fired.ok()) {
          // A deadlock with an event being applied, PostgreSQL or Redis away: try again on a fresh connection.
          spdlog::warn("scheduler firing paused: {}", std::string(fired.status().message()));
          backoff = std::clamp(backoff * 2, absl::Milliseconds(100), absl::Seconds(5));
          break;
        }
        backoff = absl::ZeroDuration();
        Sleep(**lease, lane);
      }
    } catch (const std::exception& error) {
      spdlog::warn("scheduler firing: {}", std::string(common::PgErrorToStatus(error, "firing loop").message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), absl::Seconds(5));
    }
  }
}

}  // namespace tdkt::scheduler
