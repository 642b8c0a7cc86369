#include "services/common/request_checks.h"

#include <gtest/gtest.h>

#include <string>

#include "tdkt/v1/common.pb.h"

namespace tdkt::common {
namespace {

constexpr char kField[] = "mã hồ sơ (dossier_id)";

TEST(RequestChecks, RequestIdIsAsciiAndBounded) {
  EXPECT_TRUE(CheckRequestId("3f2b8c1e-1d7a-4c2e-9a61-0b6c2d1e4f50").ok());
  EXPECT_TRUE(CheckRequestId("demo-hoa-3").ok());
  EXPECT_EQ(CheckRequestId("").message(), "Thiếu mã yêu cầu (request_id)");
  EXPECT_FALSE(CheckRequestId(std::string(129, 'a')).ok());
  EXPECT_FALSE(CheckRequestId("a b").ok());
  EXPECT_FALSE(CheckRequestId(std::string("a\0b", 3)).ok());
  EXPECT_FALSE(CheckRequestId("mã").ok());
}

TEST(RequestChecks, IdentifierRefusesControlCharactersSpacesAndNonNfc) {
  EXPECT_TRUE(CheckIdentifier(kField, "qt.tinh").ok());
  EXPECT_TRUE(CheckIdentifier(kField, "", Presence::kOptional).ok());
  EXPECT_EQ(CheckIdentifier(kField, "").message(), "Thiếu mã hồ sơ (dossier_id)");
  const absl::Status nul = CheckIdentifier(kField, std::string("qt.tinh\0x", 9));
  EXPECT_EQ(nul.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(nul.message(), "mã hồ sơ (dossier_id) chứa ký tự điều khiển");
  EXPECT_FALSE(CheckIdentifier(kField, "a b").ok());
  EXPECT_FALSE(CheckIdentifier(kField, "\xC3\x28").ok());       // invalid UTF-8
  EXPECT_FALSE(CheckIdentifier(kField, "Ho\xCC\x80").ok());     // "Hò" decomposed (NFD)
  EXPECT_FALSE(CheckIdentifier(kField, std::string(129, 'x')).ok());
}

TEST(RequestChecks, TextIsNfcUtf8WithoutControlsAndCountsCodePoints) {
  EXPECT_TRUE(CheckText("lý do (reason_vi)", "Thiếu biên bản họp").ok());
  EXPECT_TRUE(CheckText("lý do (reason_vi)", "").ok());
  EXPECT_EQ(CheckText("lý do (reason_vi)", "  ", {.presence = Presence::kRequired}).message(),
            "Thiếu lý do (reason_vi)");
  EXPECT_FALSE(CheckText("tên (name)", std::string("Hoa\0", 4)).ok());
  EXPECT_FALSE(CheckText("tên (name)", "dòng 1\ndòng 2").ok());
  EXPECT_TRUE(CheckText("ghi chú (note_vi)", "dòng 1\ndòng 2", {.multiline = true}).ok());
  EXPECT_FALSE(CheckText("ghi chú (note_vi)", "a\x1b[31m", {.multiline = true}).ok());
  // 10 code points of 2–3 bytes each fit a 10-character limit.
  EXPECT_TRUE(CheckText("tên (name)", "Nguyễn Thị", {.max_chars = 10}).ok());
  EXPECT_FALSE(CheckText("tên (name)", "Nguyễn Thị ", {.max_chars = 10}).ok());
  EXPECT_FALSE(CheckText("tên (name)", "Nguye\xCC\x82\xCC\x83n").ok());  // NFD
}

TEST(RequestChecks, ToNfcComposesAndLeavesTheRestAlone) {
  EXPECT_EQ(ToNfc("Nguye\xCC\x82\xCC\x83n"), "Nguyễn");  // NFD in, NFC out
  EXPECT_EQ(ToNfc("Nguyễn"), "Nguyễn");
  EXPECT_EQ(ToNfc(""), "");
  EXPECT_EQ(ToNfc("\xC3\x28"), "\xC3\x28");  // not UTF-8: unchanged, for CheckText to refuse
  EXPECT_TRUE(IsNfc(ToNfc("Tra\xCC\x80n")));
}

TEST(RequestChecks, DatesAreRealDaysInRange) {
  tdkt::v1::Date date;
  date.set_year(2026);
  date.set_month(2);
  date.set_day(28);
  auto ok = CheckDate("ngày (date)", date);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, absl::CivilDay(2026, 2, 28));
  date.set_day(29);
  EXPECT_FALSE(CheckDate("ngày (date)", date).ok());
  date.set_year(1899);
  date.set_day(1);
  EXPECT_FALSE(CheckDate("ngày (date)", date).ok());
  EXPECT_EQ(CheckDate("ngày (date)", tdkt::v1::Date()).status().message(), "Thiếu ngày (date)");
}

TEST(RequestChecks, EnumsAndVersions) {
  EXPECT_TRUE(CheckEnum("cấp (level)", tdkt::v1::ORG_LEVEL_COMMUNE, tdkt::v1::OrgLevel_IsValid).ok());
  EXPECT_FALSE(CheckEnum("cấp (level)", 0, tdkt::v1::OrgLevel_IsValid).ok());
  EXPECT_TRUE(CheckEnum("cấp (level)", 0, tdkt::v1::OrgLevel_IsValid, Presence::kOptional).ok());
  EXPECT_FALSE(CheckEnum("cấp (level)", 99, tdkt::v1::OrgLevel_IsValid, Presence::kOptional).ok());
  EXPECT_TRUE(CheckExpectedVersion(3).ok());
  EXPECT_FALSE(CheckExpectedVersion(0).ok());
  EXPECT_TRUE(CheckExpectedVersion(0, Presence::kOptional).ok());
  EXPECT_FALSE(CheckExpectedVersion(-1, Presence::kOptional).ok());
}

}  // namespace
}  // namespace tdkt::common
