#pragma once
// GuardCommand: what the API adds to a workflow command, checked and resolved against the loaded dossier before
// the state machine runs. The state machine leaves these to its caller:
//   ForwardDossier, CloseVote  the holder's ancestor at the next level (the directory); a given
//                              next_level_org_id must be that organisation (INVALID_ARGUMENT otherwise);
//   OpenVote                   the voting members of the holder's council (FAILED_PRECONDITION without one);
//   CastVote, CloseVote        vote_id must name the ballot open now (FAILED_PRECONDITION otherwise);
//   EscalateDossier            still at the level and the due date the scheduler saw (FAILED_PRECONDITION,
//                              stale deadline, otherwise); the level index is the dossier's.
//
//   TDKT_ASSIGN_OR_RETURN(GuardedCommand guarded, GuardCommand(state, request.command, directory));
#include <string>

#include "absl/status/statusor.h"
#include "services/dossier/org_directory.h"
#include "services/dossier/transition_request.h"
#include "services/dossier/transition_write.h"
#include "workflow/command.h"

namespace tdkt::dossier {

struct GuardedCommand {
  workflow::Command command;
  std::string next_level_org_id;  // TransitionContext::next_level_org_id; empty unless the dossier may move up
};

absl::StatusOr<GuardedCommand> GuardCommand(const TransitionState& state, const api::Command& command,
                                            const OrgDirectory& directory);

}  // namespace tdkt::dossier
