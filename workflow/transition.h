#pragma once
// The dossier state machine (docs/architecture.md §3) as a pure function: a snapshot and a command in, the next snapshot
// and its effects out — or a typed error that leaves the snapshot as it was. No I/O, no clock, no directory,
// no calendar: the caller passes all of them in as values.
//
//   TransitionContext context{.chain = chain, .award = award, .now = clock.Now(),
//                             .next_level_org_id = parent_at_next_level, .expected_version = request_version};
//   ActorContext actor = BindActor(person, dossier.holder_org_id, dossier.origin_org_id, holder_ancestors);
//   absl::StatusOr<Transition> t = ApplyCommand(dossier, cmd::Accept{}, actor, context);
//   if (!t.ok()) return t.status();   // FAILED_PRECONDITION / PERMISSION_DENIED / INVALID_ARGUMENT / ABORTED ...
//   store.Save(t->dossier, t->effects);  // one transaction
//
// Error codes: ABORTED (kVersionConflict) when expected_version is stale; FAILED_PRECONDITION for a wrong state
// or a guard on the dossier (missing required document, no open vote, already voted …); PERMISSION_DENIED for
// no right; INVALID_ARGUMENT for bad command data; ALREADY_EXISTS / NOT_FOUND for a duplicate / unknown
// document. Every error carries a Vietnamese message and a ReasonCode payload (reasons.h).
//
// Checks run in this order: context (pinned chain/award), version, state, actor, command data, guards.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "workflow/actor_context.h"
#include "workflow/award.h"
#include "workflow/chain.h"
#include "workflow/command.h"
#include "workflow/dossier_snapshot.h"
#include "workflow/effects.h"
#include "workflow/transition_policy.h"

namespace tdkt::workflow {

// What the caller resolved before calling.
struct TransitionContext {
  const ChainDefinition& chain;  // the chain the dossier pinned (or, for Create, the chain in force)
  const AwardDefinition& award;  // the catalogue entry of the dossier's award
  absl::Time now;
  // The organisation at levels[level_index + 1] that is the holder's ancestor. Needed only when the dossier
  // moves up (close vote passed, forward); the caller resolves it from the directory beforehand.
  std::string next_level_org_id;
  // Optimistic concurrency: when set and different from the snapshot's version, ABORTED.
  std::optional<int64_t> expected_version;
  TransitionPolicy policy;
};

struct Transition {
  DossierSnapshot dossier;  // version = previous + 1
  Effects effects;          // events carry what changed; the envelope (dossier id, version, actor, time) is
                            // the caller's to add
};

// Opens a dossier in DRAFT at the origin unit. `actor` is bound with holder = origin = cmd.origin_org_id.
absl::StatusOr<Transition> CreateDossier(const cmd::Create& command, const ActorContext& actor,
                                         const TransitionContext& context);

// Applies any other command to an existing dossier. cmd::Create here is FAILED_PRECONDITION (kWrongState).
absl::StatusOr<Transition> ApplyCommand(const DossierSnapshot& current, const Command& command,
                                        const ActorContext& actor, const TransitionContext& context);

}  // namespace tdkt::workflow
