// Registrations for titles against real PostgreSQL and the real scheduler, in Đồng Tân's 2024 plan (data/plans:
// registrations to the commune office before 15/02/2024): on time up to 14/02 and late from 15/02 by the
// service's clock; a registration stops the scheduler's reminders for its organisation only; replays, duplicates
// and bad registrations; the reads the dossier will use (GetRegistration, ListRegistrations).
#include "tests/integration/services/campaign/campaign_world.h"

namespace tdkt::campaign {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RegistrationsTest : public CampaignWorld {};

TEST_F(RegistrationsTest, DongTanRegistrationsBefore15FebruaryAreOnTimeAndLaterOnesAreMarkedLate) {
  Seed();
  SetDay(absl::CivilDay(2024, 2, 14), 16);  // the last day before 15/02 (a Tết holiday, the office closed)
  tdkt::v1::RegisterResponse school;
  grpc::Status status = campaign_->Register(
      SchoolSubmitter().get(),
      Registration("thdt-2024", DongTan2024(), "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân", {"TAP_THE_LDTT"}),
      &school);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(school.registration().late());
  EXPECT_EQ(school.registration().registered_on().day(), 14);

  SetDay(absl::CivilDay(2024, 2, 15), 8);
  tdkt::v1::RegisterResponse station;
  status = campaign_->Register(
      As("p-vt-tyt", workflow::Role::kSubmitter, "PT-DONGTAN-TYT").get(),
      Registration("tyt-2024", DongTan2024(), "PT-DONGTAN-TYT", "Trạm Y tế xã Đồng Tân", {"TAP_THE_LDTT"}), &station);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(station.registration().late()) << "accepted, as late";
  clock_.Advance(absl::Minutes(5));
  // The commune office enters a person's registration sent on paper, on the same late day.
  tdkt::v1::RegisterRequest person = Registration("thondt-person", DongTan2024(), "PT-DONGTAN-THONDT",
                                                  "Nguyễn Văn An", {"LDTT", "CSTD_CO_SO"}, tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
  person.mutable_registration()->mutable_nominee()->set_birth_year(1985);
  person.mutable_registration()->mutable_nominee()->set_occupation(tdkt::v1::OCCUPATION_CATEGORY_FARMER);
  tdkt::v1::RegisterResponse individual;
  status = campaign_->Register(DongTanOffice().get(), person, &individual);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(individual.registration().late());
  EXPECT_EQ(individual.registration().registered_by(), "p-vp-dongtan");

  // What the dossier will ask: one registration by id, and those of an organisation for an award in a year.
  tdkt::v1::GetRegistrationRequest get;
  get.set_registration_id(school.registration().id());
  tdkt::v1::GetRegistrationResponse got;
  ASSERT_TRUE(campaign_->GetRegistration(DongTanOffice().get(), get, &got).ok());
  EXPECT_EQ(got.registration().nominee().name(), "Trường Tiểu học Đồng Tân");
  EXPECT_THAT(got.registration().award_codes(), ElementsAre("TAP_THE_LDTT"));
  EXPECT_EQ(campaign_->GetRegistration(As("p-vt-tyt", workflow::Role::kSubmitter, "PT-DONGTAN-TYT").get(), get, &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "another unit does not see the school's registration";
  tdkt::v1::ListRegistrationsRequest list;
  list.set_campaign_id(DongTan2024());
  list.mutable_page()->set_page_size(2);
  std::vector<std::string> seen;
  for (int pages = 0; pages < 5; ++pages) {
    tdkt::v1::ListRegistrationsResponse page;
    ASSERT_TRUE(campaign_->ListRegistrations(DongTanOffice().get(), list, &page).ok());
    for (const auto& r : page.registrations()) seen.push_back(absl::StrCat(r.org_id(), r.late() ? " late" : " on time"));
    if (page.page().next_page_token().empty()) break;
    list.mutable_page()->set_page_token(page.page().next_page_token());
  }
  EXPECT_THAT(seen, ElementsAre("PT-DONGTAN-THDT on time", "PT-DONGTAN-TYT late", "PT-DONGTAN-THONDT late"));
  tdkt::v1::ListRegistrationsRequest by_award;
  by_award.set_org_id("PT-DONGTAN-THONDT");
  by_award.set_award_code("CSTD_CO_SO");
  by_award.set_year(2024);
  tdkt::v1::ListRegistrationsResponse found;
  ASSERT_TRUE(campaign_->ListRegistrations(Province().get(), by_award, &found).ok());
  ASSERT_EQ(found.registrations_size(), 1);
  EXPECT_EQ(found.registrations(0).id(), individual.registration().id());

  SetDay(absl::CivilDay(2025, 1, 2));
  tdkt::v1::RegisterResponse after_end;
  EXPECT_EQ(campaign_
                ->Register(As("p-vt-thondt", workflow::Role::kSubmitter, "PT-DONGTAN-THONDT").get(),
                           Registration("thondt-2025", DongTan2024(), "PT-DONGTAN-THONDT", "Thôn Đồng Tâm",
                                        {"THON_VAN_HOA"}),
                           &after_end)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "the campaign's period is over";
}

TEST_F(RegistrationsTest, ARegistrationStopsTheSchedulersRemindersForThatOrganisationOnly) {
  Seed();
  const absl::CivilDay today(2024, 1, 20);
  ASSERT_EQ(RemindedOrgs("PT-DONGTAN", today),
            (std::vector<std::string>{"PT-DONGTAN-THDT", "PT-DONGTAN-THONDT", "PT-DONGTAN-TYT"}))
      << "every unit of Đồng Tân is reminded of the registration due date";
  tdkt::v1::RegisterResponse registered;
  const grpc::Status status = campaign_->Register(
      SchoolSubmitter().get(),
      Registration("thdt-2024", DongTan2024(), "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân", {"TAP_THE_LDTT"}),
      &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(HandoffsSettle());
  EXPECT_EQ(RemindedOrgs("PT-DONGTAN", today), (std::vector<std::string>{"PT-DONGTAN-THONDT", "PT-DONGTAN-TYT"}))
      << "the school is not reminded any more; the others still are";
  EXPECT_EQ(Count("campaign.handoff", "action = 4 AND state = 2 AND attempts = 1"), 1) << "one call, done";
  EXPECT_EQ(Count("scheduler.campaign_done", "org_id = 'PT-DONGTAN-THDT'"), 1);

  // A second person of the school registering marks nothing again.
  tdkt::v1::RegisterResponse teacher;
  ASSERT_TRUE(campaign_
                  ->Register(SchoolSubmitter().get(),
                             Registration("thdt-teacher", DongTan2024(), "PT-DONGTAN-THDT", "Lê Thị Hoa", {"LDTT"},
                                          tdkt::v1::NOMINEE_KIND_INDIVIDUAL),
                             &teacher)
                  .ok());
  EXPECT_EQ(Count("campaign.handoff", "action = 4"), 1);
  // The Phú Thọ campaign has no registration due date: registering there hands nothing over.
  tdkt::v1::RegisterResponse provincial;
  ASSERT_TRUE(campaign_
                  ->Register(SchoolSubmitter().get(),
                             Registration("thdt-pt", PhuTho2024(), "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân",
                                          {"TAP_THE_LDXS"}),
                             &provincial)
                  .ok());
  EXPECT_FALSE(provincial.registration().late());
  EXPECT_EQ(Count("campaign.handoff", "action = 4"), 1);
}

TEST_F(RegistrationsTest, ReplaysDuplicatesAndBadRegistrations) {
  Seed();
  const tdkt::v1::RegisterRequest request =
      Registration("thdt-2024", DongTan2024(), "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân", {"TAP_THE_LDTT"});
  tdkt::v1::RegisterResponse first, replay, duplicate;
  ASSERT_TRUE(campaign_->Register(SchoolSubmitter().get(), request, &first).ok());
  ASSERT_TRUE(campaign_->Register(SchoolSubmitter().get(), request, &replay).ok());
  EXPECT_EQ(replay.registration().id(), first.registration().id());
  tdkt::v1::RegisterRequest again = request;
  again.set_request_id("thdt-2024-again");
  EXPECT_EQ(campaign_->Register(SchoolSubmitter().get(), again, &duplicate).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "the same nominee of the same unit registers once per campaign";
  EXPECT_EQ(Count("campaign.registration"), 1);

  struct Case {
    const char* name;
    std::function<void(tdkt::v1::Registration&)> spoil;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"an unknown award", [](tdkt::v1::Registration& r) { r.set_award_codes(0, "CHIEN_SI_VANG"); },
       "không có trong danh mục"},
      {"a title for individuals asked for a collective", [](tdkt::v1::Registration& r) { r.set_award_codes(0, "LDTT"); },
       "không xét tặng cho loại đối tượng này"},
      {"an ID number", [](tdkt::v1::Registration& r) { r.mutable_nominee()->set_id_number("025180000001"); },
       "số định danh"},
      {"no award", [](tdkt::v1::Registration& r) { r.clear_award_codes(); }, "Cần từ 1 đến 20 danh hiệu"},
      {"no name", [](tdkt::v1::Registration& r) { r.mutable_nominee()->set_name(" "); }, "Thiếu tên đối tượng"},
  };
  for (const Case& bad : cases) {
    tdkt::v1::RegisterRequest spoilt =
        Registration(absl::StrCat("bad-", &bad - cases.data()), DongTan2024(), "PT-DONGTAN-TYT", "Trạm Y tế",
                     {"TAP_THE_LDTT"});
    bad.spoil(*spoilt.mutable_registration());
    tdkt::v1::RegisterResponse response;
    const grpc::Status status =
        campaign_->Register(As("p-vt-tyt", workflow::Role::kSubmitter, "PT-DONGTAN-TYT").get(), spoilt, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.name;
    EXPECT_THAT(status.error_message(), HasSubstr(bad.message)) << bad.name;
  }
  EXPECT_EQ(Count("campaign.registration"), 1);
  EXPECT_EQ(Count("campaign.handoff", "action = 4"), 1);
}

}  // namespace
}  // namespace tdkt::campaign
