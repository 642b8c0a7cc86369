// Catalog queries: chain and award entry valid on a date, and where an award is decided.
#include "workflow/catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/workflow/loader/catalog_fixtures.h"
#include "workflow/catalog/catalog_builder.h"

namespace tdkt::workflow::catalog {
namespace {

using ::testing::HasSubstr;
using fixtures::FourLevel;
using fixtures::MakeAward;
using fixtures::ThreeLevel;

constexpr absl::CivilDay kLastDistrictDay(2025, 6, 30);
constexpr absl::CivilDay kFirstTwoTierDay(2025, 7, 1);

Catalog BuildSample() {
  CatalogBuilder builder;
  EXPECT_TRUE(builder.AddChain(FourLevel(), "4:1").ok());
  EXPECT_TRUE(builder.AddChain(ThreeLevel(), "3:1").ok());
  EXPECT_TRUE(builder
                  .AddAward(MakeAward("CSTD_CO_SO", OrgLevel::kDistrict,
                                      {OrgLevel::kUnit, OrgLevel::kCommune, OrgLevel::kDistrict},
                                      absl::CivilDay(2024, 1, 1), kLastDistrictDay),
                            "a:1")
                  .ok());
  EXPECT_TRUE(builder
                  .AddAward(MakeAward("CSTD_CO_SO", OrgLevel::kCommune, {OrgLevel::kUnit, OrgLevel::kCommune},
                                      kFirstTwoTierDay, std::nullopt),
                            "a:2")
                  .ok());
  EXPECT_TRUE(builder
                  .AddAward(MakeAward("GIAY_KHEN", OrgLevel::kUnit, {OrgLevel::kUnit, OrgLevel::kCommune},
                                      absl::CivilDay(2024, 1, 1), std::nullopt),
                            "a:3")
                  .ok());
  EXPECT_TRUE(builder
                  .AddAward(MakeAward("BANG_KHEN_THU_TUONG", OrgLevel::kCentral,
                                      {OrgLevel::kUnit, OrgLevel::kCommune}, absl::CivilDay(2024, 1, 1),
                                      std::nullopt),
                            "a:4")
                  .ok());
  absl::StatusOr<Catalog> catalog = std::move(builder).Build();
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return catalog.ok() ? *std::move(catalog) : Catalog();
}

TEST(CatalogTest, ChainOnSwitchesOnTheReformDay) {
  const Catalog catalog = BuildSample();
  absl::StatusOr<const ChainDefinition*> before = catalog.ChainOn(kLastDistrictDay);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ((*before)->id, "4-level");
  absl::StatusOr<const ChainDefinition*> after = catalog.ChainOn(kFirstTwoTierDay);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ((*after)->id, "3-level");
}

TEST(CatalogTest, ChainOnBeforeAnyChainIsNotFound) {
  EXPECT_EQ(BuildSample().ChainOn(absl::CivilDay(2023, 12, 31)).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CatalogTest, ChainOnWithTwoIdsValidIsAmbiguous) {
  CatalogBuilder builder;
  ASSERT_TRUE(builder.AddChain(ThreeLevel(), "3:1").ok());
  ChainDefinition special = ThreeLevel();
  special.id = "special";
  ASSERT_TRUE(builder.AddChain(special, "s:1").ok());
  absl::StatusOr<Catalog> catalog = std::move(builder).Build();
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(catalog->ChainOn(kFirstTwoTierDay).status().code(), absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<const ChainDefinition*> by_id = catalog->ChainOn("special", kFirstTwoTierDay);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ((*by_id)->id, "special");
}

TEST(CatalogTest, FindChainByPinnedVersion) {
  const Catalog catalog = BuildSample();
  absl::StatusOr<const ChainDefinition*> chain = catalog.FindChain("4-level", 1);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ((*chain)->levels.size(), 4u);
  EXPECT_EQ(catalog.FindChain("4-level", 2).status().code(), absl::StatusCode::kNotFound);
}

TEST(CatalogTest, AwardOnPicksTheDatedEntry) {
  const Catalog catalog = BuildSample();
  absl::StatusOr<const AwardDefinition*> before = catalog.AwardOn("CSTD_CO_SO", kLastDistrictDay);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)->deciding_level, OrgLevel::kDistrict);
  absl::StatusOr<const AwardDefinition*> after = catalog.AwardOn("CSTD_CO_SO", kFirstTwoTierDay);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->deciding_level, OrgLevel::kCommune);
}

TEST(CatalogTest, AwardOnTellsUnknownCodeFromWrongDate) {
  const Catalog catalog = BuildSample();
  absl::Status unknown = catalog.AwardOn("NO_SUCH", kFirstTwoTierDay).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("không có khen thưởng mã NO_SUCH"));
  absl::Status too_early = catalog.AwardOn("CSTD_CO_SO", absl::CivilDay(2023, 6, 1)).status();
  EXPECT_EQ(too_early.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(too_early.message()), HasSubstr("không hiệu lực ngày 2023-06-01"));
}

TEST(CatalogTest, AwardsOnListsOneEntryPerCode) {
  const Catalog catalog = BuildSample();
  EXPECT_EQ(catalog.AwardsOn(kLastDistrictDay).size(), 3u);
  EXPECT_EQ(catalog.AwardsOn(kFirstTwoTierDay).size(), 3u);
  EXPECT_TRUE(catalog.AwardsOn(absl::CivilDay(2023, 1, 1)).empty());
}

TEST(DecisionPointTest, CstdcsMovesFromDistrictToCommune) {
  const Catalog catalog = BuildSample();
  absl::StatusOr<DecisionPoint> before =
      catalog.DecisionPointOn("CSTD_CO_SO", FourLevel(), kLastDistrictDay);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, (DecisionPoint{DecisionPoint::Kind::kInChain, 2}));
  absl::StatusOr<DecisionPoint> after =
      catalog.DecisionPointOn("CSTD_CO_SO", ThreeLevel(), kFirstTwoTierDay);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, (DecisionPoint{DecisionPoint::Kind::kInChain, 1}));
}

TEST(DecisionPointTest, CentralAwardIsForwardedAfterTheLastLevel) {
  const Catalog catalog = BuildSample();
  absl::StatusOr<DecisionPoint> four =
      catalog.DecisionPointOn("BANG_KHEN_THU_TUONG", FourLevel(), kLastDistrictDay);
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(*four, (DecisionPoint{DecisionPoint::Kind::kForwardedExternal, 3}));
  absl::StatusOr<DecisionPoint> three =
      catalog.DecisionPointOn("BANG_KHEN_THU_TUONG", ThreeLevel(), kFirstTwoTierDay);
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(*three, (DecisionPoint{DecisionPoint::Kind::kForwardedExternal, 2}));
}

TEST(DecisionPointTest, DecidedWhereProposedWhenAboveTheLowestDecider) {
  const AwardDefinition giay_khen = MakeAward("GIAY_KHEN", OrgLevel::kUnit,
                                              {OrgLevel::kUnit, OrgLevel::kCommune},
                                              absl::CivilDay(2024, 1, 1), std::nullopt);
  absl::StatusOr<DecisionPoint> at_unit = DecisionPointOf(giay_khen, ThreeLevel(), OrgLevel::kUnit);
  ASSERT_TRUE(at_unit.ok());
  EXPECT_EQ(at_unit->level_index, 0u);
  absl::StatusOr<DecisionPoint> at_commune = DecisionPointOf(giay_khen, ThreeLevel(), OrgLevel::kCommune);
  ASSERT_TRUE(at_commune.ok());
  EXPECT_EQ(at_commune->level_index, 1u);
}

TEST(DecisionPointTest, ProposingLevelNotAllowedIsRefused) {
  const AwardDefinition giay_khen = MakeAward("GIAY_KHEN", OrgLevel::kUnit, {OrgLevel::kUnit},
                                              absl::CivilDay(2024, 1, 1), std::nullopt);
  EXPECT_EQ(DecisionPointOf(giay_khen, ThreeLevel(), OrgLevel::kProvince).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(DecisionPointTest, DecidingLevelMissingBelowTheTopIsRefused) {
  // A district-decided award cannot be placed in the 3-level chain: the district is gone, not above.
  const AwardDefinition old_cstdcs = MakeAward("CSTD_CO_SO", OrgLevel::kDistrict, {OrgLevel::kUnit},
                                               absl::CivilDay(2024, 1, 1), std::nullopt);
  absl::Status status = DecisionPointOf(old_cstdcs, ThreeLevel(), OrgLevel::kUnit).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cấp huyện"));
}

TEST(DecisionPointTest, ProvinceAwardInAChainEndingAtCommuneIsForwarded) {
  const ChainDefinition short_chain = fixtures::MakeChain(
      "short", {OrgLevel::kUnit, OrgLevel::kCommune}, absl::CivilDay(2024, 1, 1), std::nullopt);
  const AwardDefinition provincial = MakeAward("CO_THI_DUA_TINH", OrgLevel::kProvince, {OrgLevel::kUnit},
                                               absl::CivilDay(2024, 1, 1), std::nullopt);
  absl::StatusOr<DecisionPoint> point = DecisionPointOf(provincial, short_chain, OrgLevel::kUnit);
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(*point, (DecisionPoint{DecisionPoint::Kind::kForwardedExternal, 1}));
}

}  // namespace
}  // namespace tdkt::workflow::catalog
