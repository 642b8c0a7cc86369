#pragma once
// CalendarAlarmTask: the calendar alarm (workflow/calendar/calendar_alarm.h) of one process that counts working
// days — the dossier service and the scheduler. At Start, then daily, and after every calendar swap of the
// process's CalendarHolder, it counts the days of the next 60 (in Vietnam) that fall in a year without an
// official arrangement, writes the count to the process's gauge (its metric) and, when there are any, logs a
// warning naming the years and the way to fix it.
//
//   CalendarAlarmTask alarm("dossier", holder, clock, &uncovered_days_gauge);
//   alarm.Start();  // checks now, then every 24 hours and after every swap
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "services/common/periodic_task.h"
#include "workflow/calendar/calendar_snapshot.h"

namespace tdkt::common {

class CalendarAlarmTask {
 public:
  // `holder`, `clock` and `gauge` must outlive the task. The task listens to `holder`'s swaps from construction
  // on (construct it before other threads offer snapshots).
  CalendarAlarmTask(std::string service, workflow::calendar::CalendarHolder& holder, const base::Clock& clock,
                    std::atomic<int64_t>* gauge);
  ~CalendarAlarmTask();
  CalendarAlarmTask(const CalendarAlarmTask&) = delete;
  CalendarAlarmTask& operator=(const CalendarAlarmTask&) = delete;

  void Start();
  void Stop();

  // Counts and logs now, for the holder's current snapshot; returns the count.
  int Check();

 private:
  int CheckSnapshot(const workflow::calendar::CalendarSnapshot& snapshot);

  const std::string service_;
  workflow::calendar::CalendarHolder& holder_;
  const base::Clock& clock_;
  std::atomic<int64_t>* const gauge_;
  std::unique_ptr<PeriodicTask> daily_;
};

}  // namespace tdkt::common
