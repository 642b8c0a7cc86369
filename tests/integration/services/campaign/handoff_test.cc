// The durable handoff of due dates to the real scheduler: the scheduler stopped while a campaign is created (and
// an organisation registers) delays the handoff and loses nothing — once it is back the deadline exists once and
// the registered organisation is not reminded; a call whose result was never recorded (the reply lost, the
// commit failed) is sent again with the same request id and creates nothing new; a refusal for good is not
// retried and shows on the due date; the metrics port counts it all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/integration/services/campaign/campaign_world.h"

namespace tdkt::campaign {
namespace {

using ::testing::HasSubstr;

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, static_cast<size_t>(n));
  close(fd);
  return response;
}

// A campaign of Đồng Tân with its registration due on 1 March 2024.
tdkt::v1::CreateCampaignRequest SpringCampaign(const std::string& request_id) {
  tdkt::v1::CreateCampaignRequest request;
  request.set_request_id(request_id);
  tdkt::v1::Campaign* c = request.mutable_campaign();
  c->set_name_vi("Thi đua mùa xuân 2024");
  c->set_issuing_org_id("PT-DONGTAN");
  *c->mutable_valid_from() = common::ToProtoDate(absl::CivilDay(2024, 1, 1));
  *c->mutable_valid_until() = common::ToProtoDate(absl::CivilDay(2024, 6, 30));
  tdkt::v1::PlanDueDateSpec* due = c->add_due_dates()->mutable_due();
  due->set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  *due->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2024, 3, 1));
  due->set_applies_to_level(tdkt::v1::ORG_LEVEL_UNIT);
  return request;
}

class HandoffTest : public CampaignWorld {};

TEST_F(HandoffTest, TheSchedulerStoppedDuringCreationDelaysTheDeadlineWhichAppearsOnceWhenItIsBack) {
  StopScheduler();
  tdkt::v1::CreateCampaignResponse created;
  grpc::Status status = campaign_->CreateCampaign(DongTanOffice().get(), SpringCampaign("spring-1"), &created);
  ASSERT_TRUE(status.ok()) << "the campaign does not wait for the scheduler: " << status.error_message();
  EXPECT_EQ(DueOf(created.campaign(), tdkt::v1::PLAN_DUE_KIND_REGISTRATION)->handoff_state(),
            tdkt::v1::HANDOFF_STATE_PENDING);
  // The school registers while the scheduler is still down: its mark waits behind the creation.
  tdkt::v1::RegisterResponse registered;
  status = campaign_->Register(
      SchoolSubmitter().get(),
      Registration("thdt-spring", created.campaign().id(), "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân",
                   {"TAP_THE_LDTT"}),
      &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(WaitUntil([&] { return Count("campaign.handoff", "state = 1 AND attempts >= 3") == 1; }))
      << "the creation is tried again and again";
  EXPECT_EQ(Count("campaign.handoff", "state = 1"), 2) << "nothing is lost, nothing given up";
  EXPECT_EQ(Count("campaign.handoff", "action = 4 AND attempts = 0"), 1) << "the mark waits for the creation";
  const auto waiting =
      DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  EXPECT_EQ(waiting->handoff_state(), tdkt::v1::HANDOFF_STATE_PENDING);
  EXPECT_THAT(waiting->last_error(), HasSubstr("scheduler: 14:")) << "UNAVAILABLE, for operators";
  EXPECT_GT(campaign_server_->handoff_counters().retried.load(), 2);

  StartScheduler();
  ASSERT_TRUE(HandoffsSettle());
  EXPECT_EQ(Count("scheduler.campaign_deadline"), 1) << "created once";
  EXPECT_EQ(DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION)->handoff_state(),
            tdkt::v1::HANDOFF_STATE_DONE);
  EXPECT_EQ(RemindedOrgs("PT-DONGTAN", absl::CivilDay(2024, 1, 20)),
            (std::vector<std::string>{"PT-DONGTAN-THONDT", "PT-DONGTAN-TYT"}))
      << "the school registered while the scheduler was down: it is not reminded";
}

TEST_F(HandoffTest, AHandoffWhoseResultWasNotRecordedIsSentAgainAndCreatesNothingNew) {
  tdkt::v1::CreateCampaignResponse created;
  ASSERT_TRUE(campaign_->CreateCampaign(DongTanOffice().get(), SpringCampaign("spring-2"), &created).ok());
  ASSERT_TRUE(HandoffsSettle());
  ASSERT_EQ(Count("scheduler.campaign_deadline"), 1);
  const long long timers = Count("scheduler.timer");
  // As if the scheduler's reply had been lost, or the worker had died before its commit: the row is pending again.
  campaign_server_->handoff_worker().Stop();
  Exec("UPDATE campaign.handoff SET state = 1, finished_at = NULL");
  Exec("UPDATE campaign.due_date SET handoff_state = 1, scheduler_deadline_id = NULL, scheduler_version = NULL");
  absl::StatusOr<int> ran = campaign_server_->handoff_worker().RunDue();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_EQ(*ran, 1);
  EXPECT_EQ(Count("scheduler.campaign_deadline"), 1) << "the same request id: the scheduler answers the first reply";
  EXPECT_EQ(Count("scheduler.timer"), timers);
  const auto due = DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  EXPECT_EQ(due->handoff_state(), tdkt::v1::HANDOFF_STATE_DONE);
  EXPECT_EQ(due->scheduler_deadline_id(), Query1("SELECT id FROM scheduler.campaign_deadline"));
}

TEST_F(HandoffTest, ARefusalForGoodIsNotRetriedAndShowsOnTheDueDate) {
  // The campaign service sees 20/01, the scheduler's clock is the same: to make the scheduler refuse, the due
  // date is moved into the past behind the service's back before the worker runs.
  campaign_server_->handoff_worker().Stop();
  tdkt::v1::CreateCampaignResponse created;
  ASSERT_TRUE(campaign_->CreateCampaign(DongTanOffice().get(), SpringCampaign("spring-3"), &created).ok());
  Exec("UPDATE campaign.due_date SET due_on = '2024-01-10'");
  absl::StatusOr<int> ran = campaign_server_->handoff_worker().RunDue();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_EQ(*ran, 1) << "one attempt, no retry";
  EXPECT_EQ(Count("campaign.handoff", "state = 3"), 1);
  const auto due = DueOf(Get(created.campaign().id()), tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  EXPECT_EQ(due->handoff_state(), tdkt::v1::HANDOFF_STATE_FAILED);
  EXPECT_THAT(due->last_error(), HasSubstr("scheduler: 3:")) << "INVALID_ARGUMENT, with the scheduler's reason";
  EXPECT_EQ(Count("scheduler.campaign_deadline"), 0);
  // A registration then has nothing to mark.
  tdkt::v1::RegisterResponse registered;
  ASSERT_TRUE(campaign_
                  ->Register(SchoolSubmitter().get(),
                             Registration("thdt-3", created.campaign().id(), "PT-DONGTAN-THDT",
                                          "Trường Tiểu học Đồng Tân", {"TAP_THE_LDTT"}),
                             &registered)
                  .ok());
  EXPECT_EQ(Count("campaign.handoff", "action = 4"), 0);

  const std::string metrics = HttpGet(campaign_server_->admin_port(), "/metrics");
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_campaign_handoffs_pending 0\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_campaign_handoffs_failed 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_campaign_handoff_attempts_total{outcome=\"failed\"} 1\n"));
}

}  // namespace
}  // namespace tdkt::campaign
