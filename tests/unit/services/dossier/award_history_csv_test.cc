#include "services/dossier/award_history_csv.h"

#include <gtest/gtest.h>

#include "workflow/loader/catalog_loader.h"

namespace tdkt::dossier {
namespace {

constexpr char kHeader[] = "subject_kind,subject_id,award_code,year,decision_number,decision_date,issuing_body\n";

class AwardHistoryCsvTest : public ::testing::Test {
 protected:
  AwardHistoryCsvTest() {
    auto catalog = workflow::loader::LoadCatalog(std::string(TDKT_SOURCE_DIR) + "/data");
    EXPECT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
  }
  AwardHistoryCsv Parse(const std::string& csv) { return ParseAwardHistoryCsv(csv, catalog_, absl::CivilDay(2026, 3, 2)); }

  workflow::catalog::Catalog catalog_;
};

TEST_F(AwardHistoryCsvTest, ReadsEveryColumnInAnyOrder) {
  const AwardHistoryCsv parsed = Parse(
      "year,award_code,subject_id,subject_kind,decision_date,decision_number,issuing_body\n"
      "2023,CSTD_CO_SO,p1,PERSON,2023-12-20,12/QĐ-UBND,\"UBND huyện Thanh Sơn, Phú Thọ\"\n"
      "2024,TAP_THE_LDTT,U,COLLECTIVE,2025-01-05,3/QĐ-UBND,UBND huyện Thanh Sơn\n");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  ASSERT_EQ(parsed.records.size(), 2u);
  const AwardHistoryRecord& first = parsed.records[0];
  EXPECT_EQ(first.subject_kind, AwardSubjectKind::kPerson);
  EXPECT_EQ(first.subject_id, "p1");
  EXPECT_EQ(first.award_code, "CSTD_CO_SO");
  EXPECT_EQ(first.year, 2023);
  EXPECT_EQ(first.decision_number, "12/QĐ-UBND");
  EXPECT_EQ(first.decision_date, absl::CivilDay(2023, 12, 20));
  EXPECT_EQ(first.issuing_body, "UBND huyện Thanh Sơn, Phú Thọ");
  EXPECT_EQ(first.import_line, 2);
  EXPECT_EQ(parsed.records[1].subject_kind, AwardSubjectKind::kCollective);
  EXPECT_EQ(parsed.records[1].import_line, 3);
}

TEST_F(AwardHistoryCsvTest, EveryBadRowIsNamedByItsLineAndNothingIsKept) {
  const AwardHistoryCsv parsed = Parse(std::string(kHeader) +
                                       "PERSON,p1,LDTT,2024,1/QĐ,2024-12-30,UBND xã\n"          // line 2: good
                                       "ROBOT,p2,LDTT,2024,1/QĐ,2024-12-30,UBND xã\n"           // 3
                                       "PERSON,p3,KHONG_CO,2024,1/QĐ,2024-12-30,UBND xã\n"      // 4
                                       "PERSON,p4,LDTT,20x4,1/QĐ,2024-12-30,UBND xã\n"          // 5
                                       "PERSON,p5,LDTT,2024,1/QĐ,2024-02-30,UBND xã\n"          // 6
                                       "PERSON,p6,LDTT,2024,1/QĐ,2027-01-01,UBND xã\n"          // 7
                                       "PERSON,p7,LDTT,2024,,2024-12-30,UBND xã\n"              // 8
                                       "PERSON,p1,LDTT,2024,2/QĐ,2024-12-31,UBND xã\n");        // 9: same as 2
  EXPECT_TRUE(parsed.records.empty()) << "all or nothing";
  ASSERT_EQ(parsed.errors.size(), 7u);
  EXPECT_EQ(parsed.errors[0].rfind("Dòng 3: subject_kind", 0), 0u) << parsed.errors[0];
  EXPECT_EQ(parsed.errors[1].rfind("Dòng 4: mã khen thưởng \"KHONG_CO\"", 0), 0u) << parsed.errors[1];
  EXPECT_EQ(parsed.errors[2].rfind("Dòng 5: năm", 0), 0u) << parsed.errors[2];
  EXPECT_EQ(parsed.errors[3].rfind("Dòng 6: ngày quyết định", 0), 0u) << parsed.errors[3];
  EXPECT_EQ(parsed.errors[4], "Dòng 7: ngày quyết định sau ngày hôm nay");
  EXPECT_EQ(parsed.errors[5].rfind("Dòng 8: ", 0), 0u) << parsed.errors[5];
  EXPECT_EQ(parsed.errors[6], "Dòng 9: trùng với dòng 2 (cùng đối tượng, khen thưởng và năm)");
}

TEST_F(AwardHistoryCsvTest, AMissingColumnNamesTheHeaderLine) {
  const AwardHistoryCsv parsed = Parse("subject_kind,subject_id,award_code,year\nPERSON,p1,LDTT,2024\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0], "Dòng 1: thiếu cột decision_number, decision_date, issuing_body");
}

TEST_F(AwardHistoryCsvTest, AFileWithoutRowsIsRefused) {
  EXPECT_FALSE(Parse(kHeader).errors.empty());
  EXPECT_FALSE(Parse("").errors.empty());
}

}  // namespace
}  // namespace tdkt::dossier
