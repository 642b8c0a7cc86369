#include "workflow/quota/prior_awards.h"

#include <gtest/gtest.h>

#include "workflow/quota/shares.h"

namespace tdkt::workflow::quota {
namespace {

TEST(MissingPriorYearsTest, TheYearsImmediatelyBeforeTheDossiersYear) {
  const PriorAwardRule three{"CSTD_CO_SO", 3};
  EXPECT_EQ(FirstPriorYear(three, 2026), 2023);
  EXPECT_TRUE(MissingPriorYears(three, 2026, {2023, 2024, 2025}).empty());
  EXPECT_EQ(MissingPriorYears(three, 2026, {2023, 2025}), std::vector<int>{2024});
  EXPECT_EQ(MissingPriorYears(three, 2026, {}), (std::vector<int>{2023, 2024, 2025}));
}

TEST(MissingPriorYearsTest, YearsOutsideTheWindowDoNotCount) {
  const PriorAwardRule two{"CSTD_TINH", 2};
  // 2021 and 2022 are consecutive, but not the two years before 2026; the dossier's own year does not count.
  EXPECT_EQ(MissingPriorYears(two, 2026, {2021, 2022, 2026}), (std::vector<int>{2024, 2025}));
}

TEST(MissingPriorYearsTest, TheMessageNamesTheAwardsAndTheMissingYears) {
  AwardDefinition award;
  award.name_vi = "Chiến sĩ thi đua cấp tỉnh";
  award.requires_prior = PriorAwardRule{"CSTD_CO_SO", 3};
  EXPECT_EQ(MissingPriorMessage(award, "Chiến sĩ thi đua cơ sở", 2026, {2023, 2025}),
            "Danh hiệu «Chiến sĩ thi đua cấp tỉnh» năm 2026 cần «Chiến sĩ thi đua cơ sở» 3 năm liên tục trước đó "
            "(2023–2025); còn thiếu năm: 2023, 2025");
}

TEST(CapExceededMessageTest, NamesTheCapTheCountAndTheLimit) {
  AwardDefinition award;
  award.name_vi = "Chiến sĩ thi đua cơ sở";
  award.cap = ShareCap{"LDTT", 0.15};
  const CapCheck check = CheckShareCap(*award.cap, 34, 6);
  ASSERT_FALSE(check.within);
  EXPECT_EQ(CapExceededMessage(award, "Lao động tiên tiến", 2025, check),
            "Vượt tỷ lệ: «Chiến sĩ thi đua cơ sở» tối đa 15% số «Lao động tiên tiến» của đơn vị năm 2025 "
            "(34 → tối đa 5); tính cả hồ sơ này là 6");
}

}  // namespace
}  // namespace tdkt::workflow::quota
