// The data/ files shipped in the source tree load, and say what domain.md says.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflow/loader/catalog_loader.h"
#include "workflow/loader/plan_loader.h"

namespace tdkt::workflow::loader {
namespace {

using catalog::Catalog;
using catalog::DecisionPoint;
using ::testing::Contains;
using ::testing::IsSupersetOf;

constexpr absl::CivilDay kLastDistrictDay(2025, 6, 30);
constexpr absl::CivilDay kFirstTwoTierDay(2025, 7, 1);

// Loaded once for the whole binary; every test checks the load itself (a failure in SetUpTestSuite would
// only mark the tests skipped, which ctest counts as passed).
const absl::StatusOr<Catalog>& ShippedCatalog() {
  static const auto* const loaded = new absl::StatusOr<Catalog>(LoadCatalog(TDKT_SOURCE_DATA_DIR));
  return *loaded;
}

class ShippedDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ShippedCatalog().ok()) << ShippedCatalog().status();
    catalog_ = &*ShippedCatalog();
  }

  static const ChainDefinition& ChainOn(absl::CivilDay day) {
    absl::StatusOr<const ChainDefinition*> chain = catalog_->ChainOn(day);
    EXPECT_TRUE(chain.ok()) << chain.status();
    return **chain;
  }

  static const AwardDefinition& AwardOn(const std::string& code, absl::CivilDay day) {
    absl::StatusOr<const AwardDefinition*> award = catalog_->AwardOn(code, day);
    EXPECT_TRUE(award.ok()) << award.status();
    return **award;
  }

  static DecisionPoint PointOf(const std::string& code, absl::CivilDay day) {
    absl::StatusOr<DecisionPoint> point = catalog_->DecisionPointOn(code, ChainOn(day), day);
    EXPECT_TRUE(point.ok()) << point.status();
    return point.ok() ? *point : DecisionPoint{};
  }

  static inline const Catalog* catalog_ = nullptr;
};

TEST_F(ShippedDataTest, ShippedCatalogLoads) {
  EXPECT_EQ(catalog_->chains().size(), 2u);
  EXPECT_GE(catalog_->awards().size(), 17u);
}

TEST_F(ShippedDataTest, ChainsSwitchFromFourToThreeLevelsOnFirstJuly2025) {
  const ChainDefinition& before = ChainOn(kLastDistrictDay);
  EXPECT_EQ(before.id, "4-level");
  ASSERT_EQ(before.levels.size(), 4u);
  EXPECT_EQ(before.levels[2].org_level, OrgLevel::kDistrict);
  EXPECT_EQ(before.levels[2].standing_body_vi, "Phòng Nội vụ");
  const ChainDefinition& after = ChainOn(kFirstTwoTierDay);
  EXPECT_EQ(after.id, "3-level");
  ASSERT_EQ(after.levels.size(), 3u);
  EXPECT_EQ(after.levels[2].org_level, OrgLevel::kProvince);
  EXPECT_FALSE(after.valid_until.has_value());
}

TEST_F(ShippedDataTest, TimeLimitsAndVoteDefaultsFollowDomainSection6) {
  for (absl::CivilDay day : {kLastDistrictDay, kFirstTwoTierDay}) {
    const ChainDefinition& chain = ChainOn(day);
    for (size_t i = 0; i + 1 < chain.levels.size(); ++i) {
      EXPECT_EQ(chain.levels[i].appraisal_working_days, 10) << chain.id << " level " << i;
    }
    EXPECT_EQ(chain.levels.back().appraisal_working_days, 25) << chain.id;
    for (const ChainLevel& level : chain.levels) {
      EXPECT_EQ(level.completeness_check_working_days, 3);
      EXPECT_NEAR(level.quorum, 2.0 / 3.0, 1e-9);
      EXPECT_DOUBLE_EQ(level.pass_threshold, 0.5);
    }
  }
}

TEST_F(ShippedDataTest, CstdcsDecidedByDistrictThenByCommuneChairman) {
  EXPECT_EQ(AwardOn("CSTD_CO_SO", kLastDistrictDay).deciding_level, OrgLevel::kDistrict);
  EXPECT_EQ(PointOf("CSTD_CO_SO", kLastDistrictDay), (DecisionPoint{DecisionPoint::Kind::kInChain, 2}));
  EXPECT_EQ(AwardOn("CSTD_CO_SO", kFirstTwoTierDay).deciding_level, OrgLevel::kCommune);
  EXPECT_EQ(PointOf("CSTD_CO_SO", kFirstTwoTierDay), (DecisionPoint{DecisionPoint::Kind::kInChain, 1}));
}

TEST_F(ShippedDataTest, CstdcsIsCappedAtFifteenPercentOfLdtt) {
  for (absl::CivilDay day : {kLastDistrictDay, kFirstTwoTierDay}) {
    const AwardDefinition& cstdcs = AwardOn("CSTD_CO_SO", day);
    ASSERT_TRUE(cstdcs.cap.has_value());
    EXPECT_EQ(cstdcs.cap->of_award_code, "LDTT");
    EXPECT_DOUBLE_EQ(cstdcs.cap->max_share, 0.15);
  }
}

TEST_F(ShippedDataTest, StateAwardsAreForwardedExternalInBothChains) {
  for (const char* code : {"BANG_KHEN_THU_TUONG", "CO_THI_DUA_CHINH_PHU", "CSTD_TOAN_QUOC", "HUAN_CHUONG",
                           "HUY_CHUONG", "ANH_HUNG", "DANH_HIEU_VINH_DU_NHA_NUOC"}) {
    for (absl::CivilDay day : {kLastDistrictDay, kFirstTwoTierDay}) {
      const DecisionPoint point = PointOf(code, day);
      EXPECT_EQ(point.kind, DecisionPoint::Kind::kForwardedExternal) << code << " " << day;
      EXPECT_EQ(point.level_index, ChainOn(day).levels.size() - 1) << code << " " << day;
      EXPECT_THAT(AwardOn(code, day).required_documents, Contains("Y_KIEN_CO_QUAN_LIEN_QUAN")) << code;
    }
  }
}

TEST_F(ShippedDataTest, ProvincialAwardsAreDecidedAtTheProvinceLevel) {
  for (const char* code : {"TAP_THE_LDXS", "CSTD_TINH", "CO_THI_DUA_TINH", "BANG_KHEN_TINH"}) {
    EXPECT_EQ(PointOf(code, kLastDistrictDay), (DecisionPoint{DecisionPoint::Kind::kInChain, 3})) << code;
    EXPECT_EQ(PointOf(code, kFirstTwoTierDay), (DecisionPoint{DecisionPoint::Kind::kInChain, 2})) << code;
  }
}

TEST_F(ShippedDataTest, LocalAwardsMoveFromDistrictToCommune) {
  EXPECT_EQ(PointOf("TAP_THE_LDTT", kLastDistrictDay).level_index, 2u);
  EXPECT_EQ(PointOf("TAP_THE_LDTT", kFirstTwoTierDay).level_index, 1u);
  EXPECT_EQ(PointOf("LDTT", kFirstTwoTierDay).level_index, 0u);
  EXPECT_EQ(PointOf("GIA_DINH_VAN_HOA", kLastDistrictDay).level_index, 1u);
  absl::StatusOr<DecisionPoint> giay_khen_by_district =
      catalog_->DecisionPointOn("GIAY_KHEN", ChainOn(kLastDistrictDay), kLastDistrictDay, OrgLevel::kDistrict);
  ASSERT_TRUE(giay_khen_by_district.ok());
  EXPECT_EQ(giay_khen_by_district->level_index, 2u);
  // No district after the reform: a district cannot propose any more.
  EXPECT_FALSE(catalog_
                   ->DecisionPointOn("GIAY_KHEN", ChainOn(kFirstTwoTierDay), kFirstTwoTierDay,
                                     OrgLevel::kDistrict)
                   .ok());
}

TEST_F(ShippedDataTest, VoteThresholdOverrides) {
  for (absl::CivilDay day : {kLastDistrictDay, kFirstTwoTierDay}) {
    for (const char* code : {"CSTD_TINH", "CSTD_TOAN_QUOC", "ANH_HUNG"}) {
      const AwardDefinition& award = AwardOn(code, day);
      EXPECT_EQ(award.pass_threshold_override, 0.9) << code;
      EXPECT_TRUE(award.threshold_counts_all_members) << code;
    }
    for (const char* code : {"BANG_KHEN_THU_TUONG", "CO_THI_DUA_CHINH_PHU"}) {
      EXPECT_EQ(AwardOn(code, day).pass_threshold_override, 0.8) << code;
    }
    EXPECT_FALSE(AwardOn("LDTT", day).pass_threshold_override.has_value());
  }
}

TEST_F(ShippedDataTest, CatalogueHasEveryAwardOfDomainSection3OnBothSidesOfTheReform) {
  for (absl::CivilDay day : {absl::CivilDay(2024, 1, 1), kLastDistrictDay, kFirstTwoTierDay,
                             absl::CivilDay(2030, 1, 1)}) {
    std::vector<std::string> codes;
    for (const AwardDefinition* award : catalog_->AwardsOn(day)) codes.push_back(award->code);
    EXPECT_THAT(codes, IsSupersetOf({"LDTT", "CSTD_CO_SO", "TAP_THE_LDTT", "GIAY_KHEN", "GIA_DINH_VAN_HOA",
                                     "THON_VAN_HOA", "TAP_THE_LDXS", "CSTD_TINH", "CO_THI_DUA_TINH",
                                     "BANG_KHEN_TINH", "BANG_KHEN_THU_TUONG", "CO_THI_DUA_CHINH_PHU",
                                     "CSTD_TOAN_QUOC", "HUAN_CHUONG", "HUY_CHUONG", "ANH_HUNG",
                                     "DANH_HIEU_VINH_DU_NHA_NUOC"}))
        << day;
  }
}

TEST_F(ShippedDataTest, CstdTitlesRequireTheInitiativeCertificate) {
  for (const char* code : {"CSTD_TINH", "CSTD_TOAN_QUOC"}) {
    EXPECT_THAT(AwardOn(code, kFirstTwoTierDay).required_documents,
                IsSupersetOf({"TO_TRINH", "BAO_CAO_THANH_TICH", "BIEN_BAN_XET", "CHUNG_NHAN_SANG_KIEN"}))
        << code;
  }
}

TEST_F(ShippedDataTest, CstdTitlesRequireTheLowerTitleInTheYearsBefore) {
  for (absl::CivilDay day : {kLastDistrictDay, kFirstTwoTierDay}) {
    const AwardDefinition& provincial = AwardOn("CSTD_TINH", day);
    ASSERT_TRUE(provincial.requires_prior.has_value());
    EXPECT_EQ(provincial.requires_prior->award_code, "CSTD_CO_SO");
    EXPECT_EQ(provincial.requires_prior->years, 3);
    const AwardDefinition& national = AwardOn("CSTD_TOAN_QUOC", day);
    ASSERT_TRUE(national.requires_prior.has_value());
    EXPECT_EQ(national.requires_prior->award_code, "CSTD_TINH");
    EXPECT_EQ(national.requires_prior->years, 2);
    EXPECT_FALSE(AwardOn("CSTD_CO_SO", day).requires_prior.has_value());
  }
}

TEST_F(ShippedDataTest, PlansLoadWithPhuThoTargetsAndDongLienShare) {
  absl::StatusOr<std::vector<quota::Plan>> plans = LoadPlans(TDKT_SOURCE_DATA_DIR, *catalog_);
  ASSERT_TRUE(plans.ok()) << plans.status();
  const quota::Plan* phu_tho = nullptr;
  const quota::Plan* dong_lien = nullptr;
  for (const quota::Plan& plan : *plans) {
    if (plan.id == "phu-tho-2024") phu_tho = &plan;
    if (plan.id == "dong-lien-2021") dong_lien = &plan;
  }
  ASSERT_NE(phu_tho, nullptr);
  ASSERT_EQ(phu_tho->targets.size(), 5u);
  bool found_flags = false;
  for (const quota::AwardTarget& target : phu_tho->targets) {
    if (target.award_codes == std::vector<std::string>{"CO_THI_DUA_TINH"}) {
      found_flags = true;
      EXPECT_EQ(target.min, 80);
      EXPECT_EQ(target.max, 90);
    }
  }
  EXPECT_TRUE(found_flags);
  EXPECT_EQ(phu_tho->targets.back().award_codes.size(), 3u);
  EXPECT_EQ(phu_tho->targets.back().max, 2000);
  ASSERT_NE(dong_lien, nullptr);
  ASSERT_TRUE(dong_lien->direct_worker_share.has_value());
  EXPECT_DOUBLE_EQ(dong_lien->direct_worker_share->min_share, 0.3);
  EXPECT_TRUE(dong_lien->direct_worker_share->strictly_above);
}

TEST_F(ShippedDataTest, DocumentKindsAreTheOnesSomeAwardRequires) {
  for (const char* kind : {"TO_TRINH", "BAO_CAO_THANH_TICH", "BIEN_BAN_XET", "BIEN_BAN_KIEM_PHIEU",
                           "CHUNG_NHAN_SANG_KIEN", "Y_KIEN_CO_QUAN_LIEN_QUAN"}) {
    EXPECT_TRUE(catalog_->IsDocumentKind(kind)) << kind;
  }
  for (const char* kind : {"", "to_trinh", "TO_TRINH ", "ANH_CHAN_DUNG", "CSTD_CO_SO"}) {
    EXPECT_FALSE(catalog_->IsDocumentKind(kind)) << kind;
  }
}

}  // namespace
}  // namespace tdkt::workflow::loader
