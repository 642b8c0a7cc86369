// The campaign's pure rules: what CheckCampaign and CheckRegistration refuse, late registrations by the due date,
// an update's due-date changes and the scheduler's deadline for a due date.
#include "services/campaign/campaign_rules.h"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/campaign/due_date_changes.h"
#include "services/campaign/scheduler_deadline.h"
#include "services/common/proto_conversions.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::campaign {
namespace {

using ::testing::HasSubstr;

tdkt::v1::Date D(int y, int m, int d) { return common::ToProtoDate(absl::CivilDay(y, m, d)); }

class CampaignRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<workflow::catalog::Catalog> loaded = workflow::loader::LoadCatalog(TDKT_SOURCE_DATA_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    catalog_ = new workflow::catalog::Catalog(*std::move(loaded));
  }

  // Phú Thọ 2024 in short: two rounds, one target, a six-month review.
  static tdkt::v1::Campaign Good() {
    tdkt::v1::Campaign c;
    c.set_name_vi("Phong trào thi đua năm 2024");
    c.set_issuing_org_id("PT");
    *c.mutable_valid_from() = D(2024, 1, 1);
    *c.mutable_valid_until() = D(2024, 12, 31);
    for (const auto& [from, until] : {std::pair{D(2024, 1, 1), D(2024, 6, 30)}, std::pair{D(2024, 7, 1), D(2024, 12, 31)}}) {
      tdkt::v1::PlanRoundSpec* round = c.add_rounds();
      *round->mutable_starts_on() = from;
      *round->mutable_ends_on() = until;
    }
    tdkt::v1::AwardTargetSpec* target = c.add_targets();
    target->set_label_vi("Cờ thi đua của UBND tỉnh");
    target->add_award_codes("CO_THI_DUA_TINH");
    target->set_min(80);
    target->set_max(90);
    tdkt::v1::PlanDueDateSpec* due = c.add_due_dates()->mutable_due();
    due->set_kind(tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW);
    *due->mutable_due_on() = D(2024, 7, 31);
    return c;
  }
  static absl::Status Check(const tdkt::v1::Campaign& c) { return CheckCampaign(c, *catalog_); }

  static inline workflow::catalog::Catalog* catalog_ = nullptr;
};

TEST_F(CampaignRulesTest, AGoodCampaignPasses) { EXPECT_TRUE(Check(Good()).ok()) << Check(Good()); }

TEST_F(CampaignRulesTest, RoundsMustNotOverlapNorLeaveThePeriod) {
  tdkt::v1::Campaign c = Good();
  *c.mutable_rounds(1)->mutable_starts_on() = D(2024, 6, 30);  // one shared day
  EXPECT_THAT(Check(c).message(), HasSubstr("Đợt thi đua thứ 1 (rounds[0]) và đợt thứ 2 (rounds[1]) trùng thời gian"));
  c = Good();
  std::swap(*c.mutable_rounds(0), *c.mutable_rounds(1));  // given out of order, still apart: fine
  EXPECT_TRUE(Check(c).ok()) << Check(c);
  c = Good();
  *c.mutable_rounds(1)->mutable_ends_on() = D(2025, 1, 31);
  EXPECT_THAT(Check(c).message(), HasSubstr("đợt thi đua thứ 2 (rounds[1]) nằm ngoài thời gian của phong trào"));
  c = Good();
  *c.mutable_rounds(0)->mutable_ends_on() = D(2023, 12, 1);
  EXPECT_THAT(Check(c).message(), HasSubstr("trước ngày bắt đầu"));
}

TEST_F(CampaignRulesTest, TargetsNeedCatalogueCodesAndAMinimumNotAboveTheMaximum) {
  tdkt::v1::Campaign c = Good();
  c.mutable_targets(0)->set_min(91);
  EXPECT_EQ(Check(c).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Check(c).message(), HasSubstr("Số tối thiểu (min) của chỉ tiêu thứ 1 (targets[0]) lớn hơn số tối đa (max)"));
  c = Good();
  c.mutable_targets(0)->clear_max();
  c.mutable_targets(0)->set_min(1000);
  EXPECT_TRUE(Check(c).ok()) << "no upper bound";
  c = Good();
  c.mutable_targets(0)->add_award_codes("CO_THI_DUA_HUYEN");
  EXPECT_THAT(Check(c).message(), HasSubstr("Mã khen thưởng (targets[0].award_codes[1]) không có trong danh mục"));
  c = Good();
  *c.mutable_valid_from() = D(2021, 1, 1);
  *c.mutable_valid_until() = D(2021, 12, 31);
  c.clear_rounds();
  c.clear_due_dates();
  EXPECT_THAT(Check(c).message(), HasSubstr("không có trong danh mục")) << "the catalogue starts in 2024";
  c = Good();
  c.mutable_direct_worker_share()->set_min_share(1.3);
  EXPECT_THAT(Check(c).message(), HasSubstr("min_share"));
}

TEST_F(CampaignRulesTest, DueDatesLieInThePeriodOncePerKind) {
  tdkt::v1::Campaign c = Good();
  *c.mutable_due_dates(0)->mutable_due()->mutable_due_on() = D(2025, 1, 15);
  EXPECT_THAT(Check(c).message(), HasSubstr("Ngày hết hạn của hạn thứ 1 (due_dates[0]) nằm ngoài thời gian"));
  c = Good();
  *c.mutable_due_dates(0)->mutable_due()->mutable_opens_on() = D(2024, 8, 1);
  EXPECT_THAT(Check(c).message(), HasSubstr("sau ngày hết hạn"));
  c = Good();
  *c.add_due_dates() = c.due_dates(0);
  EXPECT_THAT(Check(c).message(), HasSubstr("đã có ở một hạn khác"));
  c = Good();
  c.mutable_due_dates(0)->mutable_due()->set_kind(tdkt::v1::PLAN_DUE_KIND_UNSPECIFIED);
  EXPECT_EQ(Check(c).code(), absl::StatusCode::kInvalidArgument);
  c = Good();
  *c.mutable_valid_until() = D(2030, 1, 1);
  EXPECT_THAT(Check(c).message(), HasSubstr("dài quá 5 năm"));
}

TEST_F(CampaignRulesTest, ARegistrationIsLateOnlyAfterItsDueDay) {
  tdkt::v1::Campaign c = Good();
  EXPECT_FALSE(IsLateRegistration(c, absl::CivilDay(2024, 12, 1))) << "no registration due date: never late";
  tdkt::v1::PlanDueDateSpec* due = c.add_due_dates()->mutable_due();
  due->set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  *due->mutable_due_on() = D(2024, 2, 14);
  EXPECT_FALSE(IsLateRegistration(c, absl::CivilDay(2024, 2, 14)));
  EXPECT_TRUE(IsLateRegistration(c, absl::CivilDay(2024, 2, 15)));
}

TEST_F(CampaignRulesTest, RegistrationsNameKnownTitlesForTheirKindOfNominee) {
  const tdkt::v1::Campaign c = Good();
  tdkt::v1::Registration r;
  r.mutable_nominee()->set_kind(tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
  r.mutable_nominee()->set_name("Nguyễn Văn An");
  r.add_award_codes("LDTT");
  r.add_award_codes("CSTD_CO_SO");
  EXPECT_TRUE(CheckRegistration(r, c, *catalog_).ok()) << CheckRegistration(r, c, *catalog_);
  tdkt::v1::Registration collective = r;
  collective.mutable_nominee()->set_kind(tdkt::v1::NOMINEE_KIND_COLLECTIVE);
  EXPECT_THAT(CheckRegistration(collective, c, *catalog_).message(), HasSubstr("award_codes[0]"));
  tdkt::v1::Registration twice = r;
  twice.add_award_codes("LDTT");
  EXPECT_THAT(CheckRegistration(twice, c, *catalog_).message(), HasSubstr("đã đăng ký ở trên"));
  tdkt::v1::Registration with_id = r;
  with_id.mutable_nominee()->set_id_number("025180000001");
  EXPECT_THAT(CheckRegistration(with_id, c, *catalog_).message(), HasSubstr("id_number"));
  EXPECT_THAT(CheckRegistration(with_id, c, *catalog_).message(), ::testing::Not(HasSubstr("025180000001")));
  tdkt::v1::Registration counts = collective;
  counts.clear_award_codes();
  counts.add_award_codes("TAP_THE_LDTT");
  counts.mutable_nominee()->set_member_count(10);
  counts.mutable_nominee()->set_female_member_count(11);
  EXPECT_THAT(CheckRegistration(counts, c, *catalog_).message(), HasSubstr("member_count"));
}

DueDateRow Row(tdkt::v1::PlanDueKind kind, absl::CivilDay due_on, tdkt::v1::HandoffState state,
               const std::string& deadline_id) {
  DueDateRow row;
  row.due.set_kind(kind);
  *row.due.mutable_due_on() = common::ToProtoDate(due_on);
  row.handoff_state = state;
  row.scheduler_deadline_id = deadline_id;
  row.scheduler_version = deadline_id.empty() ? 0 : 1;
  return row;
}

TEST(DueDateChangesTest, UnchangedStaysChangedIsUpdatedNewIsCreatedDroppedIsCancelled) {
  const absl::CivilDay today(2024, 1, 20);
  const std::vector<DueDateRow> stored = {
      Row(tdkt::v1::PLAN_DUE_KIND_REGISTRATION, absl::CivilDay(2024, 2, 14), tdkt::v1::HANDOFF_STATE_DONE, "cd-1"),
      Row(tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW, absl::CivilDay(2024, 7, 31), tdkt::v1::HANDOFF_STATE_DONE, "cd-2"),
      Row(tdkt::v1::PLAN_DUE_KIND_ANNUAL_REVIEW, absl::CivilDay(2024, 12, 20), tdkt::v1::HANDOFF_STATE_DONE, "cd-3")};
  tdkt::v1::Campaign requested;
  *requested.add_due_dates()->mutable_due() = stored[0].due;  // unchanged
  tdkt::v1::PlanDueDateSpec moved = stored[1].due;
  *moved.mutable_due_on() = D(2024, 7, 15);
  *requested.add_due_dates()->mutable_due() = moved;  // changed; the annual review dropped
  DueDateChanges changes = PlanDueDateChanges(stored, requested, today);
  ASSERT_EQ(changes.handoffs.size(), 2u);
  EXPECT_EQ(changes.handoffs[0], std::make_pair(HandoffAction::kUpdate, tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW));
  EXPECT_EQ(changes.handoffs[1], std::make_pair(HandoffAction::kCancel, tdkt::v1::PLAN_DUE_KIND_ANNUAL_REVIEW));
  ASSERT_EQ(changes.rows.size(), 3u);
  EXPECT_EQ(changes.rows[0].handoff_state, tdkt::v1::HANDOFF_STATE_DONE);
  EXPECT_EQ(changes.rows[1].handoff_state, tdkt::v1::HANDOFF_STATE_PENDING);
  EXPECT_TRUE(changes.rows[2].removed);

  // Never at the scheduler (it was past when set): moved into the future it is created; a new one in the past
  // is not handed over.
  const std::vector<DueDateRow> past = {
      Row(tdkt::v1::PLAN_DUE_KIND_REGISTRATION, absl::CivilDay(2024, 1, 10), tdkt::v1::HANDOFF_STATE_NOT_NEEDED, "")};
  tdkt::v1::Campaign later;
  tdkt::v1::PlanDueDateSpec registration = past[0].due;
  *registration.mutable_due_on() = D(2024, 2, 1);
  *later.add_due_dates()->mutable_due() = registration;
  tdkt::v1::PlanDueDateSpec review;
  review.set_kind(tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW);
  *review.mutable_due_on() = D(2024, 1, 5);
  *later.add_due_dates()->mutable_due() = review;
  changes = PlanDueDateChanges(past, later, today);
  ASSERT_EQ(changes.handoffs.size(), 1u);
  EXPECT_EQ(changes.handoffs[0], std::make_pair(HandoffAction::kCreate, tdkt::v1::PLAN_DUE_KIND_REGISTRATION));
  EXPECT_EQ(changes.rows[1].handoff_state, tdkt::v1::HANDOFF_STATE_NOT_NEEDED);
}

TEST(SchedulerDeadlineTest, TheCoveredRootSetsItForItsSubtreeUnderTheCampaignsName) {
  tdkt::v1::Campaign c;
  c.set_covers_org_id("PT-DONGTAN");
  c.set_name_vi(std::string(150, 'a') + std::string(60, 'x') + "ầ");
  *c.mutable_valid_from() = D(2024, 1, 1);
  tdkt::v1::PlanDueDateSpec due;
  due.set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  *due.mutable_due_on() = D(2024, 2, 14);
  due.set_applies_to_level(tdkt::v1::ORG_LEVEL_UNIT);
  const tdkt::v1::CampaignDeadline d = SchedulerDeadlineFor(c, due);
  EXPECT_EQ(d.org_id(), "PT-DONGTAN");
  EXPECT_EQ(d.kind(), tdkt::v1::CAMPAIGN_DEADLINE_KIND_REGISTRATION);
  EXPECT_EQ(d.year(), 2024);
  EXPECT_EQ(d.applies_to_level(), tdkt::v1::ORG_LEVEL_UNIT);
  EXPECT_EQ(d.due_on().day(), 14);
  EXPECT_EQ(d.name_vi().rfind("Đăng ký thi đua: aaa", 0), 0u);
  const auto code_points = std::count_if(d.name_vi().begin(), d.name_vi().end(),
                                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  EXPECT_EQ(code_points, kSchedulerNameMaxChars) << "cut on a character boundary";
  EXPECT_EQ(HandoffRequestId("cp-1", 42), "campaign-handoff:cp-1:42");
}

}  // namespace
}  // namespace tdkt::campaign
