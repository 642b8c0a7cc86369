#include "workflow/visibility.h"

#include <algorithm>
#include <array>

namespace tdkt::workflow {
namespace {

using P = PathPosition;

// How much of a dossier a rule shows, each level including the ones before it.
enum class Sight : uint8_t { kNone, kDossier, kDocuments, kPersonalData };

struct SightRule {
  Role role;
  PathPositionSet where;  // the grant's organisation stands at one of these
  bool once_submitted;    // only after the dossier was submitted (a draft belongs to its unit)
  Sight sight;
};

// The whole rule (visibility.h has it as a table). Supervision (above the holder) shows where a dossier is;
// the levels that received it see what is in it; the ID number goes to those who submit, appraise and decide.
constexpr std::array<SightRule, 8> kSightRules = {{
    {Role::kSubmitter, {P::kOrigin}, false, Sight::kPersonalData},
    {Role::kAppraiser, kReceivedIt, false, Sight::kPersonalData},
    {Role::kCouncilChair, kReceivedIt, false, Sight::kPersonalData},
    {Role::kDecider, kReceivedIt, false, Sight::kPersonalData},
    {Role::kCouncilMember, kReceivedIt, false, Sight::kDocuments},
    {Role::kAppraiser, {P::kAboveHolder}, true, Sight::kDossier},
    {Role::kCouncilChair, {P::kAboveHolder}, true, Sight::kDossier},
    {Role::kDecider, {P::kAboveHolder}, true, Sight::kDossier},
}};

// Who sees who has voted: those who run the ballot at the holder (the chair, and the standing body that
// prepares the meeting), while it is open. Members see how many have voted, so no one can be pressed.
constexpr std::array<Role, 2> kBallotRunners = {Role::kCouncilChair, Role::kAppraiser};

bool Contains(std::span<const std::string> ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void AddOnce(std::vector<std::string>& orgs, const std::string& org) {
  if (std::find(orgs.begin(), orgs.end(), org) == orgs.end()) orgs.push_back(org);
}

}  // namespace

PathPositionSet PositionsOf(std::string_view org_id, const DossierWhereabouts& where) {
  PathPositionSet positions;
  if (org_id.empty()) return positions;
  if (org_id == where.origin_org_id) positions.Add(P::kOrigin);
  if (org_id == where.holder_org_id) {
    positions.Add(P::kHolder);
  } else if (Contains(where.held_org_ids, org_id)) {
    positions.Add(P::kEarlierHolder);
  }
  if (Contains(where.holder_ancestor_org_ids, org_id)) positions.Add(P::kAboveHolder);
  return positions;
}

Visibility VisibilityOf(std::span<const RoleGrant> grants, const DossierWhereabouts& where) {
  Sight best = Sight::kNone;
  bool ballot = false;
  for (const RoleGrant& grant : grants) {
    const PathPositionSet positions = PositionsOf(grant.org_id, where);
    if (positions.empty()) continue;
    for (const SightRule& rule : kSightRules) {
      if (rule.role != grant.role || !positions.Intersects(rule.where)) continue;
      if (rule.once_submitted && !where.submitted) continue;
      best = std::max(best, rule.sight);
    }
    if (where.state == DossierState::kCouncilVoting && positions.Contains(P::kHolder) &&
        std::find(kBallotRunners.begin(), kBallotRunners.end(), grant.role) != kBallotRunners.end()) {
      ballot = true;
    }
  }
  return Visibility{.dossier = best >= Sight::kDossier,
                    .documents = best >= Sight::kDocuments,
                    .personal_data = best >= Sight::kPersonalData,
                    .ballot_participation = ballot};
}

Visibility SystemVisibility() { return Visibility{.dossier = true}; }

VisibleFrom VisibleFromGrants(std::span<const RoleGrant> grants) {
  VisibleFrom from;
  for (const RoleGrant& grant : grants) {
    for (const SightRule& rule : kSightRules) {
      if (rule.role != grant.role || rule.sight == Sight::kNone) continue;
      // The table's shape, which the SQL relies on (visibility_test checks the two agree): the origin and the
      // receiving levels see drafts too, the levels above only what was submitted.
      if (rule.where.Contains(P::kOrigin)) AddOnce(from.as_origin, grant.org_id);
      if (rule.where.Intersects(kReceivedIt)) AddOnce(from.as_receiver, grant.org_id);
      if (rule.where.Contains(P::kAboveHolder)) AddOnce(from.above_holder, grant.org_id);
    }
  }
  return from;
}

}  // namespace tdkt::workflow
