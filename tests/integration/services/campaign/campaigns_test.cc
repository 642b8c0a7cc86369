// Campaigns against real PostgreSQL and the real scheduler: the plans of data/plans loaded as campaigns (Phú Thọ
// 2024: KH 210/KH-UBND, two rounds, its targets, its six-month review handed to the scheduler), loading twice
// changing nothing; creating and changing through the API, idempotent by request id and checked by version;
// who may create, change and read; bad input refused with a Vietnamese INVALID_ARGUMENT and nothing written.
#include "tests/integration/services/campaign/campaign_world.h"

namespace tdkt::campaign {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Đồng Tân's own plan for 2024 as a request, with one registration due date.
tdkt::v1::CreateCampaignRequest DongTanCampaign(const std::string& request_id) {
  tdkt::v1::CreateCampaignRequest request;
  request.set_request_id(request_id);
  tdkt::v1::Campaign* c = request.mutable_campaign();
  c->set_name_vi("Thi đua chào mừng kỷ niệm 70 năm Chiến thắng Điện Biên Phủ");
  c->set_issuer_vi("UBND xã Đồng Tân");
  c->set_document_number("05/KH-UBND");
  *c->mutable_document_date() = common::ToProtoDate(absl::CivilDay(2024, 1, 18));
  c->set_issuing_org_id("PT-DONGTAN");
  *c->mutable_valid_from() = common::ToProtoDate(absl::CivilDay(2024, 1, 1));
  *c->mutable_valid_until() = common::ToProtoDate(absl::CivilDay(2024, 12, 31));
  tdkt::v1::PlanRoundSpec* round = c->add_rounds();
  round->set_name_vi("Đợt 1");
  *round->mutable_starts_on() = common::ToProtoDate(absl::CivilDay(2024, 1, 1));
  *round->mutable_ends_on() = common::ToProtoDate(absl::CivilDay(2024, 5, 7));
  tdkt::v1::AwardTargetSpec* target = c->add_targets();
  target->set_label_vi("Giấy khen của Chủ tịch UBND xã");
  target->add_award_codes("GIAY_KHEN");
  target->set_min(5);
  target->set_max(10);
  tdkt::v1::PlanDueDateSpec* due = c->add_due_dates()->mutable_due();
  due->set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  *due->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2024, 3, 1));
  due->set_applies_to_level(tdkt::v1::ORG_LEVEL_UNIT);
  return request;
}

class CampaignsTest : public CampaignWorld {};

TEST_F(CampaignsTest, ThePhuThoPlanLoadsAsACampaignAndLoadingTwiceChangesNothing) {
  const SeedResult first = Seed();
  EXPECT_THAT(first.loaded, UnorderedElementsAre("dong-lien-2021", "dong-tan-2024", "phu-tho-2024"));
  const tdkt::v1::Campaign phu_tho = Get(PhuTho2024());
  EXPECT_EQ(phu_tho.plan_id(), "phu-tho-2024");
  EXPECT_EQ(phu_tho.document_number(), "210/KH-UBND");
  EXPECT_EQ(phu_tho.document_date().day(), 15);
  EXPECT_EQ(phu_tho.document_date().month(), 1);
  EXPECT_EQ(phu_tho.issuing_org_id(), "PT");
  EXPECT_EQ(phu_tho.covers_org_id(), "PT");
  ASSERT_EQ(phu_tho.rounds_size(), 2);
  EXPECT_EQ(phu_tho.rounds(0).ends_on().month(), 6);
  EXPECT_EQ(phu_tho.rounds(0).ends_on().day(), 30);
  EXPECT_EQ(phu_tho.rounds(1).starts_on().month(), 7);
  EXPECT_EQ(phu_tho.rounds(1).starts_on().day(), 1);
  ASSERT_EQ(phu_tho.targets_size(), 5);
  EXPECT_THAT(phu_tho.targets(3).award_codes(), ElementsAre("CO_THI_DUA_TINH"));
  EXPECT_EQ(phu_tho.targets(3).min(), 80);
  EXPECT_EQ(phu_tho.targets(3).max(), 90);
  const auto review = DueOf(phu_tho, tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW);
  ASSERT_TRUE(review.has_value());
  EXPECT_EQ(review->due().due_on().month(), 7);
  EXPECT_EQ(review->due().due_on().day(), 31);
  EXPECT_EQ(review->handoff_state(), tdkt::v1::HANDOFF_STATE_DONE) << review->last_error();
  EXPECT_FALSE(review->scheduler_deadline_id().empty());
  // The scheduler has it, set by the province for its subtree, as a review window.
  EXPECT_EQ(Query1(absl::StrCat("SELECT org_id || ' ' || kind || ' ' || due_on || ' ' || created_by FROM "
                                "scheduler.campaign_deadline WHERE id = '",
                                review->scheduler_deadline_id(), "'")),
            "PT 3 2024-07-31 p-svc-campaign");
  const tdkt::v1::Campaign dong_tan = Get(DongTan2024());
  EXPECT_EQ(dong_tan.document_number(), "") << "the commune's plan has no number";
  EXPECT_EQ(DueOf(dong_tan, tdkt::v1::PLAN_DUE_KIND_REGISTRATION)->handoff_state(), tdkt::v1::HANDOFF_STATE_DONE);
  EXPECT_EQ(Get(PlanCampaignId("dong-lien-2021")).due_dates_size(), 0);

  const long long rows = Count("campaign.campaign") + Count("campaign.round") + Count("campaign.target") +
                         Count("campaign.due_date") + Count("campaign.handoff");
  const long long deadlines = Count("scheduler.campaign_deadline");
  EXPECT_EQ(deadlines, 2) << "Phú Thọ's review and Đồng Tân's registration";
  const SeedResult second = Seed();
  EXPECT_TRUE(second.loaded.empty());
  EXPECT_EQ(second.unchanged.size(), 3u);
  EXPECT_EQ(Count("campaign.campaign") + Count("campaign.round") + Count("campaign.target") +
                Count("campaign.due_date") + Count("campaign.handoff"),
            rows);
  EXPECT_EQ(Count("scheduler.campaign_deadline"), deadlines);
}

TEST_F(CampaignsTest, ADueDateAlreadyPastIsNotHandedOff) {
  SetDay(absl::CivilDay(2024, 8, 5));  // after Phú Thọ's six-month review (31/07) and Đồng Tân's registrations
  Seed();
  EXPECT_EQ(DueOf(Get(PhuTho2024()), tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW)->handoff_state(),
            tdkt::v1::HANDOFF_STATE_NOT_NEEDED);
  EXPECT_EQ(Count("campaign.handoff"), 0);
  EXPECT_EQ(Count("scheduler.campaign_deadline"), 0);
}

TEST_F(CampaignsTest, CreateIsIdempotentByRequestIdAndHandsTheDueDateToTheScheduler) {
  const tdkt::v1::CreateCampaignRequest request = DongTanCampaign("dt-dien-bien-1");
  tdkt::v1::CreateCampaignResponse created, again;
  grpc::Status status = campaign_->CreateCampaign(DongTanOffice().get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.campaign().version(), 1);
  EXPECT_EQ(created.campaign().covers_org_id(), "PT-DONGTAN") << "the issuer by default";
  ASSERT_TRUE(campaign_->CreateCampaign(DongTanOffice().get(), request, &again).ok());
  EXPECT_EQ(again.campaign().id(), created.campaign().id());
  EXPECT_EQ(Count("campaign.campaign"), 1);
  ASSERT_TRUE(HandoffsSettle());
  EXPECT_EQ(Count("campaign.handoff"), 1) << "the replay queued nothing";
  EXPECT_EQ(Count("scheduler.campaign_deadline", "org_id = 'PT-DONGTAN' AND due_on = '2024-03-01'"), 1);
  EXPECT_EQ(Count("scheduler.timer", "campaign_deadline_id <> '' AND status = 1"), 9) << "three units, three each";

  tdkt::v1::CreateCampaignRequest other = request;
  other.mutable_campaign()->set_name_vi("Một phong trào khác");
  tdkt::v1::CreateCampaignResponse refused;
  EXPECT_EQ(campaign_->CreateCampaign(DongTanOffice().get(), other, &refused).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "the same request id for another request";
  EXPECT_EQ(Count("campaign.campaign"), 1);
}

TEST_F(CampaignsTest, UpdateChecksTheVersionAndMovesTheSchedulersDeadline) {
  tdkt::v1::CreateCampaignResponse created;
  ASSERT_TRUE(campaign_->CreateCampaign(DongTanOffice().get(), DongTanCampaign("dt-1"), &created).ok());
  ASSERT_TRUE(HandoffsSettle());
  const std::string deadline_id =
      DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION)->scheduler_deadline_id();
  ASSERT_FALSE(deadline_id.empty());

  tdkt::v1::UpdateCampaignRequest update;
  update.set_request_id("dt-1-update-1");
  update.set_expected_version(1);
  *update.mutable_campaign() = created.campaign();
  update.mutable_campaign()->set_theme_vi("Đoàn kết, sáng tạo");
  *update.mutable_campaign()->mutable_due_dates(0)->mutable_due()->mutable_due_on() =
      common::ToProtoDate(absl::CivilDay(2024, 3, 15));
  tdkt::v1::UpdateCampaignResponse updated;
  grpc::Status status = campaign_->UpdateCampaign(DongTanOffice().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.campaign().version(), 2);
  EXPECT_EQ(updated.campaign().theme_vi(), "Đoàn kết, sáng tạo");
  tdkt::v1::UpdateCampaignResponse replayed;
  ASSERT_TRUE(campaign_->UpdateCampaign(DongTanOffice().get(), update, &replayed).ok());
  EXPECT_EQ(replayed.campaign().version(), 2) << "a retry answers the first response";

  // A second editor still holding version 1.
  update.set_request_id("dt-1-update-2");
  update.mutable_campaign()->set_theme_vi("Ý kiến khác");
  tdkt::v1::UpdateCampaignResponse stale;
  EXPECT_EQ(campaign_->UpdateCampaign(DongTanOffice().get(), update, &stale).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Get(created.campaign().id()).theme_vi(), "Đoàn kết, sáng tạo") << "nothing changed";

  ASSERT_TRUE(HandoffsSettle());
  const auto due = DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  EXPECT_EQ(due->handoff_state(), tdkt::v1::HANDOFF_STATE_DONE) << due->last_error();
  EXPECT_EQ(due->scheduler_deadline_id(), deadline_id) << "the same deadline, changed";
  EXPECT_EQ(Query1("SELECT due_on::text || ' v' || version FROM scheduler.campaign_deadline WHERE id = '" +
                   deadline_id + "'"),
            "2024-03-15 v2");

  // Dropping the due date cancels the deadline and its reminders.
  tdkt::v1::UpdateCampaignRequest drop;
  drop.set_request_id("dt-1-update-3");
  drop.set_expected_version(2);
  *drop.mutable_campaign() = updated.campaign();
  drop.mutable_campaign()->clear_due_dates();
  ASSERT_TRUE(campaign_->UpdateCampaign(DongTanOffice().get(), drop, &updated).ok());
  ASSERT_TRUE(HandoffsSettle());
  EXPECT_EQ(updated.campaign().due_dates_size(), 0);
  EXPECT_EQ(Query1("SELECT cancelled::text FROM scheduler.campaign_deadline WHERE id = '" + deadline_id + "'"), "true");
  EXPECT_EQ(Count("scheduler.timer", "campaign_deadline_id <> '' AND status = 1"), 0);
}

TEST_F(CampaignsTest, AUnitCannotCreateACampaignForTheProvince) {
  tdkt::v1::CreateCampaignRequest request = DongTanCampaign("unit-for-province");
  request.mutable_campaign()->set_issuing_org_id("PT");
  tdkt::v1::CreateCampaignResponse response;
  EXPECT_EQ(campaign_->CreateCampaign(SchoolSubmitter().get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(campaign_->CreateCampaign(As("p-ht", workflow::Role::kAdmin, "PT-DONGTAN-THDT").get(), request, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "not even the unit's admin";
  EXPECT_EQ(campaign_->CreateCampaign(DongTanOffice().get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "nor the commune's standing body: the province is above it";
  EXPECT_EQ(campaign_->CreateCampaign(As("p-ct", workflow::Role::kDecider, "PT").get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "the chairman decides awards; the standing body and admins set campaigns";
  auto service = [&] {
    auto issued = auth::IssueAccessToken({"p-svc", {}, std::string("campaign")}, key_, clock_);
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + issued->token);
    return context;
  };
  EXPECT_EQ(campaign_->CreateCampaign(service().get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("campaign.campaign"), 0);

  request.set_request_id("province-itself");
  ASSERT_TRUE(campaign_->CreateCampaign(Province().get(), request, &response).ok());
  // The province's standing body may also set one for Đồng Tân (an organisation below it).
  tdkt::v1::CreateCampaignRequest for_commune = DongTanCampaign("province-for-dong-tan");
  tdkt::v1::CreateCampaignResponse commune;
  ASSERT_TRUE(campaign_->CreateCampaign(Province().get(), for_commune, &commune).ok());
  // Someone of another commune neither sees Đồng Tân's campaign nor registers for it; the school sees both.
  tdkt::v1::GetCampaignRequest get;
  get.set_campaign_id(commune.campaign().id());
  tdkt::v1::GetCampaignResponse got;
  EXPECT_EQ(campaign_->GetCampaign(As("p-vp-kt", workflow::Role::kAppraiser, "PT-KIMTHUONG").get(), get, &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(campaign_->GetCampaign(SchoolSubmitter().get(), get, &got).ok());
  tdkt::v1::ListCampaignsRequest list;
  tdkt::v1::ListCampaignsResponse listed;
  ASSERT_TRUE(campaign_->ListCampaigns(As("p-vp-kt", workflow::Role::kAppraiser, "PT-KIMTHUONG").get(), list, &listed)
                  .ok());
  ASSERT_EQ(listed.campaigns_size(), 1) << "the province's, which covers Kim Thượng";
  EXPECT_EQ(listed.campaigns(0).id(), response.campaign().id());
  ASSERT_TRUE(campaign_->ListCampaigns(SchoolSubmitter().get(), list, &listed).ok());
  EXPECT_EQ(listed.campaigns_size(), 2);
  tdkt::v1::RegisterResponse registered;
  EXPECT_EQ(campaign_
                ->Register(As("p-vt-kt", workflow::Role::kSubmitter, "PT-KIMTHUONG-TH").get(),
                           Registration("kt-1", commune.campaign().id(), "PT-KIMTHUONG-TH", "Trường Tiểu học Kim Thượng",
                                        {"TAP_THE_LDTT"}),
                           &registered)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(campaign_
                ->Register(SchoolSubmitter().get(),
                           Registration("thdt-for-tyt", commune.campaign().id(), "PT-DONGTAN-TYT",
                                        "Trạm Y tế xã Đồng Tân", {"TAP_THE_LDTT"}),
                           &registered)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "the school's officer does not register the health station";
}

TEST_F(CampaignsTest, BadInputIsRefusedInVietnameseAndChangesNothing) {
  struct Case {
    const char* name;
    std::function<void(tdkt::v1::Campaign&)> spoil;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"overlapping rounds",
       [](tdkt::v1::Campaign& c) {
         tdkt::v1::PlanRoundSpec* second = c.add_rounds();
         second->set_name_vi("Đợt 2");
         *second->mutable_starts_on() = common::ToProtoDate(absl::CivilDay(2024, 5, 1));
         *second->mutable_ends_on() = common::ToProtoDate(absl::CivilDay(2024, 12, 31));
       },
       "trùng thời gian"},
      {"a round outside the period",
       [](tdkt::v1::Campaign& c) {
         *c.mutable_rounds(0)->mutable_ends_on() = common::ToProtoDate(absl::CivilDay(2025, 1, 15));
       },
       "nằm ngoài thời gian của phong trào"},
      {"a target whose minimum exceeds its maximum",
       [](tdkt::v1::Campaign& c) {
         c.mutable_targets(0)->set_min(12);
       },
       "lớn hơn số tối đa"},
      {"an unknown award code",
       [](tdkt::v1::Campaign& c) { c.mutable_targets(0)->add_award_codes("GIAY_KHEN_VANG"); },
       "không có trong danh mục"},
      {"a due date outside the period",
       [](tdkt::v1::Campaign& c) {
         *c.mutable_due_dates(0)->mutable_due()->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2025, 2, 14));
       },
       "Ngày hết hạn của hạn thứ 1 (due_dates[0]) nằm ngoài thời gian"},
      {"two due dates of one kind",
       [](tdkt::v1::Campaign& c) { *c.add_due_dates() = c.due_dates(0); },
       "đã có ở một hạn khác"},
      {"a name that is not NFC", [](tdkt::v1::Campaign& c) { c.set_name_vi("Thi đua ye\xCC\x82u nước"); }, "NFC"},
  };
  for (const Case& bad : cases) {
    tdkt::v1::CreateCampaignRequest request = DongTanCampaign(absl::StrCat("bad-", &bad - cases.data()));
    bad.spoil(*request.mutable_campaign());
    tdkt::v1::CreateCampaignResponse response;
    const grpc::Status status = campaign_->CreateCampaign(DongTanOffice().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.name;
    EXPECT_THAT(status.error_message(), HasSubstr(bad.message)) << bad.name;
  }
  EXPECT_EQ(Count("campaign.campaign"), 0);
  EXPECT_EQ(Count("campaign.handoff"), 0);
  EXPECT_EQ(Count("campaign.idempotency"), 0);

  // The same rules on a change: the stored campaign stays as it was.
  tdkt::v1::CreateCampaignResponse created;
  ASSERT_TRUE(campaign_->CreateCampaign(DongTanOffice().get(), DongTanCampaign("good"), &created).ok());
  tdkt::v1::UpdateCampaignRequest update;
  update.set_request_id("good-bad-update");
  update.set_expected_version(1);
  *update.mutable_campaign() = created.campaign();
  update.mutable_campaign()->mutable_targets(0)->set_max(1);
  tdkt::v1::UpdateCampaignResponse updated;
  EXPECT_EQ(campaign_->UpdateCampaign(DongTanOffice().get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(created.campaign().id()).targets(0).max(), 10);
  EXPECT_EQ(Get(created.campaign().id()).version(), 1);
}

}  // namespace
}  // namespace tdkt::campaign
