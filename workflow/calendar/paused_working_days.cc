#include "workflow/calendar/paused_working_days.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/status_macros.h"

namespace tdkt::workflow::calendar {
namespace {

// Sorted, non-overlapping pauses, each clipped to start no earlier than `from`; empty ones dropped.
absl::StatusOr<std::vector<ClockPause>> Normalize(std::vector<ClockPause> pauses, absl::CivilDay from) {
  for (const ClockPause& pause : pauses) {
    if (pause.resubmitted_on < pause.returned_on) {
      return absl::InvalidArgumentError(absl::StrCat(
          "clock pause resubmitted on ", absl::FormatCivilTime(pause.resubmitted_on),
          " before it was returned on ", absl::FormatCivilTime(pause.returned_on)));
    }
  }
  std::sort(pauses.begin(), pauses.end(), [](const ClockPause& a, const ClockPause& b) {
    return a.returned_on < b.returned_on;
  });
  std::vector<ClockPause> merged;
  for (ClockPause pause : pauses) {
    pause.returned_on = std::max(pause.returned_on, from);
    if (pause.resubmitted_on <= pause.returned_on) continue;
    if (!merged.empty() && pause.returned_on <= merged.back().resubmitted_on) {
      merged.back().resubmitted_on = std::max(merged.back().resubmitted_on, pause.resubmitted_on);
    } else {
      merged.push_back(pause);
    }
  }
  return merged;
}

}  // namespace

absl::StatusOr<absl::CivilDay> AddWorkingDaysWithPauses(const WorkingDayCalendar& calendar,
                                                        absl::CivilDay from, int64_t n,
                                                        std::vector<ClockPause> pauses) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<ClockPause> merged, Normalize(std::move(pauses), from));
  absl::CivilDay cursor = from;
  int64_t remaining = n;
  for (const ClockPause& pause : merged) {
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay candidate, calendar.AddWorkingDays(cursor, remaining));
    if (candidate <= pause.returned_on) return candidate;
    // Fewer than `remaining` working days before the pause: count them, then resume after it.
    TDKT_ASSIGN_OR_RETURN(const int64_t before_pause,
                          calendar.WorkingDaysBetween(cursor, pause.returned_on));
    remaining -= before_pause;
    cursor = pause.resubmitted_on;
  }
  return calendar.AddWorkingDays(cursor, remaining);
}

absl::StatusOr<int64_t> WorkingDaysBetweenWithPauses(const WorkingDayCalendar& calendar,
                                                     absl::CivilDay from, absl::CivilDay to,
                                                     std::vector<ClockPause> pauses) {
  if (to < from) {
    TDKT_ASSIGN_OR_RETURN(const int64_t reversed,
                          WorkingDaysBetweenWithPauses(calendar, to, from, std::move(pauses)));
    return -reversed;
  }
  TDKT_ASSIGN_OR_RETURN(const std::vector<ClockPause> merged, Normalize(std::move(pauses), from));
  TDKT_ASSIGN_OR_RETURN(int64_t total, calendar.WorkingDaysBetween(from, to));
  for (const ClockPause& pause : merged) {
    if (pause.returned_on >= to) break;
    TDKT_ASSIGN_OR_RETURN(const int64_t paused,
                          calendar.WorkingDaysBetween(pause.returned_on, std::min(pause.resubmitted_on, to)));
    total -= paused;
  }
  return total;
}

}  // namespace tdkt::workflow::calendar
