#include "services/dossier/inbox_rules.h"

#include <algorithm>

#include "workflow/authorization.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

bool MakesDossierWait(wf::CommandKind kind) {
  switch (kind) {
    case wf::CommandKind::kCreate:
    case wf::CommandKind::kAttachDocument:
    case wf::CommandKind::kRemoveDocument:
    case wf::CommandKind::kWithdraw:
    case wf::CommandKind::kComplain:
    case wf::CommandKind::kEscalate:
      return false;
    default:
      return true;
  }
}

bool RoleHasAuthority(wf::Role role, const wf::AuthoritySet& who, const std::vector<wf::Role>& appraiser_roles) {
  if (who.Contains(wf::Authority::kSubmitter) && role == wf::Role::kSubmitter) return true;
  if (who.Contains(wf::Authority::kLevelAppraiser) &&
      std::find(appraiser_roles.begin(), appraiser_roles.end(), role) != appraiser_roles.end()) {
    return true;
  }
  if (who.Contains(wf::Authority::kCouncilMember) && role == wf::Role::kCouncilMember) return true;
  if (who.Contains(wf::Authority::kCouncilChair) && role == wf::Role::kCouncilChair) return true;
  if (who.Contains(wf::Authority::kDecider) && role == wf::Role::kDecider) return true;
  return false;
}

void AddStates(const wf::StateSet& from, std::vector<wf::DossierState>* out) {
  for (int i = 0; i < wf::kDossierStateCount; ++i) {
    const auto state = static_cast<wf::DossierState>(i);
    if (from.Contains(state) && std::find(out->begin(), out->end(), state) == out->end()) out->push_back(state);
  }
}

}  // namespace

InboxStates InboxStatesFor(wf::Role role, const std::vector<wf::Role>& appraiser_roles,
                           const wf::TransitionPolicy& policy) {
  InboxStates states;
  for (const wf::TransitionRule& rule : wf::TransitionRules()) {
    if (!MakesDossierWait(rule.command) || !wf::RuleEnabled(rule, policy)) continue;
    if (!RoleHasAuthority(role, rule.who, appraiser_roles)) continue;
    if (rule.where.Contains(wf::OrgRelation::kHolder)) AddStates(rule.from, &states.as_holder);
    if (rule.where.Contains(wf::OrgRelation::kOriginUnit)) AddStates(rule.from, &states.as_origin);
  }
  std::sort(states.as_holder.begin(), states.as_holder.end());
  std::sort(states.as_origin.begin(), states.as_origin.end());
  return states;
}

}  // namespace tdkt::dossier
