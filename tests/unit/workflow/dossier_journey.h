#pragma once
// Journey: drives one dossier through the state machine with the right actors, for tests that need a dossier
// in a given state. Failures of the steps are test failures (ADD_FAILURE), never silent.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/actor.h"
#include "workflow/command.h"
#include "workflow/transition.h"
#include "workflow_world.h"

namespace tdkt::workflow::testing {

class Journey {
 public:
  // Creates the dossier at `unit` and attaches the award's required documents.
  Journey(const World& world, std::string chain_id, std::string award_code, std::string unit,
          TransitionPolicy policy = {});

  const DossierSnapshot& dossier() const { return dossier_; }
  TransitionContext Context() const { return world_.Context(dossier_, TestNow(), policy_); }
  ActorContext Bind(const Actor& actor) const { return world_.Bind(actor, dossier_); }

  // Applies without changing the journey.
  absl::StatusOr<Transition> Try(const Command& command, const ActorContext& actor) const;
  absl::StatusOr<Transition> Try(const Command& command, const Actor& actor) const {
    return Try(command, Bind(actor));
  }
  // Applies and keeps the result; a refusal is a test failure.
  Transition Do(const Command& command, const ActorContext& actor);
  Transition Do(const Command& command, const Actor& actor) { return Do(command, Bind(actor)); }

  Actor Submitter() const;  // at the origin unit
  Actor Appraiser() const;  // the level's appraiser role at the holder
  Actor Chair() const;
  Actor Member(int i) const;  // "m<i>@<holder>"
  Actor Decider() const;
  std::vector<std::string> MemberIds(int n = 3) const;

  // From SUBMITTED at the current level to what comes after it (all members vote yes, or forward).
  void PassLevel();
  // Drives the dossier to `target` by the shortest usual route. AWAITING_DECISION and FORWARDED_EXTERNAL
  // need an award decided at the origin level / above the chain.
  void Reach(DossierState target, bool vote_open = false);

 private:
  const World& world_;
  TransitionPolicy policy_;
  DossierSnapshot dossier_;
};

}  // namespace tdkt::workflow::testing
