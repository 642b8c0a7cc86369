#pragma once
// InboxStatesFor: in which states a dossier waits for a role, read from the workflow core's transition table
// (workflow/authorization.h) rather than restated here. A state counts when some rule lets the role move the
// dossier on from there; optional rights that never make a dossier wait (withdraw, complain, attach or
// remove a document, the scheduler's escalation) do not.
//
//   InboxStates s = InboxStatesFor(Role::kAppraiser, {Role::kAppraiser}, policy);
//   // s.as_holder = {SUBMITTED, UNDER_REVIEW, FORWARDED_EXTERNAL}, s.as_origin = {}
#include <vector>

#include "workflow/actor.h"
#include "workflow/dossier_state.h"
#include "workflow/transition_policy.h"

namespace tdkt::dossier {

struct InboxStates {
  std::vector<workflow::DossierState> as_holder;  // when the role's organisation holds the dossier
  std::vector<workflow::DossierState> as_origin;  // when the role's organisation is the origin unit
};

// `appraiser_roles`: the roles that act as a level's standing body in some chain of the catalogue
// (ChainLevel::appraiser_role). Rules that need an ancestor of the holder are not inbox work.
InboxStates InboxStatesFor(workflow::Role role, const std::vector<workflow::Role>& appraiser_roles,
                           const workflow::TransitionPolicy& policy);

}  // namespace tdkt::dossier
