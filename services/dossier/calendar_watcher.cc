#include "services/dossier/calendar_watcher.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "base/status_macros.h"
#include "services/common/pg_errors.h"
#include "services/common/pg_pool.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::dossier {
namespace {

constexpr char kChannel[] = "dossier_calendar";

// LISTEN for the duration of the receiver; the payload (the new version) is not used: the table is the truth.
class CalendarNotifications final : public pqxx::notification_receiver {
 public:
  explicit CalendarNotifications(pqxx::connection_base& connection)
      : pqxx::notification_receiver(connection, kChannel) {}
  void operator()(const std::string&, int) override {}
};

}  // namespace

absl::StatusOr<std::shared_ptr<const workflow::calendar::CalendarSnapshot>> SnapshotOf(
    const tdkt::v1::Calendar& calendar) {
  return workflow::loader::CalendarSnapshotFromMessages(calendar.version(), calendar.years(),
                                                        calendar.optional_holidays());
}

CalendarWatcher::CalendarWatcher(common::PgPool* listen_pool, const CalendarStore& store,
                                 workflow::calendar::CalendarHolder& holder, const DeadlineRecalculator& recalculator,
                                 CalendarWatcherOptions options)
    : listen_pool_(listen_pool), store_(store), holder_(holder), recalculator_(recalculator), options_(options) {}

CalendarWatcher::~CalendarWatcher() { Stop(); }

void CalendarWatcher::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void CalendarWatcher::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<int64_t> CalendarWatcher::Refresh() {
  TDKT_ASSIGN_OR_RETURN(const int64_t stored, store_.Version());
  const int64_t held = holder_.Current()->version();
  if (stored <= held) return held;
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Calendar calendar, store_.Load());
  TDKT_ASSIGN_OR_RETURN(std::shared_ptr<const workflow::calendar::CalendarSnapshot> snapshot, SnapshotOf(calendar));
  if (holder_.Offer(snapshot)) {
    spdlog::info("dossier: now counting working days with calendar version {} (was {})", snapshot->version(), held);
  }
  return holder_.Current()->version();
}

absl::StatusOr<RecalculationCounts> CalendarWatcher::CatchUp() {
  std::lock_guard<std::mutex> lock(pass_mutex_);
  TDKT_RETURN_IF_ERROR(Refresh().status());
  return recalculator_.Run(holder_.Current());
}

void CalendarWatcher::Run() {
  // In slices, so that Stop() is noticed soon.
  constexpr int64_t kSliceMicros = 200'000;
  if (listen_pool_ == nullptr) {  // no connection of its own: poll only
    while (!stopping_) {
      if (absl::StatusOr<RecalculationCounts> caught_up = CatchUp(); !caught_up.ok()) {
        spdlog::warn("dossier calendar watcher: {}", std::string(caught_up.status().message()));
      }
      const absl::Time until = absl::Now() + options_.poll_interval;
      while (!stopping_ && absl::Now() < until) {
        absl::SleepFor(std::min(absl::Microseconds(kSliceMicros), until - absl::Now()));
      }
    }
    return;
  }
  absl::Duration backoff = absl::ZeroDuration();
  while (!stopping_) {
    if (backoff > absl::ZeroDuration()) absl::SleepFor(backoff);
    auto lease = listen_pool_->Acquire();
    if (!lease.ok()) {
      spdlog::warn("dossier calendar watcher: {}", std::string(lease.status().message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
      continue;
    }
    try {
      CalendarNotifications listening(**lease);
      while (!stopping_) {
        if (absl::StatusOr<RecalculationCounts> caught_up = CatchUp(); !caught_up.ok()) {
          spdlog::warn("dossier calendar watcher: {}", std::string(caught_up.status().message()));
        }
        backoff = absl::ZeroDuration();
        const absl::Time until = absl::Now() + options_.poll_interval;
        while (!stopping_ && absl::Now() < until) {
          const int64_t micros = std::min(kSliceMicros, absl::ToInt64Microseconds(until - absl::Now()));
          if ((**lease).await_notification(micros / 1'000'000, micros % 1'000'000) > 0) break;
        }
      }
    } catch (const std::exception& error) {
      spdlog::warn("dossier calendar watcher: {}",
                   std::string(common::PgErrorToStatus(error, "calendar watcher").message()));
      backoff = std::clamp(backoff * 2, absl::Milliseconds(100), options_.max_backoff);
    }
  }
}

}  // namespace tdkt::dossier
