#include "services/dossier/service_support.h"

#include <algorithm>

#include "base/status_macros.h"

namespace tdkt::dossier {

namespace wf = workflow;

absl::Status CheckCommand(std::string_view request_id, std::string_view dossier_id, int64_t expected_version,
                          common::Presence version) {
  TDKT_RETURN_IF_ERROR(common::CheckRequestId(request_id));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier(kDossierIdField, dossier_id));
  return common::CheckExpectedVersion(expected_version, version);
}

std::vector<wf::OrgLevel> LevelsOf(const wf::catalog::Catalog& catalog, const wf::DossierSnapshot& s) {
  std::vector<wf::OrgLevel> levels;
  if (absl::StatusOr<const wf::ChainDefinition*> chain = catalog.FindChain(s.chain_id, s.chain_version); chain.ok()) {
    for (const wf::ChainLevel& level : (*chain)->levels) levels.push_back(level.org_level);
  }
  return levels;
}

bool MaySeePersonalData(const wf::ActorContext& actor) {
  for (const wf::ResolvedGrant& g : actor.grants) {
    if (g.role == wf::Role::kSubmitter && g.relations.Contains(wf::OrgRelation::kOriginUnit)) return true;
    const bool on_path = g.relations.Contains(wf::OrgRelation::kHolder) ||
                         g.relations.Contains(wf::OrgRelation::kAncestorOfHolder);
    if (on_path && (g.role == wf::Role::kAppraiser || g.role == wf::Role::kCouncilChair ||
                    g.role == wf::Role::kDecider)) {
      return true;
    }
  }
  return false;
}

bool RelatedToDossier(const wf::ActorContext& actor) {
  if (actor.is_system) return true;
  for (const wf::ResolvedGrant& g : actor.grants) {
    if (!g.relations.empty()) return true;
  }
  return false;
}

absl::StatusOr<wf::ActorContext> ActorForRow(const TransitionRunner& runner, const auth::Identity& caller,
                                             const DossierRow& row) {
  const wf::DossierSnapshot& s = row.snapshot;
  const auto& path = row.origin_org_path;
  const auto holder = std::find(path.begin(), path.end(), s.holder_org_id);
  if (caller.service_name.has_value() || holder == path.end()) return runner.ResolveActor(caller, s);
  const std::vector<std::string> ancestors(holder + 1, path.end());
  return wf::BindActor(caller.ToActor(), s.holder_org_id, s.origin_org_id, ancestors);
}

}  // namespace tdkt::dossier
