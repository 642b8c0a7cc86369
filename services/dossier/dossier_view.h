#pragma once
// The API's view of a stored dossier: tdkt.v1.Dossier from a dossier row and its live deadline, and
// tdkt.v1.HistoryEntry from a history row. The nominee's ID number is included only when the caller may see it
// (otherwise it is blank and personal_data_redacted is set), and who of an open ballot's members has voted only
// when the caller runs the ballot (workflow/visibility.h decides both).
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/dossier/deadline_calculator.h"
#include "services/dossier/dossier_store.h"
#include "tdkt/v1/dossier.pb.h"
#include "workflow/actor.h"
#include "workflow/calendar/working_day_calendar.h"

namespace tdkt::dossier {

struct ViewOptions {
  const std::vector<workflow::OrgLevel>& level_of;  // chain level index → organisation level
  const workflow::calendar::WorkingDayCalendar& calendar;
  absl::Time now;
  bool show_personal_data = false;
  bool show_ballot_participation = false;
};

tdkt::v1::Dossier ToProtoDossier(const DossierRow& row, const std::optional<DeadlineRecord>& deadline,
                                 const ViewOptions& options);

// Every ballot round of the dossier, oldest first, the open one last: the council's record of each (for the
// minutes), never how anyone voted; the counts of closed rounds only; who has voted in the open round only where
// `show_open_participation` (workflow::Visibility::ballot_participation).
std::vector<tdkt::v1::VoteSummary> ToProtoVotes(const workflow::DossierSnapshot& snapshot,
                                                const std::vector<workflow::OrgLevel>& level_of,
                                                bool show_open_participation);

// INTERNAL when the stored payload is not the JSON the runner wrote.
absl::StatusOr<tdkt::v1::HistoryEntry> ToProtoHistoryEntry(const EventRow& row,
                                                           const std::vector<workflow::OrgLevel>& level_of);

}  // namespace tdkt::dossier
