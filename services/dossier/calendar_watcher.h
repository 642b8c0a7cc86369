#pragma once
// CalendarWatcher: keeps one dossier replica on the current stored calendar, and the open deadlines on it.
//
// Its thread LISTENs on `dossier_calendar` (migration 012: NOTIFY at the commit of every calendar change) on a
// connection of its own. On each notification, and at least every poll_interval (a lost notification, a
// reconnect), it catches up: reads the stored version and, when it is newer than the holder's, loads the calendar
// and swaps it into the CalendarHolder (every transition from then on counts with it); then it runs one
// DeadlineRecalculator pass for the current version — the deadlines still below it: moved by the change, or written
// meanwhile by a replica still on the old calendar. Every replica does this; a pass that finds nothing costs one
// index lookup, and two replicas' passes over the same dossier write it once (the dossier's row lock, its version
// and the recomputation's request id).
//
//   CalendarWatcher watcher(listen_pool, calendar_store, holder, recalculator, {});
//   watcher.Start();
//   …
//   watcher.Stop();
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/dossier/calendar_store.h"
#include "services/dossier/deadline_recalculator.h"
#include "workflow/calendar/calendar_snapshot.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::dossier {

struct CalendarWatcherOptions {
  absl::Duration poll_interval = absl::Seconds(10);
  absl::Duration max_backoff = absl::Seconds(5);
};

class CalendarWatcher {
 public:
  // Every argument must outlive the watcher; `listen_pool` is the watcher's own (one connection, it LISTENs), or
  // null: the watcher then only polls, every poll_interval, through the store's pool.
  CalendarWatcher(common::PgPool* listen_pool, const CalendarStore& store, workflow::calendar::CalendarHolder& holder,
                  const DeadlineRecalculator& recalculator, CalendarWatcherOptions options);
  ~CalendarWatcher();
  CalendarWatcher(const CalendarWatcher&) = delete;
  CalendarWatcher& operator=(const CalendarWatcher&) = delete;

  void Start();
  void Stop();

  // Loads the stored calendar and swaps it in when newer than the holder's; returns the holder's version after.
  absl::StatusOr<int64_t> Refresh();

  // Refresh, then one recalculation pass for the current version (one pass at a time in this process).
  absl::StatusOr<RecalculationCounts> CatchUp();

 private:
  void Run();

  common::PgPool* listen_pool_;
  const CalendarStore& store_;
  workflow::calendar::CalendarHolder& holder_;
  const DeadlineRecalculator& recalculator_;
  const CalendarWatcherOptions options_;
  std::mutex pass_mutex_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// The snapshot of a stored calendar (every year checked again, workflow/loader/year_arrangement_check.h).
absl::StatusOr<std::shared_ptr<const workflow::calendar::CalendarSnapshot>> SnapshotOf(
    const tdkt::v1::Calendar& calendar);

}  // namespace tdkt::dossier
