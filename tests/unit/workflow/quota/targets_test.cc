// CheckTargets: Phú Thọ 2024 style ranges, below / within / above.
#include "workflow/quota/targets.h"

#include <gtest/gtest.h>

namespace tdkt::workflow::quota {
namespace {

Plan PhuTho() {
  Plan plan;
  plan.id = "phu-tho-2024";
  plan.valid_from = absl::CivilDay(2024, 1, 1);
  plan.valid_until = absl::CivilDay(2024, 12, 31);
  plan.targets.push_back(AwardTarget{"Cờ thi đua tỉnh", {"CO_THI_DUA_TINH"}, 80, 90});
  plan.targets.push_back(AwardTarget{"TTLĐXS, CSTĐ tỉnh, Bằng khen tỉnh",
                                     {"TAP_THE_LDXS", "CSTD_TINH", "BANG_KHEN_TINH"}, 3, 4});
  plan.targets.push_back(AwardTarget{"Huân chương, không giới hạn trên", {"HUAN_CHUONG"}, 1, std::nullopt});
  return plan;
}

std::vector<DecidedAward> Repeat(const std::string& code, int times, absl::CivilDay day) {
  return std::vector<DecidedAward>(times, DecidedAward{code, day, false});
}

TEST(StandingOfTest, BoundsAreInclusive) {
  const AwardTarget flags{"", {"CO_THI_DUA_TINH"}, 80, 90};
  EXPECT_EQ(StandingOf(79, flags), TargetStanding::kBelow);
  EXPECT_EQ(StandingOf(80, flags), TargetStanding::kWithin);
  EXPECT_EQ(StandingOf(90, flags), TargetStanding::kWithin);
  EXPECT_EQ(StandingOf(91, flags), TargetStanding::kAbove);
}

TEST(StandingOfTest, NoMaxIsNeverAbove) {
  const AwardTarget open{"", {"HUAN_CHUONG"}, 15, std::nullopt};
  EXPECT_EQ(StandingOf(1000000, open), TargetStanding::kWithin);
  EXPECT_EQ(StandingOf(14, open), TargetStanding::kBelow);
}

TEST(CheckTargetsTest, CountsEachTargetsCodesWithinThePeriod) {
  const Plan plan = PhuTho();
  std::vector<DecidedAward> decided = Repeat("CO_THI_DUA_TINH", 79, absl::CivilDay(2024, 12, 31));
  decided.push_back({"CO_THI_DUA_TINH", absl::CivilDay(2025, 1, 1), false});  // next year: not counted
  decided.push_back({"CO_THI_DUA_TINH", absl::CivilDay(2023, 12, 31), false});
  decided.push_back({"TAP_THE_LDXS", absl::CivilDay(2024, 1, 1), false});
  decided.push_back({"CSTD_TINH", absl::CivilDay(2024, 6, 30), false});
  decided.push_back({"BANG_KHEN_TINH", absl::CivilDay(2024, 7, 1), false});
  decided.push_back({"LDTT", absl::CivilDay(2024, 7, 1), false});  // in no target

  const std::vector<TargetProgress> progress = CheckTargets(plan, decided);
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].target, &plan.targets[0]);
  EXPECT_EQ(progress[0].count, 79);
  EXPECT_EQ(progress[0].standing, TargetStanding::kBelow);
  EXPECT_EQ(progress[0].missing_to_min, 1);
  EXPECT_EQ(progress[1].count, 3);
  EXPECT_EQ(progress[1].standing, TargetStanding::kWithin);
  EXPECT_EQ(progress[1].missing_to_min, 0);
  EXPECT_EQ(progress[2].count, 0);
  EXPECT_EQ(progress[2].standing, TargetStanding::kBelow);
}

TEST(CheckTargetsTest, AboveTheRangeIsReported) {
  const Plan plan = PhuTho();
  const std::vector<TargetProgress> progress =
      CheckTargets(plan, Repeat("CO_THI_DUA_TINH", 91, absl::CivilDay(2024, 5, 1)));
  EXPECT_EQ(progress[0].count, 91);
  EXPECT_EQ(progress[0].standing, TargetStanding::kAbove);
}

}  // namespace
}  // namespace tdkt::workflow::quota
