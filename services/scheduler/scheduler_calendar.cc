#include "services/scheduler/scheduler_calendar.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::scheduler {

namespace calendar = workflow::calendar;

SchedulerCalendar::SchedulerCalendar(CalendarFetcher* fetcher, workflow::reminders::ReminderPolicy policy,
                                     bool escalate, const base::Clock& clock, std::atomic<int64_t>* gauge,
                                     absl::Duration refresh_interval)
    : fetcher_(fetcher),
      policy_(policy),
      escalate_(escalate),
      clock_(clock),
      gauge_(gauge),
      refresh_interval_(refresh_interval) {}

SchedulerCalendar::~SchedulerCalendar() { Stop(); }

absl::Status SchedulerCalendar::Load(const std::string& data_dir) {
  std::shared_ptr<const calendar::CalendarSnapshot> first;
  std::string why_not;
  if (fetcher_ == nullptr) {
    why_not = "no dossier service address (--dossier-addr)";
  } else if (absl::StatusOr<tdkt::v1::Calendar> fetched = fetcher_->Fetch(); !fetched.ok()) {
    why_not = std::string(fetched.status().message());
  } else {
    absl::StatusOr<std::shared_ptr<const calendar::CalendarSnapshot>> built =
        workflow::loader::CalendarSnapshotFromMessages(fetched->version(), fetched->years(),
                                                       fetched->optional_holidays());
    if (built.ok()) {
      first = *std::move(built);
      spdlog::info("scheduler: calendar version {} from the dossier service", first->version());
    } else {
      why_not = std::string(built.status().message());
    }
  }
  if (first == nullptr) {
    const std::string dir = data_dir + "/holidays";
    TDKT_ASSIGN_OR_RETURN(calendar::HolidayData data, workflow::loader::LoadHolidays(dir));
    TDKT_ASSIGN_OR_RETURN(first, calendar::CalendarSnapshot::Build(0, std::move(data)));
    spdlog::warn(
        "scheduler: the stored calendar could not be fetched from the dossier service ({}); planning with {} until "
        "it can be (the first deadline event counted with a stored calendar, a CALENDAR_CHANGED event or the "
        "refresh every {} fetches it)",
        why_not, dir, absl::FormatDuration(refresh_interval_));
  }
  holder_ = std::make_unique<calendar::CalendarHolder>(std::move(first));
  alarm_ = std::make_unique<common::CalendarAlarmTask>("scheduler", *holder_, clock_, gauge_);
  holder_->AddListener([](const calendar::CalendarSnapshot& snapshot) {
    spdlog::info("scheduler: now planning with calendar version {}", snapshot.version());
  });
  if (fetcher_ != nullptr) {
    refresh_ = std::make_unique<common::PeriodicTask>("scheduler: calendar refresh", refresh_interval_,
                                                      [this] { return Refresh(); });
  }
  return absl::OkStatus();
}

void SchedulerCalendar::Start() {
  if (alarm_) alarm_->Start();
  if (refresh_) refresh_->Start();
}

void SchedulerCalendar::Stop() {
  if (refresh_) refresh_->Stop();
  if (alarm_) alarm_->Stop();
}

PlannerOnSnapshot SchedulerCalendar::Planner() const {
  std::shared_ptr<const calendar::CalendarSnapshot> snapshot = holder_->Current();
  const calendar::WorkingDayCalendar& working_days = snapshot->calendar();
  return PlannerOnSnapshot{std::move(snapshot), TimerPlanner(working_days, policy_, escalate_)};
}

absl::Status SchedulerCalendar::Offer(const tdkt::v1::Calendar& stored) {
  if (stored.version() <= holder_->Current()->version()) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(std::shared_ptr<const calendar::CalendarSnapshot> snapshot,
                        workflow::loader::CalendarSnapshotFromMessages(stored.version(), stored.years(),
                                                                       stored.optional_holidays()));
  holder_->Offer(std::move(snapshot));
  return absl::OkStatus();
}

absl::Status SchedulerCalendar::Refresh() {
  if (fetcher_ == nullptr) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Calendar fetched, fetcher_->Fetch());
  return Offer(fetched);
}

absl::Status SchedulerCalendar::EnsureAtLeast(int64_t version) {
  if (holder_->Current()->version() >= version) return absl::OkStatus();
  if (fetcher_ == nullptr) {
    spdlog::warn("scheduler: calendar version {} needed, only version {} here and no dossier service to ask", version,
                 holder_->Current()->version());
    return absl::OkStatus();
  }
  TDKT_RETURN_IF_ERROR(Refresh());
  if (holder_->Current()->version() < version) {
    return absl::UnavailableError(absl::StrCat("calendar version ", version, " needed, the dossier service gave ",
                                               holder_->Current()->version()));
  }
  return absl::OkStatus();
}

}  // namespace tdkt::scheduler
