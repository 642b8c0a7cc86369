// Award loader: broken data/awards files are refused with file, line and reason.
#include "workflow/loader/award_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflow/catalog/catalog_builder.h"
#include "workflow/loader/chain_loader.h"

namespace tdkt::workflow::loader {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kChain[] = R"pb(chains {
  id: "3-level"
  version: 1
  valid_from { year: 2025 month: 7 day: 1 }
  levels { org_level: ORG_LEVEL_UNIT appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_COMMUNE appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_PROVINCE appraisal_working_days: 25 }
}
)pb";

// Line 1 is "awards {" of LDTT; line 10 is "awards {" of CSTD_TINH.
constexpr char kAwards[] = R"pb(awards {
  code: "LDTT"
  name_vi: "Lao động tiên tiến"
  kind: AWARD_KIND_EMULATION_TITLE
  subjects: AWARD_SUBJECT_INDIVIDUAL
  deciding_level: ORG_LEVEL_UNIT
  proposing_levels: [ ORG_LEVEL_UNIT, ORG_LEVEL_COMMUNE ]
  required_documents: [ "TO_TRINH", "BAO_CAO_THANH_TICH" ]
  valid_from { year: 2025 month: 7 day: 1 } }
awards {
  code: "CSTD_TINH"
  name_vi: "Chiến sĩ thi đua cấp tỉnh"
  kind: AWARD_KIND_EMULATION_TITLE
  subjects: AWARD_SUBJECT_INDIVIDUAL
  deciding_level: ORG_LEVEL_PROVINCE
  proposing_levels: ORG_LEVEL_UNIT
  required_documents: "TO_TRINH"
  pass_threshold_override: 0.9
  threshold_counts_all_members: true
  valid_from { year: 2025 month: 7 day: 1 }
}
)pb";

absl::Status Load(const std::string& text, catalog::CatalogBuilder& builder) {
  if (absl::Status status = AddChainsFromText(kChain, "chains/3.textproto", &builder); !status.ok()) {
    return status;
  }
  return AddAwardsFromText(text, "awards/test.textproto", &builder);
}

absl::Status LoadAndBuild(const std::string& text) {
  catalog::CatalogBuilder builder;
  if (absl::Status status = Load(text, builder); !status.ok()) return status;
  return std::move(builder).Build().status();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(AwardLoaderTest, ValidAwardsLoad) {
  catalog::CatalogBuilder builder;
  ASSERT_TRUE(Load(kAwards, builder).ok());
  absl::StatusOr<catalog::Catalog> catalog = std::move(builder).Build();
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  absl::StatusOr<const AwardDefinition*> cstd = catalog->AwardOn("CSTD_TINH", absl::CivilDay(2025, 8, 1));
  ASSERT_TRUE(cstd.ok());
  EXPECT_EQ((*cstd)->deciding_level, OrgLevel::kProvince);
  EXPECT_EQ((*cstd)->pass_threshold_override, 0.9);
  EXPECT_TRUE((*cstd)->threshold_counts_all_members);
  absl::StatusOr<const AwardDefinition*> ldtt = catalog->AwardOn("LDTT", absl::CivilDay(2025, 8, 1));
  ASSERT_TRUE(ldtt.ok());
  EXPECT_THAT((*ldtt)->proposing_levels, ElementsAre(OrgLevel::kUnit, OrgLevel::kCommune));
  EXPECT_THAT((*ldtt)->required_documents, ElementsAre("TO_TRINH", "BAO_CAO_THANH_TICH"));
  EXPECT_FALSE((*ldtt)->pass_threshold_override.has_value());
}

TEST(AwardLoaderTest, SyntaxErrorNamesFileAndLine) {
  absl::Status status = LoadAndBuild(Replace(kAwards, "code: \"CSTD_TINH\"", "code \"CSTD_TINH\""));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("awards/test.textproto:11:"));
}

TEST(AwardLoaderTest, MissingDecidingLevelIsRefusedAtTheEntry) {
  absl::Status status = LoadAndBuild(Replace(kAwards, "deciding_level: ORG_LEVEL_PROVINCE", ""));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("awards/test.textproto:10: "), HasSubstr("CSTD_TINH"),
                                      HasSubstr("thiếu cấp quyết định")));
}

TEST(AwardLoaderTest, UnknownDecidingLevelNumberIsRefusedAtItsLine) {
  absl::Status status = LoadAndBuild(Replace(kAwards, "deciding_level: ORG_LEVEL_PROVINCE", "deciding_level: 42"));
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("awards/test.textproto:15: "), HasSubstr("không xác định: 42")));
}

TEST(AwardLoaderTest, UnknownProposingLevelNameIsASyntaxError) {
  absl::Status status = LoadAndBuild(Replace(kAwards, "ORG_LEVEL_UNIT, ORG_LEVEL_COMMUNE", "ORG_LEVEL_UNIT, ORG_LEVEL_WARD"));
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("awards/test.textproto:7:"), HasSubstr("ORG_LEVEL_WARD")));
}

TEST(AwardLoaderTest, DecidingLevelAbsentFromTheChainIsRefusedAtTheEntry) {
  absl::Status status =
      LoadAndBuild(Replace(kAwards, "deciding_level: ORG_LEVEL_PROVINCE", "deciding_level: ORG_LEVEL_DISTRICT"));
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("awards/test.textproto:10: "), HasSubstr("cấp huyện"),
                                      HasSubstr("3-level")));
}

TEST(AwardLoaderTest, ThresholdOutsideZeroOneIsRefused) {
  absl::Status status = LoadAndBuild(Replace(kAwards, "pass_threshold_override: 0.9", "pass_threshold_override: 90"));
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("awards/test.textproto:10: "),
                                      HasSubstr("pass_threshold_override 90 nằm ngoài [0, 1]")));
}

TEST(AwardLoaderTest, OverlappingEntriesOfACodeAreRefused) {
  // The second copy renames LDTT but repeats CSTD_TINH, valid from the same day.
  const std::string text =
      std::string(kAwards) + Replace(kAwards, "code: \"LDTT\"", "code: \"LDTT_X\"");
  absl::Status status = LoadAndBuild(text);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("CSTD_TINH"), HasSubstr("chồng lấn")));
}

TEST(AwardLoaderTest, MissingKindOrSubjectIsRefusedAtItsLine) {
  EXPECT_THAT(std::string(LoadAndBuild(Replace(kAwards, "kind: AWARD_KIND_EMULATION_TITLE\n  subjects: AWARD_SUBJECT_INDIVIDUAL\n  deciding_level: ORG_LEVEL_UNIT",
                                   "subjects: AWARD_SUBJECT_INDIVIDUAL\n  deciding_level: ORG_LEVEL_UNIT"))
                  .message()),
              AllOf(StartsWith("awards/test.textproto:1: "), HasSubstr("kind")));
  EXPECT_THAT(std::string(LoadAndBuild(Replace(kAwards, "subjects: AWARD_SUBJECT_INDIVIDUAL\n  deciding_level: ORG_LEVEL_UNIT",
                                   "subjects: 7\n  deciding_level: ORG_LEVEL_UNIT"))
                  .message()),
              AllOf(StartsWith("awards/test.textproto:5: "), HasSubstr("subjects")));
}

}  // namespace
}  // namespace tdkt::workflow::loader
