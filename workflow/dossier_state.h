#pragma once
// DossierState: where a dossier is in its lifecycle (docs/architecture.md §3), with its stable code and Vietnamese name.
//
//   DRAFT → SUBMITTED → UNDER_REVIEW ⇄ RETURNED_FOR_SUPPLEMENT
//   UNDER_REVIEW → COUNCIL_VOTING → (passed) SUBMITTED@next level | AWAITING_DECISION | FORWARDED_EXTERNAL
//                                 → (failed) REJECTED
//   AWAITING_DECISION → DECIDED → PUBLISHED;  FORWARDED_EXTERNAL → DECIDED | REJECTED (outcome recorded)
//   any state before DECIDED → WITHDRAWN;  REJECTED | DECIDED | PUBLISHED → (complaint) UNDER_REVIEW
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace tdkt::workflow {

enum class DossierState : uint8_t {
  kDraft,
  kSubmitted,
  kUnderReview,
  kReturnedForSupplement,
  kCouncilVoting,
  kAwaitingDecision,
  kDecided,
  kPublished,
  kRejected,
  kWithdrawn,
  kForwardedExternal,
};
inline constexpr int kDossierStateCount = 11;

// Stable upper-snake code, e.g. "UNDER_REVIEW" (the names of docs/architecture.md §3 and of the proto enum).
std::string_view DossierStateCode(DossierState state);
// The name shown to users, e.g. "Đang thẩm định".
std::string_view DossierStateNameVi(DossierState state);

// A set of states as a bit mask, so that rule tables stay constexpr data.
class StateSet {
 public:
  constexpr StateSet() = default;
  constexpr StateSet(std::initializer_list<DossierState> states) {
    for (DossierState s : states) bits_ |= Bit(s);
  }
  constexpr bool Contains(DossierState s) const { return (bits_ & Bit(s)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr StateSet Union(StateSet other) const { return FromBits(bits_ | other.bits_); }

 private:
  static constexpr uint32_t Bit(DossierState s) { return uint32_t{1} << static_cast<int>(s); }
  static constexpr StateSet FromBits(uint32_t bits) {
    StateSet set;
    set.bits_ = bits;
    return set;
  }
  uint32_t bits_ = 0;
};

// States in which the level's appraisal deadline runs: the dossier is in the hands of a level's standing body
// or council. RETURNED_FOR_SUPPLEMENT pauses it; every other state has none (the decision itself has no SLA in
// the chain data, so AWAITING_DECISION carries no deadline).
inline constexpr StateSet kDeadlineRunningStates = {DossierState::kSubmitted, DossierState::kUnderReview,
                                                    DossierState::kCouncilVoting};
inline constexpr StateSet kDeadlinePausedStates = {DossierState::kReturnedForSupplement};
// States whose snapshot must carry a decision.
inline constexpr StateSet kDecisionStates = {DossierState::kDecided, DossierState::kPublished};

}  // namespace tdkt::workflow
