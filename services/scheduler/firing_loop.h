#pragma once
// FiringLoop: fires due timers, on `threads` threads of its own (each with its own connection), on any number of
// replicas at once.
//
// One pass: claim up to `batch_size` due reminder timers (FOR UPDATE SKIP LOCKED, so replicas never claim the
// same row), and in the same transaction mark each fired with its lateness, plan the next overdue reminder of an
// overdue one, and write its DEADLINE_REMINDER event to scheduler.outbox — published by the transaction itself:
// it takes the outbox's publishing lock, publishes what still waits there, XADDs its own events and inserts their
// rows as published (common::OutboxPublisher), then commits. The relay (common::OutboxRelay) is only the
// fallback, for rows a firing transaction left waiting. A fired reminder thus costs two row writes (the timer, its
// outbox row) instead of three (the relay's marking of the row as published), the bound of the 1M-timer benchmark
// (bench/RESULTS.md). If Redis fails, the transaction rolls back and the timers fire on a later pass (late, and
// marked so), exactly as if the replica had been down; an XADD whose reply was lost may leave a duplicate entry,
// which consumers drop by event id, as they do for the relay's. Repeat while batches come back full. Then due
// escalation timers, one transaction each (claim, EscalateDossier, record the outcome; failures retried with
// exponential backoff, attempts and last error on the row) — also while Redis is away. Then sleep until the next
// due instant — no polling — waking early when a statement commits a nearer timer (LISTEN scheduler_timers; the
// payload is its instant), on Wake(), or after `max_sleep` at the latest (in case a notification is lost).
//
// Time: "due" is decided inside the claiming SQL. With ClaimClock::kDatabase (production) it is now() of the
// database, so a reminder never fires before its instant by the database clock, whatever the replica's own
// clock says. With ClaimClock::kInjected the claim instant is `clock.Now()` (tests drive the loop with a
// base::FakeClock: advance it, then Wake()). Timers that fell due while every replica was down fire on the
// first pass after start, once each, with their lateness recorded and `late` set beyond `late_after`.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/outbox_publisher.h"
#include "services/common/pg_pool.h"
#include "services/scheduler/escalator.h"
#include "services/scheduler/scheduler_metrics.h"
#include "services/scheduler/scheduler_calendar.h"
#include "services/scheduler/timer_store.h"

namespace pqxx {
class connection_base;
class transaction_base;
}  // namespace pqxx

namespace tdkt::scheduler {

enum class ClaimClock { kDatabase, kInjected };

struct FiringOptions {
  ClaimClock claim_clock = ClaimClock::kDatabase;
  int batch_size = 500;
  absl::Duration late_after = absl::Minutes(1);
  absl::Duration max_sleep = absl::Minutes(5);
  // Firing threads: claims overlap with the other thread's commits and event building (with 2 on 2 cores one
  // replica fires about as fast as two replicas of one).
  int threads = 2;
  absl::Duration first_retry = absl::Seconds(30);  // escalation backoff: doubles per attempt up to max_retry
  absl::Duration max_retry = absl::Hours(1);
};

class FiringLoop {
 public:
  // `pool` is the loop's own (`threads` connections: each thread holds one, and LISTENs on it); each thread has
  // its own Redis connection to `redis` and publishes with `publishing`. `escalator` may be null when escalation is
  // off. Everything must outlive the loop.
  FiringLoop(common::PgPool* pool, common::RedisEndpoint redis, common::OutboxPublisherOptions publishing,
             const SchedulerCalendar* calendar, Escalator* escalator, const base::Clock* clock,
             SchedulerMetrics* metrics, FiringOptions options);
  ~FiringLoop();
  FiringLoop(const FiringLoop&) = delete;
  FiringLoop& operator=(const FiringLoop&) = delete;

  void Start();
  void Stop();
  // Re-examines the timers now (after a test moved the injected clock).
  void Wake();

 private:
  // One firing thread's own state.
  struct Lane {
    explicit Lane(const common::RedisEndpoint& redis, const common::OutboxPublisherOptions& publishing)
        : publisher(redis, publishing) {}
    common::OutboxPublisher publisher;
    // Unix micros of the instant it sleeps until (timer time); a notification of an earlier one wakes it.
    std::atomic<int64_t> sleeping_until{0};
    std::atomic<bool> woken{false};
    std::thread thread;
  };

  std::optional<absl::Time> ClaimNow() const;
  // Fires what is due (reminders, then escalations) and returns how many timers fired.
  absl::StatusOr<int64_t> FireDueOn(pqxx::connection_base& connection, Lane& lane);
  absl::StatusOr<int> FireReminderBatch(pqxx::connection_base& connection, Lane& lane);
  // Overdue reminders are open-ended: the next one of each fired overdue timer whose deadline still runs.
  absl::Status PlanFollowingOverdue(pqxx::transaction_base& txn, const std::vector<const TimerRow*>& fired) const;
  absl::StatusOr<bool> EscalateOne(pqxx::connection_base& connection);
  absl::Duration RetryDelay(int attempts_before) const;
  void Run(Lane& lane);
  // Sleeps until the next due instant, a nearer timer's notification, Wake(), Stop() or max_sleep.
  void Sleep(pqxx::connection_base& connection, Lane& lane);

  common::PgPool* pool_;
  const common::RedisEndpoint redis_;
  const common::OutboxPublisherOptions publishing_;
  const SchedulerCalendar* calendar_;  // plans with its current snapshot
  Escalator* escalator_;
  const base::Clock* clock_;
  SchedulerMetrics* metrics_;
  const FiringOptions options_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Lane>> lanes_;  // while started
};

}  // namespace tdkt::scheduler
