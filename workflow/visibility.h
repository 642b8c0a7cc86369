#pragma once
// The visibility rule: who may see a dossier, which of them see its documents and the nominee's personal data
// (the ID number), and who sees who has voted in an open ballot. One pure function of the caller's role grants,
// the dossier's organisation path and its state; every read of the dossier service applies it (GetDossier,
// SearchDossiers, ListInbox, the documents, VerifyHistory and the response of every command).
//
// An organisation stands at one or more positions on a dossier's path: the origin unit; the holder; an earlier
// holder (a level the dossier has left); above the holder (an ancestor the dossier has not reached). A role
// held there sees (kSightRules in visibility.cc; docs/architecture.md, "Who sees what"):
//
//   role                                 at                          sees
//   submitter                            origin                      everything but the ballot
//   appraiser, council chair, decider    holder or earlier holder    everything but the ballot
//   council member                       holder or earlier holder    the dossier and its documents
//   appraiser, council chair, decider    above the holder            the dossier only, once it is submitted
//   appraiser, council chair             holder, in COUNCIL_VOTING   also who has voted (never how)
//
// A draft is held by its unit and was never submitted, so only the unit sees it. Any other role or position
// sees nothing; the scheduler (the system actor) sees the dossier only (SystemVisibility).
//
//   const Visibility v = VisibilityOf(actor.grants, {.origin_org_id = …, .holder_org_id = …,
//                                                    .held_org_ids = held, .holder_ancestor_org_ids = above,
//                                                    .state = s.state, .submitted = row.submitted_at.has_value()});
//   if (!v.dossier) return PermissionDenied(…);
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/actor.h"
#include "workflow/dossier_state.h"

namespace tdkt::workflow {

// Where an organisation stands on a dossier's path.
enum class PathPosition : uint8_t { kOrigin, kHolder, kEarlierHolder, kAboveHolder };

class PathPositionSet {
 public:
  constexpr PathPositionSet() = default;
  constexpr PathPositionSet(std::initializer_list<PathPosition> positions) {
    for (PathPosition p : positions) bits_ |= Bit(p);
  }
  constexpr bool Contains(PathPosition p) const { return (bits_ & Bit(p)) != 0; }
  constexpr bool Intersects(PathPositionSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void Add(PathPosition p) { bits_ |= Bit(p); }
  bool operator==(const PathPositionSet&) const = default;

 private:
  static constexpr uint8_t Bit(PathPosition p) { return static_cast<uint8_t>(1u << static_cast<int>(p)); }
  uint8_t bits_ = 0;
};

// The levels that have received the dossier: they see what is in it.
inline constexpr PathPositionSet kReceivedIt = {PathPosition::kHolder, PathPosition::kEarlierHolder};

// A dossier's path and state, as the rule reads them.
struct DossierWhereabouts {
  std::string_view origin_org_id;
  std::string_view holder_org_id;
  // Every organisation that has held the dossier, in order (the origin first; the holder is among them).
  std::span<const std::string> held_org_ids;
  // The holder's ancestors, nearest first.
  std::span<const std::string> holder_ancestor_org_ids;
  DossierState state = DossierState::kDraft;
  // It left the draft stage once (a draft withdrawn before submission never did).
  bool submitted = false;
};

// What the caller may see; each field implies the ones before it except ballot_participation.
struct Visibility {
  bool dossier = false;               // its state, level, deadline, vote counts, decision and history
  bool documents = false;             // ListDocuments, GetDocumentContent
  bool personal_data = false;         // Nominee.id_number
  bool ballot_participation = false;  // BallotParticipation of the open ballot: who has voted, never how
  bool operator==(const Visibility&) const = default;
};

// The positions of `org_id` on the dossier's path (empty: none).
PathPositionSet PositionsOf(std::string_view org_id, const DossierWhereabouts& where);

// What a person with `grants` sees of the dossier: the union over the grants.
Visibility VisibilityOf(std::span<const RoleGrant> grants, const DossierWhereabouts& where);

// What the system actor (the scheduler's service account) sees: the dossier, nothing personal.
Visibility SystemVisibility();

// The same rule as organisations, for queries that select visible dossiers in SQL (SearchDossiers): a dossier
// is visible to the caller exactly when its origin is in `as_origin`, or one of `as_receiver` has held it, or it
// was submitted and one of `above_holder` is an ancestor of its holder.
struct VisibleFrom {
  std::vector<std::string> as_origin;
  std::vector<std::string> as_receiver;
  std::vector<std::string> above_holder;
};
VisibleFrom VisibleFromGrants(std::span<const RoleGrant> grants);

}  // namespace tdkt::workflow
