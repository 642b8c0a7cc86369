#include "services/dossier/deadline_recalculator.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"

namespace tdkt::dossier {
namespace {

constexpr int kPageSize = 200;

}  // namespace

DeadlineRecalculator::DeadlineRecalculator(const CalendarStore& store, const TransitionRunner& runner)
    : store_(store), runner_(runner) {}

absl::StatusOr<RecalculationCounts> DeadlineRecalculator::Run(
    std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar) const {
  RecalculationCounts counts;
  const int64_t version = calendar->version();
  StaleCursor cursor;
  while (true) {
    TDKT_ASSIGN_OR_RETURN(const std::vector<StaleDeadline> page, store_.StaleDeadlines(version, cursor, kPageSize));
    if (page.empty()) break;
    std::vector<StaleDeadline> unchanged;
    for (const StaleDeadline& stale : page) {
      cursor = StaleCursor{stale.record.calendar_version, stale.dossier_id};
      const absl::StatusOr<absl::CivilDay> due = CountDueDate(calendar->calendar(), stale.record);
      if (!due.ok()) {
        spdlog::error("dossier: calendar version {}: the deadline of dossier {} cannot be counted: {}", version,
                      stale.dossier_id, std::string(due.status().message()));
        ++counts.failed;
        continue;
      }
      if (*due == stale.record.due_date) {
        unchanged.push_back(stale);
        continue;
      }
      const std::string note =
          absl::StrCat(kRecalculationNote, ": ", base::FormatIsoDate(stale.record.due_date), " → ",
                       base::FormatIsoDate(*due), " (lịch nghỉ phiên bản ", version, ")");
      const absl::Status done = runner_.RecalculateDeadline(stale.dossier_id, stale.dossier_version, calendar, note);
      if (done.ok()) {
        ++counts.recomputed;
      } else if (absl::IsAborted(done) || absl::IsFailedPrecondition(done) || absl::IsNotFound(done)) {
        ++counts.deferred;  // the dossier moved on since it was read
      } else {
        return done;
      }
    }
    TDKT_ASSIGN_OR_RETURN(const int64_t confirmed, store_.ConfirmDeadlines(unchanged, version));
    counts.confirmed += confirmed;
    counts.deferred += static_cast<int64_t>(unchanged.size()) - confirmed;
  }
  if (counts.recomputed + counts.confirmed + counts.deferred + counts.failed > 0) {
    spdlog::info(
        "dossier: calendar version {}: {} deadlines recomputed, {} keep their due date, {} left for the next pass, "
        "{} cannot be counted",
        version, counts.recomputed, counts.confirmed, counts.deferred, counts.failed);
  }
  return counts;
}

}  // namespace tdkt::dossier
