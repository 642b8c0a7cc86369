#pragma once
// Working-day arithmetic with the clock paused: while a dossier is returned for supplement (trả lại để bổ
// sung) its appraisal clock stops, and its due date moves later by the working days it was paused.
//
// A pause {returned_on, resubmitted_on} stops the clock for the working days in (returned_on,
// resubmitted_on]: the day of the return still counts (the level worked on the dossier that day), and
// counting resumes the day after resubmission, exactly as it starts the day after receipt. Pauses may be
// given in any order and may overlap; parts before `from` change nothing.
//
//   // received Mon 2025-03-03, 10 working days, returned Wed 5/3, resubmitted Mon 10/3 (3 paused days):
//   AddWorkingDaysWithPauses(calendar, {2025, 3, 3}, 10, {{{2025, 3, 5}, {2025, 3, 10}}});  // 2025-03-20
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/calendar/working_day_calendar.h"

namespace tdkt::workflow::calendar {

struct ClockPause {
  absl::CivilDay returned_on;
  absl::CivilDay resubmitted_on;  // ≥ returned_on; a pause still open has no due date yet
};

// The n-th counted working day after `from`, skipping the paused working days. INVALID_ARGUMENT for a pause
// that ends before it starts, and as WorkingDayCalendar::AddWorkingDays.
absl::StatusOr<absl::CivilDay> AddWorkingDaysWithPauses(const WorkingDayCalendar& calendar,
                                                        absl::CivilDay from, int64_t n,
                                                        std::vector<ClockPause> pauses);

// The counted working days in (from, to] (not paused); minus those in (to, from] when to < from.
absl::StatusOr<int64_t> WorkingDaysBetweenWithPauses(const WorkingDayCalendar& calendar,
                                                     absl::CivilDay from, absl::CivilDay to,
                                                     std::vector<ClockPause> pauses);

}  // namespace tdkt::workflow::calendar
