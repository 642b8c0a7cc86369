// Minimum shares (Đồng Liên: above 30% to workers and farmers) and share caps (CSTĐCS ≤ 15% of LĐTT).
#include "workflow/quota/shares.h"

#include <gtest/gtest.h>

namespace tdkt::workflow::quota {
namespace {

RecipientShareRule AboveThirtyPercent() { return RecipientShareRule{"", 0.3, true, {}}; }

TEST(CheckShareTest, StrictlyAboveThirtyPercent) {
  EXPECT_EQ(CheckShare(AboveThirtyPercent(), 3, 10).standing, ShareStanding::kNotMet);  // exactly 30%
  EXPECT_EQ(CheckShare(AboveThirtyPercent(), 4, 10).standing, ShareStanding::kMet);
  EXPECT_EQ(CheckShare(AboveThirtyPercent(), 31, 100).standing, ShareStanding::kMet);
  EXPECT_EQ(CheckShare(AboveThirtyPercent(), 2, 10).standing, ShareStanding::kNotMet);
  EXPECT_DOUBLE_EQ(CheckShare(AboveThirtyPercent(), 4, 10).share, 0.4);
}

TEST(CheckShareTest, AtLeastIncludesTheBoundary) {
  const RecipientShareRule at_least{"", 0.3, false, {}};
  EXPECT_EQ(CheckShare(at_least, 3, 10).standing, ShareStanding::kMet);
  EXPECT_EQ(CheckShare(at_least, 29, 100).standing, ShareStanding::kNotMet);
}

TEST(CheckShareTest, NothingAwardedIsNeitherMetNorMissed) {
  const ShareCheck check = CheckShare(AboveThirtyPercent(), 0, 0);
  EXPECT_EQ(check.standing, ShareStanding::kNoAwards);
  EXPECT_EQ(check.share, 0.0);
}

TEST(CheckDirectWorkerShareTest, CountsOnlyThePlansPeriodAndCodes) {
  Plan plan;
  plan.id = "dong-lien-2021";
  plan.valid_from = absl::CivilDay(2021, 1, 1);
  plan.valid_until = absl::CivilDay(2021, 12, 31);
  const std::vector<DecidedAward> decided = {
      {"GIAY_KHEN", absl::CivilDay(2021, 3, 1), true},
      {"GIAY_KHEN", absl::CivilDay(2021, 4, 1), false},
      {"LDTT", absl::CivilDay(2021, 5, 1), false},
      {"GIAY_KHEN", absl::CivilDay(2022, 1, 1), true},  // outside the period
  };
  const ShareCheck all = CheckDirectWorkerShare(AboveThirtyPercent(), plan, decided);
  EXPECT_EQ(all.part, 1);
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.standing, ShareStanding::kMet);  // 33% > 30%

  RecipientShareRule only_ldtt = AboveThirtyPercent();
  only_ldtt.award_codes = {"LDTT"};
  const ShareCheck ldtt = CheckDirectWorkerShare(only_ldtt, plan, decided);
  EXPECT_EQ(ldtt.part, 0);
  EXPECT_EQ(ldtt.total, 1);
  EXPECT_EQ(ldtt.standing, ShareStanding::kNotMet);
}

TEST(CheckShareCapTest, FifteenPercentOfLdttRoundsDown) {
  const ShareCap cap{"LDTT", 0.15};
  EXPECT_EQ(CheckShareCap(cap, 40, 6).max_allowed, 6);
  EXPECT_TRUE(CheckShareCap(cap, 40, 6).within);
  EXPECT_FALSE(CheckShareCap(cap, 40, 7).within);
  EXPECT_EQ(CheckShareCap(cap, 20, 0).max_allowed, 3);
  EXPECT_EQ(CheckShareCap(cap, 10, 0).max_allowed, 1);
  EXPECT_EQ(CheckShareCap(cap, 6, 0).max_allowed, 0);
}

TEST(CheckShareCapTest, BinaryFloatingPointDoesNotLoseOne) {
  // 0.29 × 100 is 28.999999999999996 in doubles; a configured 29% of 100 must still allow 29.
  EXPECT_EQ(CheckShareCap(ShareCap{"LDTT", 0.29}, 100, 29).max_allowed, 29);
}

TEST(CheckShareCapTest, NoBaseAllowsNone) {
  const ShareCap cap{"LDTT", 0.15};
  EXPECT_EQ(CheckShareCap(cap, 0, 0).max_allowed, 0);
  EXPECT_TRUE(CheckShareCap(cap, 0, 0).within);
  EXPECT_FALSE(CheckShareCap(cap, 0, 1).within);
}

}  // namespace
}  // namespace tdkt::workflow::quota
