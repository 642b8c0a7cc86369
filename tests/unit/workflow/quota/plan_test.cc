// ValidatePlan and ValidatePlanAgainstCatalog.
#include "workflow/quota/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflow/catalog/catalog_builder.h"

namespace tdkt::workflow::quota {
namespace {

using ::testing::HasSubstr;

Plan Valid() {
  Plan plan;
  plan.id = "p";
  plan.valid_from = absl::CivilDay(2025, 7, 1);
  plan.valid_until = absl::CivilDay(2025, 12, 31);
  plan.targets.push_back(AwardTarget{"Cờ", {"CO_THI_DUA_TINH"}, 80, 90});
  plan.direct_worker_share = RecipientShareRule{"", 0.3, true, {}};
  return plan;
}

catalog::Catalog SmallCatalog() {
  catalog::CatalogBuilder builder;
  ChainDefinition chain;
  chain.id = "3-level";
  chain.valid_from = absl::CivilDay(2025, 7, 1);
  for (OrgLevel level : {OrgLevel::kUnit, OrgLevel::kCommune, OrgLevel::kProvince}) {
    ChainLevel chain_level;
    chain_level.org_level = level;
    chain.levels.push_back(chain_level);
  }
  EXPECT_TRUE(builder.AddChain(chain, "c:1").ok());
  AwardDefinition flag;
  flag.code = "CO_THI_DUA_TINH";
  flag.name_vi = "Cờ thi đua cấp tỉnh";
  flag.subjects = {AwardSubject::kCollective};
  flag.deciding_level = OrgLevel::kProvince;
  flag.proposing_levels = {OrgLevel::kUnit};
  flag.required_documents = {"TO_TRINH"};
  flag.valid_from = absl::CivilDay(2025, 7, 1);
  EXPECT_TRUE(builder.AddAward(flag, "a:1").ok());
  absl::StatusOr<catalog::Catalog> catalog = std::move(builder).Build();
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return catalog.ok() ? *std::move(catalog) : catalog::Catalog();
}

TEST(ValidatePlanTest, ValidPlanPasses) { EXPECT_TRUE(ValidatePlan(Valid()).ok()); }

TEST(ValidatePlanTest, MaxBelowMinIsRefused) {
  Plan plan = Valid();
  plan.targets[0].max = 79;
  EXPECT_THAT(std::string(ValidatePlan(plan).message()), HasSubstr("max 79 nhỏ hơn min 80"));
}

TEST(ValidatePlanTest, TargetWithoutCodesIsRefused) {
  Plan plan = Valid();
  plan.targets[0].award_codes.clear();
  EXPECT_EQ(ValidatePlan(plan).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidatePlanTest, ShareOutsideZeroOneIsRefused) {
  Plan plan = Valid();
  plan.direct_worker_share->min_share = 30;  // a percentage written where a share belongs
  EXPECT_THAT(std::string(ValidatePlan(plan).message()), HasSubstr("min_share"));
}

TEST(ValidatePlanTest, PeriodEndingBeforeItStartsIsRefused) {
  Plan plan = Valid();
  plan.valid_until = absl::CivilDay(2025, 6, 30);
  EXPECT_EQ(ValidatePlan(plan).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidatePlanAgainstCatalogTest, KnownCodesPassUnknownAreRefused) {
  const catalog::Catalog catalog = SmallCatalog();
  EXPECT_TRUE(ValidatePlanAgainstCatalog(Valid(), catalog).ok());
  Plan unknown = Valid();
  unknown.targets[0].award_codes.push_back("CO_THI_DUA_HUYEN");
  EXPECT_THAT(std::string(ValidatePlanAgainstCatalog(unknown, catalog).message()),
              HasSubstr("CO_THI_DUA_HUYEN"));
}

TEST(ValidatePlanAgainstCatalogTest, CodeNotValidDuringThePlanIsRefused) {
  Plan earlier = Valid();
  earlier.valid_from = absl::CivilDay(2024, 1, 1);
  earlier.valid_until = absl::CivilDay(2024, 12, 31);
  EXPECT_EQ(ValidatePlanAgainstCatalog(earlier, SmallCatalog()).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::workflow::quota
