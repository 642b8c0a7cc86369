#pragma once
// CalendarSnapshot and CalendarHolder: the working-day calendar as a process holds it while it may change under
// it (the stored calendar is operational data: docs/architecture.md, "The calendar").
//
// A CalendarSnapshot is immutable: one version of the stored calendar, the holiday data it was built from and
// the WorkingDayCalendar built from that data. A CalendarHolder keeps the process's current snapshot and swaps in
// a newer one under concurrent readers. A reader takes ONE snapshot for a whole piece of work (a transition, a
// batch of deadline events) and keeps it alive with its shared_ptr, so that nothing it computes mixes two
// calendars and a swap never frees a calendar someone still reads.
//
//   CalendarHolder holder(*CalendarSnapshot::Build(/*version=*/0, holiday_data));
//   const std::shared_ptr<const CalendarSnapshot> calendar = holder.Current();
//   TDKT_ASSIGN_OR_RETURN(absl::CivilDay due, calendar->calendar().AddWorkingDays(received_on, 10));
//   holder.Offer(*CalendarSnapshot::Build(7, newer_data));  // swapped: version 7 > 0
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/calendar/holiday_rules.h"
#include "workflow/calendar/working_day_calendar.h"

namespace tdkt::workflow::calendar {

class CalendarSnapshot {
 public:
  // `version` 0 stands for a calendar that is not (yet) the stored one: data/holidays/ read at start when the
  // stored calendar could not be fetched. INVALID_ARGUMENT as WorkingDayCalendar::Create.
  static absl::StatusOr<std::shared_ptr<const CalendarSnapshot>> Build(int64_t version, HolidayData data);

  int64_t version() const { return version_; }
  const HolidayData& data() const { return data_; }
  const WorkingDayCalendar& calendar() const { return calendar_; }

 private:
  CalendarSnapshot(int64_t version, HolidayData data, WorkingDayCalendar calendar)
      : version_(version), data_(std::move(data)), calendar_(std::move(calendar)) {}

  const int64_t version_;
  const HolidayData data_;
  const WorkingDayCalendar calendar_;
};

class CalendarHolder {
 public:
  // `initial` must not be null.
  explicit CalendarHolder(std::shared_ptr<const CalendarSnapshot> initial);
  CalendarHolder(const CalendarHolder&) = delete;
  CalendarHolder& operator=(const CalendarHolder&) = delete;

  // The current snapshot; never null. Thread-safe.
  std::shared_ptr<const CalendarSnapshot> Current() const;

  // Installs `next` when its version is higher than the current one's, then tells the listeners (outside the
  // lock, on the caller's thread). Returns whether it did: an older or equal version changes nothing, so that
  // two sources racing (an event and a fetch) never move the calendar backwards. Thread-safe.
  bool Offer(std::shared_ptr<const CalendarSnapshot> next);

  // Called after every swap with the new snapshot (e.g. the calendar alarm checks again). Add listeners before
  // other threads offer snapshots.
  void AddListener(std::function<void(const CalendarSnapshot&)> listener);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const CalendarSnapshot> current_;  // guarded by mutex_
  std::vector<std::function<void(const CalendarSnapshot&)>> listeners_;
};

}  // namespace tdkt::workflow::calendar
