#include "services/common/calendar_alarm_task.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_join.h"
#include "workflow/calendar/calendar_alarm.h"
#include "workflow/vietnam_time.h"

namespace tdkt::common {

namespace calendar = workflow::calendar;

CalendarAlarmTask::CalendarAlarmTask(std::string service, calendar::CalendarHolder& holder, const base::Clock& clock,
                                     std::atomic<int64_t>* gauge)
    : service_(std::move(service)), holder_(holder), clock_(clock), gauge_(gauge) {
  daily_ = std::make_unique<PeriodicTask>(service_ + ": calendar alarm", absl::Hours(24), [this] {
    Check();
    return absl::OkStatus();
  });
  holder_.AddListener([this](const calendar::CalendarSnapshot& snapshot) { CheckSnapshot(snapshot); });
}

CalendarAlarmTask::~CalendarAlarmTask() { Stop(); }

void CalendarAlarmTask::Start() {
  Check();
  daily_->Start();
}

void CalendarAlarmTask::Stop() { daily_->Stop(); }

int CalendarAlarmTask::Check() { return CheckSnapshot(*holder_.Current()); }

int CalendarAlarmTask::CheckSnapshot(const calendar::CalendarSnapshot& snapshot) {
  const absl::CivilDay today = workflow::VietnamDate(clock_.Now());
  const int uncovered = calendar::UncoveredDays(snapshot.data(), today);
  gauge_->store(uncovered);
  if (uncovered > 0) {
    spdlog::warn(
        "{}: {} of the next {} days fall in {} without an official holiday arrangement in the calendar (version {}); "
        "working days on those days follow the default rules. Store the year's arrangement: tdktctl calendar "
        "set-year FILE",
        service_, uncovered, calendar::kCalendarHorizonDays,
        absl::StrJoin(calendar::UncoveredYears(snapshot.data(), today), ", "), snapshot.version());
  }
  return uncovered;
}

}  // namespace tdkt::common
