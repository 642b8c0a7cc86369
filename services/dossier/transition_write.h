#pragma once
// BuildTransitionWrite: the pure step of a transition. From what the runner loaded and resolved
// (TransitionState), the state machine's result, the dated deadline plan and the request, it builds everything
// the store writes in the transition's transaction (TransitionWrite): the dossier row after the command, the
// history entry chained to the previous one's hash, the deadline rows, the outbox envelopes and the document
// row. No I/O and no clock: the only thing it makes up is a fresh id per outbox event.
//
//   TDKT_ASSIGN_OR_RETURN(DeadlinePlan plan, PlanDeadlines(calendar, …, transition.effects.deadline_ops, …));
//   const TransitionWrite write = BuildTransitionWrite(state, transition, plan, request);
//   TDKT_RETURN_IF_ERROR(txn.Write(write));
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "services/dossier/deadline_calculator.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_request.h"
#include "workflow/actor.h"
#include "workflow/actor_context.h"
#include "workflow/award.h"
#include "workflow/chain.h"
#include "workflow/transition.h"

namespace tdkt::dossier {

// Who acted, as the history entry, the event envelopes and the document row record it, resolved when the command
// is written so that a later change in the directory never rewrites them: the person's full name then, and the
// role and organisation of the grant that authorised the action. All empty for the system actor.
struct ActingAs {
  std::string display_name;
  std::optional<workflow::Role> role;
  std::string org_id;
};

// What a transition starts from, loaded (the dossier row locked for the transaction) and resolved (the pinned
// chain and award, the actor bound to the dossier) before the command applies.
struct TransitionState {
  // The dossier before the command. CreateDossier: the new row — id, tracking code, year, nominee, the
  // origin's path — whose snapshot the state machine has yet to fill.
  LoadedDossier loaded;
  std::string head_hash;  // the hash of the last history entry (kGenesisHash for a new dossier)
  const workflow::ChainDefinition* chain = nullptr;
  const workflow::AwardDefinition* award = nullptr;
  workflow::ActorContext actor;
  ActingAs acting;  // resolved once the command is accepted
  absl::Time now;  // whole microseconds, as stored
  bool creating = false;
  workflow::OrgLevel origin_level = workflow::OrgLevel::kUnit;  // CreateDossier: the origin's level
};

TransitionWrite BuildTransitionWrite(const TransitionState& state, const workflow::Transition& transition,
                                     const DeadlinePlan& plan, const TransitionRequest& request);

}  // namespace tdkt::dossier
