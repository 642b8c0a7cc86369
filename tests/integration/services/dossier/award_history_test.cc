// The award history (hồ sơ thành tích): CSV imports (all or nothing, every bad row named by its line, idempotent
// by request id, authorised by organisation subtree), listing by subtree, the row a decision writes (withdrawn
// when a complaint reopens the dossier), and the rule on earlier awards checked at submission.
#include "tests/integration/services/dossier/award_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

using AwardHistory = AwardHistoryFixture;

TEST_F(AwardHistory, AnImportWithABadRowWritesNothingAndNamesEveryBadLine) {
  const std::string csv = std::string(kHeader) + Row("p-1", "CSTD_CO_SO", 2023) +  // line 2: good
                          "PERSON,p-2,KHONG_CO,2023,1/QĐ,2023-12-20,UBND xã\n" +    // 3
                          Row("p-3", "LDTT", 2023) +                                // 4: good
                          "PERSON,p-4,LDTT,2023,1/QĐ,2023-13-01,UBND xã\n";         // 5
  const grpc::Status status = Import("U", csv, "bad-import");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "Dòng 3: mã khen thưởng \"KHONG_CO\" không có trong danh mục\n"
            "Dòng 5: ngày quyết định \"2023-13-01\" không phải YYYY-MM-DD");
  EXPECT_EQ(Count("award_history"), 0);
  EXPECT_EQ(Count("idempotency", "request_id = 'bad-import'"), 0) << "the request id stays free for the fixed file";
}

TEST_F(AwardHistory, ARepeatedImportReturnsTheFirstResponseAndWritesNothingMore) {
  const std::string csv = std::string(kHeader) + Row("p-1", "CSTD_CO_SO", 2023) + Row("p-1", "CSTD_CO_SO", 2024);
  v1::ImportAwardHistoryResponse first, again;
  ASSERT_TRUE(Import("U", csv, "import-1", nullptr, &first).ok());
  EXPECT_EQ(first.imported(), 2);
  ASSERT_TRUE(Import("U", csv, "import-1", nullptr, &again).ok());
  EXPECT_EQ(again.imported(), 2);
  EXPECT_EQ(Count("award_history"), 2);
  // The same id with another file is another request; the same rows under a new id are held already.
  EXPECT_EQ(Import("U", std::string(kHeader) + Row("p-9", "LDTT", 2024), "import-1").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  const grpc::Status held = Import("U", csv, "import-2");
  ASSERT_EQ(held.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(held.error_message(),
            "Dòng 2: đối tượng đã có CSTD_CO_SO năm 2023 trong hồ sơ thành tích\n"
            "Dòng 3: đối tượng đã có CSTD_CO_SO năm 2024 trong hồ sơ thành tích");
  EXPECT_EQ(Count("award_history"), 2);
}

TEST_F(AwardHistory, OnlyAdministratorsAndStandingBodiesOfTheSubtreeImport) {
  const std::string csv = std::string(kHeader) + Row("p-1", "LDTT", 2024);
  EXPECT_EQ(Import("U", csv, "by-submitter", As(Role::kSubmitter, "U")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Import("U", csv, "by-sibling-admin", As(Role::kAdmin, "U2")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Import("U", csv, "anonymous", WithToken("")).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Count("award_history"), 0);
  EXPECT_TRUE(Import("U", csv, "by-commune-appraiser", As(Role::kAppraiser, "C")).ok()) << "an ancestor's standing body";
  EXPECT_TRUE(Import("U2", std::string(kHeader) + Row("p-2", "LDTT", 2024), "by-admin", As(Role::kAdmin, "U2")).ok());
  EXPECT_EQ(Count("award_history"), 2);
}

TEST_F(AwardHistory, TheListShowsOnlyTheRowsOfTheCallersSubtree) {
  ASSERT_TRUE(Import("U", std::string(kHeader) + Row("p-1", "LDTT", 2023), "at-u").ok());
  ASSERT_TRUE(Import("U2", std::string(kHeader) + Row("p-1", "LDTT", 2024), "at-u2", As(Role::kAdmin, "U2")).ok());
  const v1::ListAwardHistoryResponse at_commune = HistoryOf("p-1", As(Role::kSubmitter, "C"));
  ASSERT_EQ(at_commune.entries_size(), 2);
  EXPECT_EQ(at_commune.entries(0).year(), 2023);
  EXPECT_EQ(at_commune.entries(0).award_name_vi(), "Lao động tiên tiến");
  EXPECT_EQ(at_commune.entries(0).source(), v1::AWARD_HISTORY_SOURCE_IMPORT);
  EXPECT_EQ(at_commune.entries(0).decision_number(), "12/QĐ-UBND");
  EXPECT_EQ(at_commune.entries(0).issuing_body_vi(), "UBND huyện Thanh Sơn");
  const v1::ListAwardHistoryResponse at_u2 = HistoryOf("p-1", As(Role::kSubmitter, "U2"));
  ASSERT_EQ(at_u2.entries_size(), 1);
  EXPECT_EQ(at_u2.entries(0).org_id(), "U2");
}

TEST_F(AwardHistory, ADecisionWritesTheHistoryRowAndAComplaintWithdrawsIt) {
  StartFor("BANG_KHEN_TINH", 2025, "p-hoa");
  Submit();
  PassLevel("U");
  PassLevel("C");
  ASSERT_EQ(PassLevel("P").state(), v1::DOSSIER_STATE_AWAITING_DECISION);
  v1::DecideDossierRequest decide = Decision("123/QĐ-UBND");
  decide.mutable_decision()->set_issuing_body_vi("UBND tỉnh Phú Thọ");
  Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&Stub::DecideDossier, decide, As(Role::kDecider, "P"));
  v1::ListAwardHistoryResponse history = HistoryOf("p-hoa");
  ASSERT_EQ(history.entries_size(), 1);
  const v1::AwardHistoryEntry& entry = history.entries(0);
  EXPECT_EQ(entry.award_code(), "BANG_KHEN_TINH");
  EXPECT_EQ(entry.year(), 2025);
  EXPECT_EQ(entry.org_id(), "U");
  EXPECT_EQ(entry.decision_number(), "123/QĐ-UBND");
  EXPECT_EQ(entry.decision_date().day(), 2);
  EXPECT_EQ(entry.issuing_body_vi(), "UBND tỉnh Phú Thọ");
  EXPECT_EQ(entry.source(), v1::AWARD_HISTORY_SOURCE_TDKT);
  EXPECT_EQ(entry.dossier_id(), id_);
  EXPECT_FALSE(entry.withdrawn());

  v1::FileComplaintRequest complaint;
  complaint.set_text_vi("Đề nghị xem xét lại");
  Do<v1::FileComplaintRequest, v1::FileComplaintResponse>(&Stub::FileComplaint, complaint, As(Role::kSubmitter, "U"));
  history = HistoryOf("p-hoa");
  ASSERT_EQ(history.entries_size(), 1);
  EXPECT_TRUE(history.entries(0).withdrawn()) << "marked, not deleted";
}

TEST_F(AwardHistory, AProvincialTitleWithoutThreeConsecutiveCstdcsIsRefusedAtSubmitNamingTheMissingYear) {
  ASSERT_TRUE(Import("U", std::string(kHeader) + Row("p-hoa", "CSTD_CO_SO", 2023) + Row("p-hoa", "CSTD_CO_SO", 2025),
                     "two-of-three").ok());
  StartFor("CSTD_TINH", 2026, "p-hoa");
  const int64_t before = version_;
  v1::SubmitDossierRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_dossier_id(id_);
  submit.set_expected_version(version_);
  v1::SubmitDossierResponse response;
  const grpc::Status status = stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), submit, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(status.error_message(),
            "Danh hiệu «Chiến sĩ thi đua cấp tỉnh» năm 2026 cần «Chiến sĩ thi đua cơ sở» 3 năm liên tục trước đó "
            "(2023–2025); còn thiếu năm: 2024");
  EXPECT_EQ(Get(id_).dossier().version(), before);
  EXPECT_EQ(Get(id_).dossier().state(), v1::DOSSIER_STATE_DRAFT);

  // The missing year imported, the same dossier is submitted.
  ASSERT_TRUE(Import("U", std::string(kHeader) + Row("p-hoa", "CSTD_CO_SO", 2024), "the-third").ok());
  EXPECT_EQ(Submit().state(), v1::DOSSIER_STATE_SUBMITTED);
}

TEST_F(AwardHistory, ANomineeNotLinkedToTheDirectoryCannotMeetAPriorAwardRule) {
  const tdkt::v1::Dossier created = CreateAt("U", "CSTD_TINH");  // the fixture's nominee has no person_id
  id_ = created.id();
  version_ = created.version();
  Do<v1::SubmitDossierRequest, v1::SubmitDossierResponse>(&Stub::SubmitDossier, {}, As(Role::kSubmitter, "U"),
                                                          grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get(id_).dossier().state(), v1::DOSSIER_STATE_DRAFT);
}

}  // namespace
}  // namespace tdkt::dossier
