#pragma once
// GuardCommand: what the API adds to a workflow command, checked and resolved against the loaded dossier before
// the state machine runs. The state machine leaves these to its caller:
//   ForwardDossier, CloseVote  the holder's ancestor at the next level (the directory); a given
//                              next_level_org_id must be that organisation (INVALID_ARGUMENT otherwise);
//   OpenVote                   the holder's council and its voting members with their names
//                              (FAILED_PRECONDITION without one);
//   DecideDossier              a named signer must be a person the directory knows (INVALID_ARGUMENT);
//   CastVote, CloseVote        vote_id must name the ballot open now (FAILED_PRECONDITION otherwise);
//   EscalateDossier            still at the level and the due date the scheduler saw (FAILED_PRECONDITION,
//                              stale deadline, otherwise), and overdue by the calendar: today in Vietnam is at
//                              least `overdue_working_days` working days after the due date (FAILED_PRECONDITION,
//                              not overdue, otherwise); the level index is the dossier's.
//
//   TDKT_ASSIGN_OR_RETURN(GuardedCommand guarded, GuardCommand(state, request.command, directory, calendar));
#include <string>

#include "absl/status/statusor.h"
#include "services/dossier/org_directory.h"
#include "services/dossier/transition_request.h"
#include "services/dossier/transition_write.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/command.h"

namespace tdkt::dossier {

struct GuardedCommand {
  workflow::Command command;
  std::string next_level_org_id;  // TransitionContext::next_level_org_id; empty unless the dossier may move up
};

absl::StatusOr<GuardedCommand> GuardCommand(const TransitionState& state, const api::Command& command,
                                            const OrgDirectory& directory,
                                            const workflow::calendar::WorkingDayCalendar& calendar);

}  // namespace tdkt::dossier
