// LoadCatalog over a data folder written by the test: cross-file checks name the file and line.
#include "workflow/loader/catalog_loader.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tdkt::workflow::loader {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kFourLevel[] = R"pb(chains {
  id: "4-level"
  version: 1
  valid_from { year: 2024 month: 1 day: 1 }
  valid_until { year: 2025 month: 6 day: 30 }
  levels { org_level: ORG_LEVEL_UNIT appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_COMMUNE appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_DISTRICT appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_PROVINCE appraisal_working_days: 25 }
}
)pb";

constexpr char kThreeLevel[] = R"pb(chains {
  id: "3-level"
  version: 1
  valid_from { year: 2025 month: 7 day: 1 }
  levels { org_level: ORG_LEVEL_UNIT appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_COMMUNE appraisal_working_days: 10 }
  levels { org_level: ORG_LEVEL_PROVINCE appraisal_working_days: 25 }
}
)pb";

constexpr char kCstdcsUntilReform[] = R"pb(
awards {
  code: "CSTD_CO_SO"
  name_vi: "Chiến sĩ thi đua cơ sở"
  kind: AWARD_KIND_EMULATION_TITLE
  subjects: AWARD_SUBJECT_INDIVIDUAL
  deciding_level: ORG_LEVEL_DISTRICT
  proposing_levels: ORG_LEVEL_UNIT
  required_documents: "TO_TRINH"
  valid_from { year: 2024 month: 1 day: 1 }
  valid_until { year: 2025 month: 6 day: 30 }
}
)pb";

constexpr char kCstdcsFromReform[] = R"pb(
awards {
  code: "CSTD_CO_SO"
  name_vi: "Chiến sĩ thi đua cơ sở"
  kind: AWARD_KIND_EMULATION_TITLE
  subjects: AWARD_SUBJECT_INDIVIDUAL
  deciding_level: ORG_LEVEL_COMMUNE
  proposing_levels: ORG_LEVEL_UNIT
  required_documents: "TO_TRINH"
  valid_from { year: 2025 month: 7 day: 1 }
}
)pb";

class CatalogLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) / (std::string("tdkt_catalog_") + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "chains");
    std::filesystem::create_directories(dir_ / "awards");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ / relative) << text;
  }

  std::filesystem::path dir_;
};

TEST_F(CatalogLoaderTest, LoadsChainsAndAwardsAcrossFiles) {
  Write("chains/4-level.textproto", kFourLevel);
  Write("chains/3-level.textproto", kThreeLevel);
  Write("awards/a.textproto", kCstdcsUntilReform);
  Write("awards/b.textproto", kCstdcsFromReform);
  Write("awards/README.md", "not data: ignored");
  absl::StatusOr<catalog::Catalog> catalog = LoadCatalog(dir_.string());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(catalog->chains().size(), 2u);
  EXPECT_EQ(catalog->awards().size(), 2u);
}

TEST_F(CatalogLoaderTest, OverlappingValidityAcrossFilesNamesBothFiles) {
  Write("chains/4-level.textproto", kFourLevel);
  Write("chains/3-level.textproto", kThreeLevel);
  Write("awards/a.textproto", kCstdcsFromReform);
  Write("awards/b.textproto", kCstdcsFromReform);
  absl::Status status = LoadCatalog(dir_.string()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr("awards/b.textproto:2: "), HasSubstr("chồng lấn"),
                                      HasSubstr("awards/a.textproto:2")));
}

TEST_F(CatalogLoaderTest, OverlappingChainVersionsAreRefused) {
  Write("chains/4-level.textproto", kFourLevel);
  std::string later = kFourLevel;
  later.replace(later.find("version: 1"), std::string("version: 1").size(), "version: 2");
  Write("chains/4-level-v2.textproto", later);
  EXPECT_THAT(std::string(LoadCatalog(dir_.string()).status().message()), HasSubstr("chồng lấn"));
}

TEST_F(CatalogLoaderTest, DistrictDecidedAwardWithoutEndDateIsRefused) {
  Write("chains/4-level.textproto", kFourLevel);
  Write("chains/3-level.textproto", kThreeLevel);
  std::string open_ended = kCstdcsUntilReform;
  const std::string until = "valid_until { year: 2025 month: 6 day: 30 }";
  open_ended.erase(open_ended.find(until), until.size());
  Write("awards/a.textproto", open_ended);
  EXPECT_THAT(std::string(LoadCatalog(dir_.string()).status().message()),
              AllOf(HasSubstr("awards/a.textproto:2: "), HasSubstr("3-level")));
}

TEST_F(CatalogLoaderTest, MissingFolderIsNotFound) {
  std::filesystem::remove_all(dir_ / "awards");
  Write("chains/3-level.textproto", kThreeLevel);
  EXPECT_EQ(LoadCatalog(dir_.string()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CatalogLoaderTest, EmptyChainsFolderIsRefused) {
  EXPECT_EQ(LoadCatalog(dir_.string()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::workflow::loader
