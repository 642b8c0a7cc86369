#include "workflow/actor_context.h"

#include <algorithm>

namespace tdkt::workflow {

ActorContext BindActor(const Actor& actor, std::string_view holder_org_id, std::string_view origin_org_id,
                       const std::vector<std::string>& holder_ancestor_org_ids) {
  ActorContext context;
  context.id = actor.person_id;
  context.grants.reserve(actor.grants.size());
  for (const RoleGrant& grant : actor.grants) {
    ResolvedGrant resolved{grant.role, grant.org_id, {}};
    if (grant.org_id == holder_org_id) resolved.relations.Add(OrgRelation::kHolder);
    if (grant.org_id == origin_org_id) resolved.relations.Add(OrgRelation::kOriginUnit);
    if (std::find(holder_ancestor_org_ids.begin(), holder_ancestor_org_ids.end(), grant.org_id) !=
        holder_ancestor_org_ids.end()) {
      resolved.relations.Add(OrgRelation::kAncestorOfHolder);
    }
    context.grants.push_back(std::move(resolved));
  }
  return context;
}

}  // namespace tdkt::workflow
