// CatalogBuilder: one entry's own rules when added, and the cross-checks of Build(). Each test breaks one
// rule of otherwise valid data and checks the origin and the reason in the error.
#include "workflow/catalog/catalog_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/workflow/loader/catalog_fixtures.h"

namespace tdkt::workflow::catalog {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using fixtures::FourLevel;
using fixtures::MakeAward;
using fixtures::ThreeLevel;

AwardDefinition ValidAward() {
  return MakeAward("LDTT", OrgLevel::kUnit, {OrgLevel::kUnit, OrgLevel::kCommune}, absl::CivilDay(2024, 1, 1),
                   std::nullopt);
}

absl::Status BuildWith(std::vector<ChainDefinition> chains, std::vector<AwardDefinition> awards) {
  CatalogBuilder builder;
  for (size_t i = 0; i < chains.size(); ++i) {
    if (absl::Status s = builder.AddChain(chains[i], "chains.textproto:" + std::to_string(i + 1)); !s.ok()) {
      return s;
    }
  }
  for (size_t i = 0; i < awards.size(); ++i) {
    if (absl::Status s = builder.AddAward(awards[i], "awards.textproto:" + std::to_string(i + 1)); !s.ok()) {
      return s;
    }
  }
  return std::move(builder).Build().status();
}

TEST(CatalogBuilderTest, ValidSampleBuilds) {
  EXPECT_TRUE(BuildWith({FourLevel(), ThreeLevel()}, {ValidAward()}).ok());
}

TEST(CatalogBuilderTest, NoChainIsRefused) {
  EXPECT_EQ(BuildWith({}, {}).code(), absl::StatusCode::kInvalidArgument);
}

TEST(CatalogBuilderTest, LevelsNotStrictlyIncreasingAreRefused) {
  ChainDefinition chain = FourLevel();
  std::swap(chain.levels[1], chain.levels[2]);  // unit → district → commune
  absl::Status status = BuildWith({chain}, {});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("chains.textproto:1"), HasSubstr("tăng dần")));
}

TEST(CatalogBuilderTest, RepeatedLevelIsRefused) {
  ChainDefinition chain = ThreeLevel();
  chain.levels.push_back(chain.levels.back());
  EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("tăng dần"));
}

TEST(CatalogBuilderTest, ChainNotStartingAtUnitIsRefused) {
  ChainDefinition chain = ThreeLevel();
  chain.levels.erase(chain.levels.begin());
  EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("cấp đầu tiên"));
}

TEST(CatalogBuilderTest, CentralLevelInAChainIsRefused) {
  ChainDefinition chain = ThreeLevel();
  chain.levels.push_back(ChainLevel{.org_level = OrgLevel::kCentral});
  EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("Trung ương"));
}

TEST(CatalogBuilderTest, QuorumOutsideZeroOneIsRefused) {
  for (double quorum : {0.0, -0.1, 1.01}) {
    ChainDefinition chain = ThreeLevel();
    chain.levels[1].quorum = quorum;
    EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("quorum")) << quorum;
  }
  ChainDefinition full = ThreeLevel();
  full.levels[1].quorum = 1.0;
  EXPECT_TRUE(BuildWith({full}, {}).ok());
}

TEST(CatalogBuilderTest, ChainThresholdOutsideZeroOneIsRefused) {
  for (double threshold : {-0.01, 1.0, 1.5}) {
    ChainDefinition chain = ThreeLevel();
    chain.levels[2].pass_threshold = threshold;
    EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("pass_threshold")) << threshold;
  }
}

TEST(CatalogBuilderTest, NonPositiveAppraisalDaysAreRefused) {
  ChainDefinition chain = ThreeLevel();
  chain.levels[0].appraisal_working_days = 0;
  EXPECT_THAT(std::string(BuildWith({chain}, {}).message()), HasSubstr("appraisal_working_days"));
}

TEST(CatalogBuilderTest, OverlappingVersionsOfAChainAreRefused) {
  ChainDefinition v2 = FourLevel();
  v2.version = 2;
  v2.valid_from = absl::CivilDay(2025, 6, 30);  // one day in common with version 1
  v2.valid_until = std::nullopt;
  absl::Status status = BuildWith({FourLevel(), v2}, {});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("chains.textproto:2"), HasSubstr("chồng lấn"), HasSubstr("chains.textproto:1")));
}

TEST(CatalogBuilderTest, ConsecutiveVersionsOfAChainAreAccepted) {
  ChainDefinition v2 = FourLevel();
  v2.version = 2;
  v2.valid_from = absl::CivilDay(2025, 7, 1);
  v2.valid_until = std::nullopt;
  EXPECT_TRUE(BuildWith({FourLevel(), v2}, {}).ok());
}

TEST(CatalogBuilderTest, DuplicateChainVersionIsRefused) {
  ChainDefinition copy = FourLevel();
  copy.valid_from = absl::CivilDay(2026, 1, 1);
  copy.valid_until = std::nullopt;
  EXPECT_THAT(std::string(BuildWith({FourLevel(), copy}, {}).message()), HasSubstr("trùng"));
}

TEST(CatalogBuilderTest, OverlappingAwardEntriesAreRefused) {
  AwardDefinition later = ValidAward();
  later.valid_from = absl::CivilDay(2025, 7, 1);
  absl::Status status = BuildWith({FourLevel(), ThreeLevel()}, {ValidAward(), later});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("LDTT"), HasSubstr("chồng lấn")));
}

TEST(CatalogBuilderTest, DecidingLevelMissingFromAChainIsRefused) {
  // District-decided without an end date: it would still apply in the 3-level chain.
  AwardDefinition cstdcs = MakeAward("CSTD_CO_SO", OrgLevel::kDistrict, {OrgLevel::kUnit},
                                     absl::CivilDay(2024, 1, 1), std::nullopt);
  absl::Status status = BuildWith({FourLevel(), ThreeLevel()}, {cstdcs});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("awards.textproto:1"), HasSubstr("cấp quyết định cấp huyện"),
                                      HasSubstr("3-level")));
}

TEST(CatalogBuilderTest, DecidingLevelMissingIsFineWhenTheEntryEndsBeforeTheChain) {
  AwardDefinition cstdcs = MakeAward("CSTD_CO_SO", OrgLevel::kDistrict, {OrgLevel::kUnit},
                                     absl::CivilDay(2024, 1, 1), absl::CivilDay(2025, 6, 30));
  EXPECT_TRUE(BuildWith({FourLevel(), ThreeLevel()}, {cstdcs}).ok());
}

TEST(CatalogBuilderTest, CentralDecidingLevelNeedsNoChainLevel) {
  AwardDefinition bk_ttg = MakeAward("BANG_KHEN_THU_TUONG", OrgLevel::kCentral, {OrgLevel::kUnit},
                                     absl::CivilDay(2024, 1, 1), std::nullopt);
  EXPECT_TRUE(BuildWith({FourLevel(), ThreeLevel()}, {bk_ttg}).ok());
}

TEST(CatalogBuilderTest, ProposingLevelMissingFromAChainIsRefused) {
  AwardDefinition award = ValidAward();
  award.proposing_levels.push_back(OrgLevel::kDistrict);
  EXPECT_THAT(std::string(BuildWith({FourLevel(), ThreeLevel()}, {award}).message()), HasSubstr("cấp đề nghị cấp huyện"));
}

TEST(CatalogBuilderTest, AwardThresholdOutsideZeroOneIsRefused) {
  for (double threshold : {-0.1, 1.1}) {
    AwardDefinition award = ValidAward();
    award.pass_threshold_override = threshold;
    absl::Status status = BuildWith({ThreeLevel()}, {award});
    EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("awards.textproto:1"), HasSubstr("pass_threshold_override")))
        << threshold;
  }
  AwardDefinition unanimous = ValidAward();
  unanimous.pass_threshold_override = 1.0;
  EXPECT_TRUE(BuildWith({ThreeLevel()}, {unanimous}).ok());
}

TEST(CatalogBuilderTest, CapOutsideZeroOneOrWithUnknownBaseIsRefused) {
  AwardDefinition cstdcs = MakeAward("CSTD_CO_SO", OrgLevel::kCommune, {OrgLevel::kUnit},
                                     absl::CivilDay(2025, 7, 1), std::nullopt);
  cstdcs.cap = ShareCap{"LDTT", 1.5};
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {ValidAward(), cstdcs}).message()), HasSubstr("max_share"));
  cstdcs.cap = ShareCap{"NO_SUCH", 0.15};
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {ValidAward(), cstdcs}).message()), HasSubstr("NO_SUCH"));
  cstdcs.cap = ShareCap{"LDTT", 0.15};
  EXPECT_TRUE(BuildWith({ThreeLevel()}, {ValidAward(), cstdcs}).ok());
}

TEST(CatalogBuilderTest, PriorAwardRuleOnItselfOutOfRangeOrUnknownIsRefused) {
  AwardDefinition provincial = MakeAward("CSTD_TINH", OrgLevel::kProvince, {OrgLevel::kUnit},
                                         absl::CivilDay(2025, 7, 1), std::nullopt);
  provincial.requires_prior = PriorAwardRule{"CSTD_TINH", 3};
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {ValidAward(), provincial}).message()),
              HasSubstr("requires_prior.award_code"));
  provincial.requires_prior = PriorAwardRule{"LDTT", 0};
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {ValidAward(), provincial}).message()),
              HasSubstr("requires_prior.years"));
  provincial.requires_prior = PriorAwardRule{"NO_SUCH", 3};
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {ValidAward(), provincial}).message()), HasSubstr("NO_SUCH"));
  provincial.requires_prior = PriorAwardRule{"LDTT", 3};
  EXPECT_TRUE(BuildWith({ThreeLevel()}, {ValidAward(), provincial}).ok());
}

TEST(CatalogBuilderTest, EntryWithoutSubjectsOrDocumentsIsRefused) {
  AwardDefinition no_subjects = ValidAward();
  no_subjects.subjects.clear();
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {no_subjects}).message()), HasSubstr("subjects"));
  AwardDefinition no_documents = ValidAward();
  no_documents.required_documents.clear();
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {no_documents}).message()), HasSubstr("required_documents"));
}

TEST(CatalogBuilderTest, ValidityEndingBeforeItStartsIsRefused) {
  AwardDefinition award = ValidAward();
  award.valid_until = absl::CivilDay(2023, 12, 31);
  EXPECT_THAT(std::string(BuildWith({ThreeLevel()}, {award}).message()), HasSubstr("valid_until"));
}

}  // namespace
}  // namespace tdkt::workflow::catalog
