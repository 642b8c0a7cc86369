#include "workflow_world.h"

#include <cstdlib>
#include <utility>

#include "workflow/vietnam_time.h"

namespace tdkt::workflow::testing {
namespace {

ChainLevel Level(OrgLevel org_level, int days, bool council_votes) {
  ChainLevel level;
  level.org_level = org_level;
  level.appraisal_working_days = days;
  level.council_votes = council_votes;
  return level;
}

AwardDefinition MakeAward(std::string code, std::string name_vi, OrgLevel deciding, std::vector<OrgLevel> proposing,
                      std::vector<std::string> required) {
  AwardDefinition award;
  award.code = std::move(code);
  award.name_vi = std::move(name_vi);
  award.deciding_level = deciding;
  award.proposing_levels = std::move(proposing);
  award.required_documents = std::move(required);
  award.valid_from = absl::CivilDay(2000, 1, 1);
  return award;
}

}  // namespace

World::World() {
  // Both chains are valid at TestNow so that the randomized test can use either (real data dates them apart).
  ChainDefinition four;
  four.id = "4-level";
  four.version = 1;
  four.valid_from = absl::CivilDay(2020, 1, 1);
  four.levels = {Level(OrgLevel::kUnit, 5, true), Level(OrgLevel::kCommune, 10, true),
                 Level(OrgLevel::kDistrict, 10, false), Level(OrgLevel::kProvince, 25, true)};
  ChainDefinition three;
  three.id = "3-level";
  three.version = 2;
  three.valid_from = absl::CivilDay(2025, 7, 1);
  three.levels = {Level(OrgLevel::kUnit, 5, false), Level(OrgLevel::kCommune, 10, true),
                  Level(OrgLevel::kProvince, 25, true)};
  chains_.emplace(four.id, four);
  chains_.emplace(three.id, three);

  const std::vector<std::string> basic = {"TO_TRINH"};
  const std::vector<std::string> full = {"TO_TRINH", "BAO_CAO_THANH_TICH"};
  std::vector<AwardDefinition> awards = {
      MakeAward("LDTT", "Lao động tiên tiến", OrgLevel::kUnit, {OrgLevel::kUnit}, basic),
      MakeAward("CSTDCS", "Chiến sĩ thi đua cơ sở", OrgLevel::kCommune, {OrgLevel::kUnit}, full),
      MakeAward("GK_HUYEN", "Giấy khen của Chủ tịch UBND huyện", OrgLevel::kDistrict,
            {OrgLevel::kUnit, OrgLevel::kCommune}, basic),
      MakeAward("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", OrgLevel::kProvince,
            {OrgLevel::kUnit, OrgLevel::kCommune}, full),
      MakeAward("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", OrgLevel::kProvince, {OrgLevel::kUnit}, full),
      MakeAward("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", OrgLevel::kCentral, {OrgLevel::kUnit}, full),
  };
  awards[0].unit_head_may_decide = true;
  awards[4].pass_threshold_override = 0.9;
  awards[4].threshold_counts_all_members = true;
  awards[5].pass_threshold_override = 0.8;
  for (AwardDefinition& a : awards) {
    award_codes_.push_back(a.code);
    awards_.emplace(a.code, std::move(a));
  }

  AddOrg("p1", OrgLevel::kProvince, "", "4-level");
  AddOrg("d1", OrgLevel::kDistrict, "p1", "4-level");
  AddOrg("d2", OrgLevel::kDistrict, "p1", "4-level");
  AddOrg("c1", OrgLevel::kCommune, "d1", "4-level");
  AddOrg("c2", OrgLevel::kCommune, "d1", "4-level");
  AddOrg("c3", OrgLevel::kCommune, "d2", "4-level");
  AddOrg("u1", OrgLevel::kUnit, "c1", "4-level");
  AddOrg("u2", OrgLevel::kUnit, "c1", "4-level");
  AddOrg("u3", OrgLevel::kUnit, "c2", "4-level");
  AddOrg("u4", OrgLevel::kUnit, "c3", "4-level");
  AddOrg("p2", OrgLevel::kProvince, "", "3-level");
  AddOrg("c21", OrgLevel::kCommune, "p2", "3-level");
  AddOrg("c22", OrgLevel::kCommune, "p2", "3-level");
  AddOrg("u21", OrgLevel::kUnit, "c21", "3-level");
  AddOrg("u22", OrgLevel::kUnit, "c21", "3-level");
  AddOrg("u23", OrgLevel::kUnit, "c22", "3-level");
}

void World::AddOrg(std::string id, OrgLevel level, std::string parent, std::string chain_id) {
  orgs_.push_back(Org{std::move(id), level, std::move(parent), std::move(chain_id)});
}

const ChainDefinition& World::Chain(std::string_view id) const {
  auto it = chains_.find(id);
  if (it == chains_.end()) std::abort();  // a broken test fixture, not a test outcome
  return it->second;
}

const AwardDefinition& World::Award(std::string_view code) const {
  auto it = awards_.find(code);
  if (it == awards_.end()) std::abort();
  return it->second;
}

const Org& World::OrgById(std::string_view id) const {
  for (const Org& org : orgs_) {
    if (org.id == id) return org;
  }
  std::abort();
}

std::vector<std::string> World::UnitsOf(std::string_view chain_id) const {
  std::vector<std::string> units;
  for (const Org& org : orgs_) {
    if (org.level == OrgLevel::kUnit && org.chain_id == chain_id) units.push_back(org.id);
  }
  return units;
}

std::vector<std::string> World::Ancestors(std::string_view org_id) const {
  std::vector<std::string> out;
  std::string parent = OrgById(org_id).parent;
  while (!parent.empty()) {
    out.push_back(parent);
    parent = OrgById(parent).parent;
  }
  return out;
}

std::string World::AncestorAt(std::string_view org_id, OrgLevel level) const {
  for (const std::string& a : Ancestors(org_id)) {
    if (OrgById(a).level == level) return a;
  }
  return "";
}

TransitionContext World::Context(const DossierSnapshot& d, absl::Time now, const TransitionPolicy& policy) const {
  const ChainDefinition& chain = Chain(d.chain_id);
  std::string next_org;
  const auto next = static_cast<size_t>(d.level_index) + 1;
  if (next < chain.levels.size()) next_org = AncestorAt(d.holder_org_id, chain.levels[next].org_level);
  return TransitionContext{.chain = chain,
                           .award = Award(d.award_code),
                           .now = now,
                           .next_level_org_id = std::move(next_org),
                           .expected_version = std::nullopt,
                           .policy = policy};
}

TransitionContext World::CreateContext(std::string_view chain_id, std::string_view award_code, absl::Time now,
                                       const TransitionPolicy& policy) const {
  return TransitionContext{.chain = Chain(chain_id),
                           .award = Award(award_code),
                           .now = now,
                           .next_level_org_id = "",
                           .expected_version = std::nullopt,
                           .policy = policy};
}

ActorContext World::Bind(const Actor& actor, const DossierSnapshot& d) const {
  return BindActor(actor, d.holder_org_id, d.origin_org_id, Ancestors(d.holder_org_id));
}

absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2025, 9, 15, 8, 0, 0), VietnamTimeZone());
}

}  // namespace tdkt::workflow::testing
