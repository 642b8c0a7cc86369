#pragma once
// DeadlineRecalculator: after a calendar change, brings every open (running or paused) deadline to the current
// calendar version. It walks the deadlines whose calendar_version is below the snapshot's (CalendarStore::
// StaleDeadlines) and counts each due date again with the new calendar (CountDueDate):
//  - the same due date: the deadline is only marked as checked against the new version (ConfirmDeadlines), no
//    transition — the dossier, its history and its events stay as they are;
//  - another due date: TransitionRunner::RecalculateDeadline, one transition of its own per dossier (version bump,
//    history entry kRecalculationNote with both dates, DEADLINE_SET — DEADLINE_PAUSED for a paused deadline).
// Idempotent and resumable: what a pass has done carries the new version, so a pass interrupted by a crash leaves
// the rest for the next one, and a second pass finds nothing to do. A dossier that changed while the pass read it
// (ABORTED) is left to the next pass, which reads it again; so is a deadline a replica still on the old calendar
// wrote meanwhile (it carries the old version).
//
//   DeadlineRecalculator recalculator(calendar_store, runner);
//   TDKT_ASSIGN_OR_RETURN(RecalculationCounts counts, recalculator.Run(holder.Current()));
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "services/dossier/calendar_store.h"
#include "services/dossier/transition_runner.h"
#include "workflow/calendar/calendar_snapshot.h"

namespace tdkt::dossier {

struct RecalculationCounts {
  int64_t recomputed = 0;  // transitions written (the due date moved)
  int64_t confirmed = 0;   // deadlines whose due date stays
  int64_t deferred = 0;    // dossiers that changed meanwhile: the next pass looks again
  int64_t failed = 0;      // deadlines that cannot be counted (a date beyond the calendar): logged
};

class DeadlineRecalculator {
 public:
  // Both must outlive the recalculator.
  DeadlineRecalculator(const CalendarStore& store, const TransitionRunner& runner);

  // One pass with `calendar`. Stops at the first error the next pass may not get past by itself (PostgreSQL
  // down: UNAVAILABLE).
  absl::StatusOr<RecalculationCounts> Run(std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar) const;

 private:
  const CalendarStore& store_;
  const TransitionRunner& runner_;
};

}  // namespace tdkt::dossier
