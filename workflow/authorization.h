#pragma once
// The transition table: for each command, the states it is allowed in, who may issue it and from which
// organisation relative to the dossier. One row per (command, who) pair; Authorize() reads only this table.
//
//   absl::StatusOr<const TransitionRule*> rule =
//       Authorize(CommandKind::kAccept, DossierState::kSubmitted, actor, level.appraiser_role, policy);
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "workflow/actor.h"
#include "workflow/actor_context.h"
#include "workflow/command.h"
#include "workflow/dossier_state.h"
#include "workflow/transition_policy.h"

namespace tdkt::workflow {

// Who a rule accepts. kLevelAppraiser is the role ChainLevel::appraiser_role of the level holding the dossier.
enum class Authority : uint8_t { kSubmitter, kLevelAppraiser, kCouncilMember, kCouncilChair, kDecider, kSystem };

class AuthoritySet {
 public:
  constexpr AuthoritySet() = default;
  constexpr AuthoritySet(std::initializer_list<Authority> authorities) {
    for (Authority a : authorities) bits_ |= Bit(a);
  }
  constexpr bool Contains(Authority a) const { return (bits_ & Bit(a)) != 0; }

 private:
  static constexpr uint8_t Bit(Authority a) { return static_cast<uint8_t>(1u << static_cast<int>(a)); }
  uint8_t bits_ = 0;
};

// A row that only applies when a TransitionPolicy switch is on.
enum class PolicyGate : uint8_t { kAlways, kAppraiserRunsCouncilVote, kComplaintAfterPublication };

struct TransitionRule {
  CommandKind command;
  StateSet from;      // empty: there is no dossier yet (create)
  AuthoritySet who;
  RelationSet where;  // where the grant's organisation must stand; not checked for the system actor
  std::string_view to;  // the resulting state(s), for readers of the table and its tests
  PolicyGate gate = PolicyGate::kAlways;
};

// The whole table, in lifecycle order.
std::span<const TransitionRule> TransitionRules();

bool RuleEnabled(const TransitionRule& rule, const TransitionPolicy& policy);

// The first enabled rule for `command` that allows `state` (nullopt: no dossier yet) and accepts `actor`.
// FAILED_PRECONDITION (kWrongState) when no rule allows the state; PERMISSION_DENIED (kMissingRole or
// kWrongOrganisation) when rules allow it but none accepts the actor.
absl::StatusOr<const TransitionRule*> Authorize(CommandKind command, std::optional<DossierState> state,
                                                const ActorContext& actor, Role level_appraiser_role,
                                                const TransitionPolicy& policy);

// The grant of `actor` by which `rule` accepts them: the first with a role the rule names, at an organisation
// where the rule lets it act. This is the role and organisation the history records for the action. nullptr
// for the system actor (it acts without a grant) and when no grant is accepted.
const ResolvedGrant* AuthorizingGrant(const TransitionRule& rule, const ActorContext& actor,
                                      Role level_appraiser_role);

}  // namespace tdkt::workflow
