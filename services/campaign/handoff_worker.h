#pragma once
// HandoffWorker: tells the scheduler what campaign.handoff holds — creates, changes and cancels campaign
// deadlines and marks them done for organisations that have registered — as the campaign service's own account.
//
// One handoff at a time, in a transaction that holds its row (FOR UPDATE SKIP LOCKED: replicas share the work,
// each campaign's handoffs run in order). The request id is derived from the row (HandoffRequestId), so a call
// whose reply was lost, or whose result could not be recorded, is the same request when it is sent again and
// the scheduler answers it once. The scheduler down (UNAVAILABLE, a timeout, any error that may pass) delays the
// handoff with a growing backoff and loses none; a refusal that retrying cannot change (INVALID_ARGUMENT,
// FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS, a version conflict on a change) ends it as FAILED, with the
// scheduler's message for operators, and the campaign shows it on the due date.
//
//   HandoffWorker worker(pool, scheduler_channel, [&] { return session.AccessToken(); }, &metrics, {});
//   worker.Start();   // a thread: runs what is due, sleeps until the next attempt or Wake()
//   worker.Wake();    // after a commit that queued handoffs
//   worker.Stop();
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pg_pool.h"

namespace grpc {
class Channel;
}

namespace tdkt::campaign {

struct HandoffWorkerOptions {
  absl::Duration first_backoff = absl::Seconds(1);  // doubled after each failed attempt …
  absl::Duration max_backoff = absl::Minutes(1);    // … up to this
  absl::Duration poll = absl::Seconds(30);          // the longest sleep without a wake-up (another replica's rows)
  absl::Duration call_timeout = absl::Seconds(5);
};

// Counters since start, for the metrics port.
struct HandoffCounters {
  std::atomic<int64_t> done{0};      // finished DONE or NOT_NEEDED
  std::atomic<int64_t> retried{0};   // attempts that failed and will be retried
  std::atomic<int64_t> failed{0};    // finished FAILED
};

class HandoffWorker {
 public:
  using TokenSource = std::function<absl::StatusOr<std::string>()>;

  HandoffWorker(common::PgPool* pool, std::shared_ptr<grpc::Channel> scheduler, TokenSource access_token,
                HandoffCounters* counters, HandoffWorkerOptions options);
  ~HandoffWorker();
  HandoffWorker(const HandoffWorker&) = delete;
  HandoffWorker& operator=(const HandoffWorker&) = delete;

  void Start();
  void Stop();
  void Wake();

  // Runs every handoff that may run now, each to its end or its next retry: how many attempts were made.
  // Errors of PostgreSQL are returned (the thread logs them and tries again later). For tests, with the thread
  // stopped.
  absl::StatusOr<int> RunDue() { return RunDue(/*until_stopped=*/false); }

 private:
  struct Scheduler;
  absl::StatusOr<int> RunDue(bool until_stopped);
  // One attempt at the next handoff that may run; false when none may.
  absl::StatusOr<bool> RunOne();
  void Loop();

  common::PgPool* pool_;
  std::unique_ptr<Scheduler> scheduler_;
  TokenSource access_token_;
  HandoffCounters* counters_;
  const HandoffWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace tdkt::campaign
