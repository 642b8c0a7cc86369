#pragma once
// SchedulerCalendar: the working-day calendar the scheduler plans with, following the calendar the dossier service
// stores (calendar.proto) without a restart.
//
//  - At start: the current calendar through the scheduler's gRPC link to the dossier service
//    (CalendarService.GetCalendar, as its service account); only when that fails, data/holidays/ — said in the log
//    — as version 0, which any stored version replaces.
//  - A CALENDAR_CHANGED event carries the whole new calendar: Offer swaps it in (DeadlineApplier).
//  - A deadline event counted with a newer calendar version than this replica holds (another replica consumed the
//    CALENDAR_CHANGED event: a consumer group hands each event to one replica) first fetches the current one
//    (EnsureAtLeast), so that no timer is planned with an older calendar than its due date was counted with.
//  - Every refresh_interval it fetches anyway, for the firing loop and the API of a replica that sees no events.
// The snapshot is swapped under concurrent readers (workflow/calendar/calendar_snapshot.h): each batch of events,
// firing pass and API call plans with ONE snapshot, through Planner().
//
//   SchedulerCalendar calendar(fetcher, {.hour = 8}, /*escalate=*/true, clock);
//   ExitOnError(calendar.Start(data_dir));
//   const PlannerOnSnapshot planner = calendar.Planner();
//   TDKT_ASSIGN_OR_RETURN(std::vector<PlannedTimer> timers, planner->Plan(due, after));
#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/calendar_alarm_task.h"
#include "services/common/periodic_task.h"
#include "services/scheduler/calendar_fetcher.h"
#include "services/scheduler/timer_plan.h"
#include "workflow/calendar/calendar_snapshot.h"

namespace tdkt::scheduler {

// A TimerPlanner on one calendar snapshot, which it keeps alive.
struct PlannerOnSnapshot {
  std::shared_ptr<const workflow::calendar::CalendarSnapshot> snapshot;
  TimerPlanner planner;

  const TimerPlanner* operator->() const { return &planner; }
};

class SchedulerCalendar {
 public:
  // `fetcher` may be null (no dossier link: data/holidays/ only). `fetcher`, `clock` and `gauge` must outlive it.
  SchedulerCalendar(CalendarFetcher* fetcher, workflow::reminders::ReminderPolicy policy, bool escalate,
                    const base::Clock& clock, std::atomic<int64_t>* uncovered_days_gauge,
                    absl::Duration refresh_interval = absl::Minutes(1));
  ~SchedulerCalendar();

  // The first calendar (see above). Errors only when neither the dossier nor data_dir/holidays gives one.
  absl::Status Load(const std::string& data_dir);
  // The calendar alarm and the periodic refresh.
  void Start();
  void Stop();

  // A planner on the current calendar.
  PlannerOnSnapshot Planner() const;
  // The current snapshot.
  std::shared_ptr<const workflow::calendar::CalendarSnapshot> Current() const { return holder_->Current(); }

  // Swaps in `calendar` (a CALENDAR_CHANGED event's) when newer. INVALID_ARGUMENT when it does not check.
  absl::Status Offer(const tdkt::v1::Calendar& calendar);
  // Fetches the current calendar when the one held is older than `version`; UNAVAILABLE when it stays older (the
  // caller retries later). Without a fetcher: OK with a warning (nothing newer can be had).
  absl::Status EnsureAtLeast(int64_t version);
  // Fetches the current calendar and swaps it in when newer.
  absl::Status Refresh();

 private:
  CalendarFetcher* fetcher_;
  const workflow::reminders::ReminderPolicy policy_;
  const bool escalate_;
  const base::Clock& clock_;
  std::atomic<int64_t>* gauge_;
  const absl::Duration refresh_interval_;
  std::unique_ptr<workflow::calendar::CalendarHolder> holder_;
  std::unique_ptr<common::CalendarAlarmTask> alarm_;
  std::unique_ptr<common::PeriodicTask> refresh_;
};

}  // namespace tdkt::scheduler
