// The directory's format rules on top of the kit's request checks, and the search fold.
#include "services/directory/request_rules.h"

#include <gtest/gtest.h>

#include "services/directory/fold_for_search.h"

namespace tdkt::directory {
namespace {

using absl::StatusCode;

tdkt::v1::Date D(int y, int m, int d) {
  tdkt::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(RequestRules, IdsArePositiveDecimalIdentifiers) {
  EXPECT_TRUE(CheckId("định danh (id)", "42").ok());
  EXPECT_TRUE(CheckId("định danh (id)", "", common::Presence::kOptional).ok());
  for (const std::string& bad :
       {std::string(""), std::string("0"), std::string("-3"), std::string("4a"), std::string("99999999999999999999"),
        std::string("4\0"
                    "2",
                    3)}) {
    const absl::Status status = CheckId("định danh (id)", bad);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("định danh (id)"), absl::string_view::npos) << status.message();
  }
}

TEST(RequestRules, CodesAndUsernamesRefuseWhatTheDatabaseWouldTruncateOrRefuse) {
  EXPECT_TRUE(CheckCode("mã (code)", "PT-DONGTAN_2.0").ok());
  EXPECT_FALSE(CheckCode("mã (code)", "PT DONG").ok());
  EXPECT_FALSE(CheckCode("mã (code)", std::string("PT\0x", 4)).ok());
  EXPECT_FALSE(CheckCode("mã (code)", std::string(65, 'A')).ok());
  EXPECT_TRUE(CheckUsername("tên (username)", "nv.tinh").ok());
  EXPECT_FALSE(CheckUsername("tên (username)", "NV.Tinh").ok());  // stored in lower case
  EXPECT_FALSE(CheckUsername("tên (username)", "ab").ok());
  const absl::Status nul = CheckUsername("tên (username)", std::string("qt.tinh\0x", 9));
  EXPECT_EQ(nul.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(nul.message().find("qt.tinh"), std::string::npos);  // never echoes the value
}

TEST(RequestRules, PasswordsCountCharactersNotBytes) {
  EXPECT_TRUE(CheckPassword("mật khẩu (password)", "").ok());            // none
  EXPECT_TRUE(CheckPassword("mật khẩu (password)", "đồng-tân-9").ok());  // 10 characters, 14 bytes
  EXPECT_FALSE(CheckPassword("mật khẩu (password)", "ngắn-quá").ok());
  EXPECT_FALSE(CheckPassword("mật khẩu (password)", "mat\tkhau-dai-du").ok());
}

TEST(RequestRules, PeriodsEndNotBeforeTheyStart) {
  EXPECT_TRUE(CheckPeriod("từ (from)", D(2025, 7, 1), "đến (until)", true, D(2025, 7, 1)).ok());
  EXPECT_TRUE(CheckPeriod("từ (from)", D(2025, 7, 1), "đến (until)", false, {}).ok());
  const absl::Status reversed = CheckPeriod("từ (from)", D(2025, 7, 1), "đến (until)", true, D(2025, 6, 30));
  EXPECT_EQ(reversed.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(reversed.message()).rfind("đến (until)", 0), 0u) << reversed.message();
  EXPECT_FALSE(CheckPeriod("từ (from)", D(2025, 2, 30), "đến (until)", false, {}).ok());
  EXPECT_FALSE(CheckPeriod("từ (from)", {}, "đến (until)", false, {}).ok());
}

TEST(RequestRules, CouncilsHaveExactlyOneChair) {
  tdkt::v1::Council council;
  council.set_org_id("3");
  council.set_name_vi("Hội đồng Thi đua – Khen thưởng xã Đồng Tân");
  *council.mutable_term_from() = D(2025, 7, 1);
  tdkt::v1::CouncilMember* chair = council.add_members();
  chair->set_person_id("7");
  chair->set_position(tdkt::v1::COUNCIL_POSITION_CHAIR);
  EXPECT_TRUE(CheckCouncil(council).ok());
  tdkt::v1::CouncilMember* second = council.add_members();
  second->set_person_id("8");
  second->set_position(tdkt::v1::COUNCIL_POSITION_CHAIR);
  EXPECT_EQ(CheckCouncil(council).code(), StatusCode::kInvalidArgument);
  second->set_position(tdkt::v1::COUNCIL_POSITION_MEMBER);
  second->set_person_id("7");  // listed twice
  EXPECT_EQ(CheckCouncil(council).code(), StatusCode::kInvalidArgument);
}

TEST(FoldForSearch, DropsDiacriticsAndCaseIncludingD) {
  EXPECT_EQ(FoldForSearch("Trịnh Thị Bích Ngọc"), "trinh thi bich ngoc");
  EXPECT_EQ(FoldForSearch("ĐỒNG Tân đào"), "dong tan dao");
}

}  // namespace
}  // namespace tdkt::directory
