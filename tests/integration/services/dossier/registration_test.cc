// A dossier for an award that requires a registration (AwardSpec.requires_registration) refers to one of the
// campaign service (the real one, in process): at submission it must exist, name the award, the nominee and a
// campaign of the dossier's year; a late registration is accepted. No shipped award requires a registration, so
// the dossier service loads a copy of data/ in which TAP_THE_LDTT does.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "tests/integration/services/dossier/campaign_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
namespace fs = std::filesystem;

class Registration : public CampaignFixture {
 protected:
  void SetUp() override {
    data_copy_ = fs::temp_directory_path() /
                 ("tdkt-registration-data-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(data_copy_);
    fs::create_directories(data_copy_);
    for (const char* part : {"awards", "chains", "holidays"}) {
      fs::copy(fs::path(TDKT_SOURCE_DATA_DIR) / part, data_copy_ / part, fs::copy_options::recursive);
    }
    const fs::path awards = data_copy_ / "awards" / "01-local.textproto";
    std::stringstream text;
    text << std::ifstream(awards).rdbuf();
    const std::string changed = absl::StrReplaceAll(
        text.str(), {{"code: \"TAP_THE_LDTT\"\n", "code: \"TAP_THE_LDTT\"\n  requires_registration: true\n"}});
    ASSERT_NE(changed, text.str());
    std::ofstream(awards, std::ios::trunc) << changed;
    data_dir_ = data_copy_.string();
    CampaignFixture::SetUp();
  }
  void TearDown() override {
    CampaignFixture::TearDown();
    fs::remove_all(data_copy_);
  }

  grpc::Status SubmitStatus() {
    v1::SubmitDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_expected_version(version_);
    v1::SubmitDossierResponse response;
    const grpc::Status status = stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), request, &response);
    if (status.ok()) version_ = response.dossier().version();
    return status;
  }

  // Submission refused with `message`; the dossier stays a draft at its version.
  void ExpectRefused(const std::string& message) {
    const int64_t before = version_;
    const grpc::Status status = SubmitStatus();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
    EXPECT_EQ(status.error_message(), message);
    const v1::Dossier after = Get(id_).dossier();
    EXPECT_EQ(after.state(), v1::DOSSIER_STATE_DRAFT);
    EXPECT_EQ(after.version(), before);
  }

  fs::path data_copy_;
};

TEST_F(Registration, SubmissionNeedsTheNomineesRegistrationForTheAwardAndYear) {
  // Registrations were due on 15/02/2026; today is 02/03/2026: both are late.
  const v1::Campaign plan = CreatePlan("C", "C", 2026, {}, D(2026, 2, 15));
  ASSERT_FALSE(plan.id().empty());
  const v1::Registration own = RegisterUnit(plan, "U");
  const v1::Registration other = RegisterUnit(plan, "U2");
  ASSERT_TRUE(own.late());

  StartCollective("U", 2026);
  ExpectRefused("«Tập thể lao động tiên tiến» cần đăng ký thi đua: hồ sơ phải dẫn chiếu đăng ký của đối tượng "
                "(registration_id, lập hồ sơ mới có đăng ký)");

  StartCollective("U", 2026, "TAP_THE_LDTT", other.id());
  ExpectRefused("Đăng ký thi đua " + other.id() + " là của đối tượng khác, không phải đối tượng của hồ sơ");

  StartCollective("U", 2026, "TAP_THE_LDTT", "rg-no-such-registration");
  ExpectRefused("Không tìm thấy đăng ký thi đua rg-no-such-registration mà hồ sơ dẫn chiếu");

  StartCollective("U", 2025, "TAP_THE_LDTT", own.id());
  ExpectRefused("Đăng ký thi đua " + own.id() +
                " thuộc phong trào «Kế hoạch thi đua năm 2026 của xã Đồng Tân» (2026), không phải năm 2025 của hồ sơ");

  StartCollective("U", 2026, "TAP_THE_LDTT", own.id());
  const grpc::Status status = SubmitStatus();
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Dossier submitted = Get(id_).dossier();
  EXPECT_EQ(submitted.state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(submitted.registration_id(), own.id());
}

TEST_F(Registration, TheCampaignServiceDownRefusesTheSubmission) {
  const v1::Campaign plan = CreatePlan("C", "C", 2026, {});
  const v1::Registration own = RegisterUnit(plan, "U");
  StartCollective("U", 2026, "TAP_THE_LDTT", own.id());
  StopCampaignService();
  const int64_t before = version_;
  EXPECT_EQ(SubmitStatus().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Get(id_).dossier().version(), before);
}

TEST_F(Registration, AnAwardWithoutTheRuleNeedsNone) {
  StartFor("CSTD_CO_SO", 2026, "p-1");  // CSTĐCS has no rule on earlier awards and needs no registration
  EXPECT_EQ(Submit().state(), v1::DOSSIER_STATE_SUBMITTED);
}

}  // namespace
}  // namespace tdkt::dossier
