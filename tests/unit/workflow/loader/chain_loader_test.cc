// Chain loader: broken data/chains files are refused with file, line and reason.
#include "workflow/loader/chain_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflow/catalog/catalog_builder.h"

namespace tdkt::workflow::loader {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Line 1 is "chains {".
constexpr char kValidChain[] = R"pb(chains {
  id: "3-level"
  version: 1
  valid_from { year: 2025 month: 7 day: 1 }
  levels { org_level: ORG_LEVEL_UNIT appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_COMMUNE appraisal_working_days: 10 quorum: 0.75 }
  levels { org_level: ORG_LEVEL_PROVINCE appraisal_working_days: 25 pass_threshold: 0.6 }
}
)pb";

// `text` with the first `from` replaced by `to`.
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

absl::Status Load(const std::string& text, catalog::CatalogBuilder& builder) {
  return AddChainsFromText(text, "chains/test.textproto", &builder);
}

absl::Status Load(const std::string& text) {
  catalog::CatalogBuilder builder;
  return Load(text, builder);
}

TEST(ChainLoaderTest, ValidChainLoadsWithDefaultsAndOverrides) {
  catalog::CatalogBuilder builder;
  ASSERT_TRUE(Load(kValidChain, builder).ok());
  absl::StatusOr<catalog::Catalog> catalog = std::move(builder).Build();
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_EQ(catalog->chains().size(), 1u);
  const ChainDefinition& chain = catalog->chains()[0];
  EXPECT_EQ(chain.id, "3-level");
  EXPECT_EQ(chain.valid_from, absl::CivilDay(2025, 7, 1));
  EXPECT_FALSE(chain.valid_until.has_value());
  ASSERT_EQ(chain.levels.size(), 3u);
  EXPECT_EQ(chain.levels[0].appraiser_role, Role::kAppraiser);
  EXPECT_TRUE(chain.levels[0].council_votes);
  EXPECT_DOUBLE_EQ(chain.levels[0].quorum, 2.0 / 3.0);
  EXPECT_EQ(chain.levels[0].completeness_check_working_days, 3);
  EXPECT_DOUBLE_EQ(chain.levels[1].quorum, 0.75);
  EXPECT_DOUBLE_EQ(chain.levels[2].pass_threshold, 0.6);
  EXPECT_EQ(chain.levels[2].appraisal_working_days, 25);
}

TEST(ChainLoaderTest, SyntaxErrorNamesFileLineAndColumn) {
  const std::string text = "chains {\n  id: \"x\"\n  version 1 2\n}\n";
  absl::Status status = Load(text);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("chains/test.textproto:3:"));
}

TEST(ChainLoaderTest, UnknownLevelNameIsASyntaxErrorAtItsLine) {
  const std::string text = Replace(kValidChain, "ORG_LEVEL_COMMUNE", "ORG_LEVEL_HAMLET");
  absl::Status status = Load(text);
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("chains/test.textproto:6:"), HasSubstr("ORG_LEVEL_HAMLET")));
}

TEST(ChainLoaderTest, UnknownLevelNumberIsRefusedAtItsLine) {
  const std::string text = Replace(kValidChain, "ORG_LEVEL_COMMUNE", "9");
  absl::Status status = Load(text);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(StartsWith("chains/test.textproto:6: "), HasSubstr("không xác định: 9")));
}

TEST(ChainLoaderTest, MissingLevelIsRefused) {
  const std::string text = Replace(kValidChain, "org_level: ORG_LEVEL_COMMUNE", "");
  EXPECT_THAT(std::string(Load(text).message()), AllOf(StartsWith("chains/test.textproto:6: "), HasSubstr("thiếu cấp")));
}

TEST(ChainLoaderTest, LevelsOutOfOrderAreRefusedAtTheChain) {
  const std::string text = Replace(kValidChain, "ORG_LEVEL_PROVINCE", "ORG_LEVEL_UNIT");
  EXPECT_THAT(std::string(Load(text).message()), AllOf(StartsWith("chains/test.textproto:1: "), HasSubstr("tăng dần")));
}

TEST(ChainLoaderTest, ThresholdOutsideZeroOneIsRefused) {
  const std::string text = Replace(kValidChain, "pass_threshold: 0.6", "pass_threshold: 1.6");
  EXPECT_THAT(std::string(Load(text).message()),
              AllOf(StartsWith("chains/test.textproto:1: "), HasSubstr("pass_threshold 1.6")));
}

TEST(ChainLoaderTest, QuorumZeroIsRefused) {
  const std::string text = Replace(kValidChain, "quorum: 0.75", "quorum: 0");
  EXPECT_THAT(std::string(Load(text).message()), HasSubstr("quorum 0 nằm ngoài (0, 1]"));
}

TEST(ChainLoaderTest, MissingOrImpossibleDateIsRefusedAtItsLine) {
  const std::string missing = Replace(kValidChain, "valid_from { year: 2025 month: 7 day: 1 }", "");
  EXPECT_THAT(std::string(Load(missing).message()), AllOf(StartsWith("chains/test.textproto:1: "), HasSubstr("valid_from")));
  const std::string impossible = Replace(kValidChain, "month: 7 day: 1", "month: 2 day: 30");
  EXPECT_THAT(std::string(Load(impossible).message()),
              AllOf(StartsWith("chains/test.textproto:4: "), HasSubstr("không phải ngày hợp lệ")));
}

TEST(ChainLoaderTest, MissingAppraisalDaysIsRefused) {
  const std::string text = Replace(kValidChain, " appraisal_working_days: 10 quorum", " quorum");
  EXPECT_THAT(std::string(Load(text).message()),
              AllOf(StartsWith("chains/test.textproto:6: "), HasSubstr("appraisal_working_days")));
}

TEST(ChainLoaderTest, MissingFileIsNotFound) {
  catalog::CatalogBuilder builder;
  EXPECT_EQ(AddChainsFromFile("/nonexistent/chains/x.textproto", &builder).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tdkt::workflow::loader
