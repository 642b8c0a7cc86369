#pragma once
// A small synthetic world for the state-machine tests: a 4-level and a 3-level chain, awards decided at each
// level and above the province, and an organisation tree per chain. It plays the dossier service's part:
// resolving the next-level organisation and the actor's relations, as the real caller would from the directory.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "workflow/actor.h"
#include "workflow/actor_context.h"
#include "workflow/award.h"
#include "workflow/chain.h"
#include "workflow/dossier_snapshot.h"
#include "workflow/transition.h"

namespace tdkt::workflow::testing {

struct Org {
  std::string id;
  OrgLevel level;
  std::string parent;  // empty at the top
  std::string chain_id;
};

class World {
 public:
  World();

  // "4-level": unit → commune → district (no council: the appraiser forwards) → province.
  // "3-level": unit (no council) → commune → province.
  const ChainDefinition& Chain(std::string_view id) const;
  // LDTT (unit), CSTDCS (commune), GK_HUYEN (district, 4-level only), BK_TINH (province), CSTD_TINH
  // (province, ≥ 90% of all members), BK_TTG (central, ≥ 80%).
  const AwardDefinition& Award(std::string_view code) const;
  const std::vector<std::string>& AwardCodes() const { return award_codes_; }

  const Org& OrgById(std::string_view id) const;
  const std::vector<Org>& orgs() const { return orgs_; }
  std::vector<std::string> UnitsOf(std::string_view chain_id) const;
  std::vector<std::string> Ancestors(std::string_view org_id) const;  // nearest first
  // The ancestor of `org_id` at `level`, or "" when there is none.
  std::string AncestorAt(std::string_view org_id, OrgLevel level) const;

  // The context the dossier service would build for `d`: pinned chain and award, the next-level org.
  TransitionContext Context(const DossierSnapshot& d, absl::Time now, const TransitionPolicy& policy = {}) const;
  TransitionContext CreateContext(std::string_view chain_id, std::string_view award_code, absl::Time now,
                                  const TransitionPolicy& policy = {}) const;
  ActorContext Bind(const Actor& actor, const DossierSnapshot& d) const;

 private:
  void AddOrg(std::string id, OrgLevel level, std::string parent, std::string chain_id);

  std::map<std::string, ChainDefinition, std::less<>> chains_;
  std::map<std::string, AwardDefinition, std::less<>> awards_;
  std::vector<std::string> award_codes_;
  std::vector<Org> orgs_;
};

// 2025-09-15 08:00 in Vietnam: inside both chains' test validity.
absl::Time TestNow();

}  // namespace tdkt::workflow::testing
