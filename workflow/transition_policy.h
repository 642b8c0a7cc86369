#pragma once
// TransitionPolicy: the configurable defaults of the state machine, each one a named assumption. The dossier
// service loads them from its configuration; tests flip them.
#include <cstddef>

#include "workflow/vote_tally.h"

namespace tdkt::workflow {

struct TransitionPolicy {
  // P1: the council chair opens and closes a vote (it is the chair's meeting). When true, the appraiser of the
  // holding level (the standing body, which acts as the council's secretariat) may do it too.
  bool appraiser_runs_council_vote = false;
  // P2: a complaint may reopen a PUBLISHED dossier as well as a DECIDED one: publication does not end the
  // right to complain about a decision.
  bool complaint_after_publication = true;
  // VT2: how chain and award shares become a vote rule.
  VotePolicy vote;
  // P3: input limits (sizes are validated at the edge; the state machine re-checks them).
  size_t max_documents = 50;
  size_t max_id_bytes = 128;
  size_t max_text_bytes = 2000;  // reasons, decision numbers, signers
  size_t max_council_members = kDefaultMaxCouncilMembers;
};

}  // namespace tdkt::workflow
