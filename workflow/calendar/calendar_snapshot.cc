#include "workflow/calendar/calendar_snapshot.h"

#include <utility>

#include "base/status_macros.h"

namespace tdkt::workflow::calendar {

absl::StatusOr<std::shared_ptr<const CalendarSnapshot>> CalendarSnapshot::Build(int64_t version, HolidayData data) {
  TDKT_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, WorkingDayCalendar::Create(data));
  return std::shared_ptr<const CalendarSnapshot>(
      new CalendarSnapshot(version, std::move(data), std::move(calendar)));
}

CalendarHolder::CalendarHolder(std::shared_ptr<const CalendarSnapshot> initial) : current_(std::move(initial)) {}

std::shared_ptr<const CalendarSnapshot> CalendarHolder::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

bool CalendarHolder::Offer(std::shared_ptr<const CalendarSnapshot> next) {
  if (next == nullptr) return false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (next->version() <= current_->version()) return false;
    current_ = next;
  }
  for (const auto& listener : listeners_) listener(*next);
  return true;
}

void CalendarHolder::AddListener(std::function<void(const CalendarSnapshot&)> listener) {
  listeners_.push_back(std::move(listener));
}

}  // namespace tdkt::workflow::calendar
