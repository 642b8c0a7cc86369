// The scheduler's gRPC API and metrics port against real PostgreSQL and Redis: ListDossierTimers and
// ListUpcomingReminders authorised from the token (a role at the organisation or above it), paging, and the
// Prometheus text on the admin HTTP port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>

#include "absl/strings/match.h"

#include "services/auth/access_token.h"
#include "services/auth/signing_key.h"
#include "tdkt/v1/scheduler.grpc.pb.h"
#include "tests/integration/services/scheduler/scheduler_fixture.h"

namespace tdkt::scheduler {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// P (province) → D (district) → C1, C2 (communes).
class TestOrgTree final : public OrgTree {
 public:
  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org, absl::CivilDay) const override {
    if (org == "P") return std::vector<std::string>{};
    if (org == "D") return std::vector<std::string>{"P"};
    if (org == "C1" || org == "C2") return std::vector<std::string>{"D", "P"};
    return absl::NotFoundError("no such organisation");
  }
  absl::StatusOr<std::vector<std::string>> Subtree(const std::string& root, absl::CivilDay, int) const override {
    if (root == "P") return std::vector<std::string>{"P", "D", "C1", "C2"};
    if (root == "D") return std::vector<std::string>{"D", "C1", "C2"};
    if (root == "C1" || root == "C2") return std::vector<std::string>{root};
    return absl::NotFoundError("no such organisation");
  }
};

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
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, static_cast<size_t>(n));
  close(fd);
  return response;
}

class ApiTest : public SchedulerTest {
 protected:
  ApiTest() : key_(*auth::SigningKey::Generate(clock_.Now() - absl::Hours(1))) {
    auth::PublicKeySet keys;
    EXPECT_TRUE(keys.Add(key_.PublicInfo()).ok());
    token_keys_ = keys;
    org_tree_ = &tree_;
  }

  void SetUp() override {
    SchedulerTest::SetUp();
    SchedulerServer& server = StartInstance("s1");
    stub_ = tdkt::v1::SchedulerService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.grpc_port()), grpc::InsecureChannelCredentials()));
    const absl::Time set_at = clock_.Now();
    Publish(SetEv(absl::CivilDay(2026, 3, 20), set_at).Dossier("d-1").Org("C1"));
    Publish(SetEv(absl::CivilDay(2026, 3, 25), set_at).Dossier("d-2").Org("C2"));
    Publish(SetEv(absl::CivilDay(2026, 3, 30), set_at).Dossier("d-3").Org("D"));
    WaitForEvents(3);
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& org, workflow::Role role = workflow::Role::kAppraiser) {
    auto issued = auth::IssueAccessToken({"p-1", {{role, org}}, std::nullopt}, key_, clock_);
    EXPECT_TRUE(issued.ok()) << issued.status();
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + issued->token);
    return context;
  }

  static std::vector<std::string> Describe(const tdkt::v1::ListUpcomingRemindersResponse& response) {
    std::vector<std::string> out;
    for (const auto& t : response.timers()) {
      out.push_back(absl::StrCat(t.dossier_id(), " ", t.org_id(), " ",
                                 tdkt::v1::ReminderKind_Name(t.reminder_kind()).substr(14), " ", t.fire_on().day(), "/",
                                 t.fire_on().month()));
    }
    return out;
  }

  TestOrgTree tree_;
  auth::SigningKey key_;
  std::unique_ptr<tdkt::v1::SchedulerService::Stub> stub_;
};

TEST_F(ApiTest, ListDossierTimersForTheLevelAndThoseAboveIt) {
  tdkt::v1::ListDossierTimersRequest request;
  request.set_dossier_id("d-1");
  for (const char* org : {"C1", "D", "P"}) {
    tdkt::v1::ListDossierTimersResponse response;
    const grpc::Status status = stub_->ListDossierTimers(As(org).get(), request, &response);
    ASSERT_TRUE(status.ok()) << org << ": " << status.error_message();
    ASSERT_EQ(response.timers_size(), 4) << org;
    EXPECT_EQ(response.timers(0).reminder_kind(), tdkt::v1::REMINDER_KIND_BEFORE_DUE);
    EXPECT_EQ(response.timers(0).working_days_before_due(), 3);
    EXPECT_EQ(response.timers(0).status(), tdkt::v1::TIMER_STATUS_PENDING);
    EXPECT_EQ(response.timers(0).fire_on().day(), 17);
    EXPECT_EQ(common::FromProtoTime(response.timers(0).fire_at()), At8(absl::CivilDay(2026, 3, 17)));
    EXPECT_EQ(response.timers(3).reminder_kind(), tdkt::v1::REMINDER_KIND_OVERDUE);
  }
  tdkt::v1::ListDossierTimersResponse response;
  EXPECT_EQ(stub_->ListDossierTimers(As("C2").get(), request, &response).error_code(), grpc::StatusCode::NOT_FOUND)
      << "a sibling commune sees nothing";
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->ListDossierTimers(&anonymous, request, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ApiTest, ListUpcomingRemindersOfASubtreeInAWindowPageByPage) {
  tdkt::v1::ListUpcomingRemindersRequest request;
  request.set_org_subtree_id("D");
  *request.mutable_from() = common::ToProtoDate(absl::CivilDay(2026, 3, 17));
  *request.mutable_until() = common::ToProtoDate(absl::CivilDay(2026, 3, 24));
  request.mutable_page()->set_page_size(2);
  std::vector<std::string> all;
  for (int pages = 0; pages < 10; ++pages) {
    tdkt::v1::ListUpcomingRemindersResponse response;
    const grpc::Status status = stub_->ListUpcomingReminders(As("D").get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.timers_size(), 2);
    for (const std::string& line : Describe(response)) all.push_back(line);
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  EXPECT_THAT(all, ElementsAre("d-1 C1 BEFORE_DUE 17/3", "d-1 C1 BEFORE_DUE 19/3", "d-1 C1 DUE_TODAY 20/3",
                               "d-2 C2 BEFORE_DUE 20/3", "d-1 C1 OVERDUE 23/3", "d-2 C2 BEFORE_DUE 24/3"));

  request.clear_page();
  request.set_org_subtree_id("C1");
  tdkt::v1::ListUpcomingRemindersResponse c1;
  ASSERT_TRUE(stub_->ListUpcomingReminders(As("C1").get(), request, &c1).ok());
  EXPECT_EQ(c1.timers_size(), 4) << "only C1's own";
  request.set_org_subtree_id("D");
  EXPECT_EQ(stub_->ListUpcomingReminders(As("C1").get(), request, &c1).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "a commune may not look at its district";
  *request.mutable_until() = common::ToProtoDate(absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(stub_->ListUpcomingReminders(As("D").get(), request, &c1).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, MetricsPortServesPrometheusText) {
  SetClock(At8(absl::CivilDay(2026, 3, 17), absl::Minutes(90)));
  ASSERT_EQ(WaitForCount("timer", "status = 3", 1), 1);
  // The counters move just after the firing transaction commits: wait for them, not only for the row.
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = HttpGet(instances_[0]->admin_port(), "/metrics");
    if (absl::StrContains(metrics, "\ntdkt_scheduler_claim_batch_size_count 1\n")) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_THAT(metrics, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_timers_pending 11\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_timers_fired_total 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_timers_late_total 1\n")) << "90 minutes late";
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_lateness_seconds_bucket{le=\"3600\"} 0\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_lateness_seconds_bucket{le=\"86400\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_claim_batch_size_count 1\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_calendar_uncovered_days 0\n"));
  EXPECT_THAT(metrics, HasSubstr("\ntdkt_scheduler_deadline_events_applied_total 3\n"));
  EXPECT_THAT(HttpGet(instances_[0]->admin_port(), "/nothing"), HasSubstr("404"));
}

TEST_F(ApiTest, ACampaignDeadlineRemindsEveryOrganisationBelowUntilItHasActed) {
  tdkt::v1::CreateCampaignDeadlineRequest create;
  create.set_request_id("campaign-1");
  tdkt::v1::CampaignDeadline* d = create.mutable_deadline();
  d->set_org_id("D");
  d->set_kind(tdkt::v1::CAMPAIGN_DEADLINE_KIND_REGISTRATION);
  d->set_name_vi("Đăng ký thi đua năm 2026");
  d->set_year(2026);
  *d->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2026, 3, 13));  // Fri; T−3 Tue 10/03, T−1 Thu 12/03
  tdkt::v1::CreateCampaignDeadlineResponse created;
  grpc::Status status = stub_->CreateCampaignDeadline(As("D").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(created.deadline().remind_working_days_before(), ElementsAre(3, 1));
  EXPECT_EQ(Count("timer", "campaign_deadline_id <> '' AND status = 1"), 6) << "C1 and C2, three each; not D";
  tdkt::v1::CreateCampaignDeadlineResponse again;
  ASSERT_TRUE(stub_->CreateCampaignDeadline(As("D").get(), create, &again).ok());
  EXPECT_EQ(again.deadline().id(), created.deadline().id()) << "a retried request creates nothing new";
  EXPECT_EQ(Count("campaign_deadline"), 1);

  // C2 has registered: it is not reminded any more.
  tdkt::v1::MarkCampaignDeadlineDoneRequest done;
  done.set_request_id("done-c2");
  done.set_campaign_deadline_id(created.deadline().id());
  done.set_org_id("C2");
  tdkt::v1::MarkCampaignDeadlineDoneResponse marked;
  status = stub_->MarkCampaignDeadlineDone(As("C2", workflow::Role::kSubmitter).get(), done, &marked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(marked.cancelled_reminders(), 3);
  done.set_org_id("P");
  done.set_request_id("done-p");
  EXPECT_EQ(stub_->MarkCampaignDeadlineDone(As("P").get(), done, &marked).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "the province is not below the district";

  SetClock(At8(absl::CivilDay(2026, 3, 13), absl::Minutes(1)));
  ASSERT_EQ(WaitForCount("outbox", "type = 'EVENT_TYPE_CAMPAIGN_REMINDER'", 3), 3);
  std::vector<tdkt::v1::EventEnvelope> events;
  for (int i = 0; i < 200 && events.size() < 3; ++i) {
    events.clear();
    for (const common::StreamEntry& entry : ReadStream()) {
      if (Field(entry, "type") != "EVENT_TYPE_CAMPAIGN_REMINDER") continue;
      events.emplace_back().ParseFromString(Field(entry, "data"));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(events.size(), 3u);
  std::vector<std::string> reminders;
  for (const auto& e : events) {
    const tdkt::v1::CampaignReminder& r = e.campaign_reminder();
    EXPECT_EQ(r.name_vi(), "Đăng ký thi đua năm 2026");
    EXPECT_EQ(r.org_id(), "D");
    EXPECT_EQ(e.producer(), "scheduler");
    reminders.push_back(absl::StrCat(r.recipient_org_id(), " ", tdkt::v1::ReminderKind_Name(r.kind()).substr(14), "/",
                                     r.working_days_before_due()));
  }
  EXPECT_THAT(reminders, ElementsAre("C1 BEFORE_DUE/3", "C1 BEFORE_DUE/1", "C1 DUE_TODAY/0"));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Count("outbox", "type = 'EVENT_TYPE_CAMPAIGN_REMINDER'"), 3) << "nothing for C2";
}

TEST_F(ApiTest, ACampaignDeadlineInThePastOrWithoutTheRightIsRefused) {
  tdkt::v1::CreateCampaignDeadlineRequest create;
  create.set_request_id("campaign-2");
  tdkt::v1::CampaignDeadline* d = create.mutable_deadline();
  d->set_org_id("D");
  d->set_kind(tdkt::v1::CAMPAIGN_DEADLINE_KIND_SUBMISSION);
  d->set_name_vi("Nộp hồ sơ Chiến sĩ thi đua cơ sở");
  d->set_year(2026);
  *d->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2026, 3, 1));  // the day before the clock's
  tdkt::v1::CreateCampaignDeadlineResponse created;
  grpc::Status status = stub_->CreateCampaignDeadline(As("D").get(), create, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("đã qua"));
  *d->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2026, 4, 15));
  EXPECT_EQ(stub_->CreateCampaignDeadline(As("C1").get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "an appraiser of a commune below";
  EXPECT_EQ(stub_->CreateCampaignDeadline(As("P").get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "an appraiser of the province above: only the organisation's own";
  EXPECT_EQ(stub_->CreateCampaignDeadline(As("D", workflow::Role::kCouncilChair).get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("campaign_deadline"), 0);
  status = stub_->CreateCampaignDeadline(As("D", workflow::Role::kAdmin).get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// The campaign service hands over the due dates of campaigns it has authorised itself: its account (no role)
// sets and marks done deadlines of any organisation; another service account may not.
TEST_F(ApiTest, TheCampaignServiceAccountSetsDeadlinesAndMarksThemDoneAnotherServiceMayNot) {
  auto service = [&](const std::string& name) {
    auto issued = auth::IssueAccessToken({"p-svc-" + name, {}, name}, key_, clock_);
    EXPECT_TRUE(issued.ok()) << issued.status();
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + issued->token);
    return context;
  };
  tdkt::v1::CreateCampaignDeadlineRequest create;
  create.set_request_id("campaign-service-1");
  tdkt::v1::CampaignDeadline* d = create.mutable_deadline();
  d->set_org_id("D");
  d->set_kind(tdkt::v1::CAMPAIGN_DEADLINE_KIND_REGISTRATION);
  d->set_name_vi("Đăng ký thi đua năm 2026");
  d->set_year(2026);
  *d->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2026, 3, 13));
  tdkt::v1::CreateCampaignDeadlineResponse created;
  EXPECT_EQ(stub_->CreateCampaignDeadline(service("notifier").get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = stub_->CreateCampaignDeadline(service("campaign").get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  tdkt::v1::MarkCampaignDeadlineDoneRequest done;
  done.set_request_id("campaign-service-done-c1");
  done.set_campaign_deadline_id(created.deadline().id());
  done.set_org_id("C1");
  tdkt::v1::MarkCampaignDeadlineDoneResponse marked;
  EXPECT_EQ(stub_->MarkCampaignDeadlineDone(service("notifier").get(), done, &marked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  status = stub_->MarkCampaignDeadlineDone(service("campaign").get(), done, &marked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(marked.cancelled_reminders(), 3);
}

// Registrations to the district before `due`, as D's appraiser sets them.
tdkt::v1::CreateCampaignDeadlineRequest Registration(const std::string& request_id, absl::CivilDay due) {
  tdkt::v1::CreateCampaignDeadlineRequest create;
  create.set_request_id(request_id);
  tdkt::v1::CampaignDeadline* d = create.mutable_deadline();
  d->set_org_id("D");
  d->set_kind(tdkt::v1::CAMPAIGN_DEADLINE_KIND_REGISTRATION);
  d->set_name_vi("Đăng ký thi đua năm 2026");
  d->set_year(2026);
  *d->mutable_due_on() = common::ToProtoDate(due);
  return create;
}

TEST_F(ApiTest, CampaignDeadlinesAreListedBelowChangedWithTheirVersionAndCancelled) {
  tdkt::v1::CreateCampaignDeadlineResponse first, second;
  ASSERT_TRUE(stub_->CreateCampaignDeadline(As("D").get(), Registration("c-a", absl::CivilDay(2026, 3, 13)), &first)
                  .ok());
  ASSERT_TRUE(stub_->CreateCampaignDeadline(As("D").get(), Registration("c-b", absl::CivilDay(2026, 4, 10)), &second)
                  .ok());
  tdkt::v1::MarkCampaignDeadlineDoneRequest done;
  done.set_request_id("done-c2");
  done.set_campaign_deadline_id(first.deadline().id());
  done.set_org_id("C2");
  tdkt::v1::MarkCampaignDeadlineDoneResponse marked;
  ASSERT_TRUE(stub_->MarkCampaignDeadlineDone(As("C2", workflow::Role::kSubmitter).get(), done, &marked).ok());

  // A commune sees the deadlines its district set, one page at a time, by due date; a sibling subtree does not.
  tdkt::v1::ListCampaignDeadlinesRequest list;
  list.set_org_id("C1");
  list.mutable_page()->set_page_size(1);
  tdkt::v1::ListCampaignDeadlinesResponse page1, page2;
  grpc::Status status = stub_->ListCampaignDeadlines(As("C1", workflow::Role::kSubmitter).get(), list, &page1);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page1.deadlines_size(), 1);
  EXPECT_EQ(page1.deadlines(0).id(), first.deadline().id());
  list.mutable_page()->set_page_token(page1.page().next_page_token());
  ASSERT_TRUE(stub_->ListCampaignDeadlines(As("C1", workflow::Role::kSubmitter).get(), list, &page2).ok());
  ASSERT_EQ(page2.deadlines_size(), 1);
  EXPECT_EQ(page2.deadlines(0).id(), second.deadline().id());
  EXPECT_TRUE(page2.page().next_page_token().empty());
  list.set_year(2026);
  EXPECT_EQ(stub_->ListCampaignDeadlines(As("C1").get(), list, &page2).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "a page token is bound to its filter";
  list.clear_page();
  EXPECT_EQ(stub_->ListCampaignDeadlines(As("C2").get(), list, &page2).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Moved a week later with one reminder day: C1's pending reminders are re-planned, C2 (done) gets none.
  tdkt::v1::UpdateCampaignDeadlineRequest update;
  update.set_request_id("move-a");
  update.set_expected_version(1);
  *update.mutable_deadline() = first.deadline();
  *update.mutable_deadline()->mutable_due_on() = common::ToProtoDate(absl::CivilDay(2026, 3, 20));
  update.mutable_deadline()->clear_remind_working_days_before();
  update.mutable_deadline()->add_remind_working_days_before(2);
  tdkt::v1::UpdateCampaignDeadlineResponse updated;
  EXPECT_EQ(stub_->UpdateCampaignDeadline(As("C1").get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  status = stub_->UpdateCampaignDeadline(As("D").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.deadline().version(), 2);
  const std::string of_first = absl::StrCat("campaign_deadline_id = '", first.deadline().id(), "'");
  EXPECT_EQ(Count("timer", of_first + " AND status = 1 AND org_id = 'C1'"), 2) << "T−2 and the due day";
  EXPECT_EQ(Count("timer", of_first + " AND status = 1 AND due_date = '2026-03-20'"), 2);
  EXPECT_EQ(Count("timer", of_first + " AND status = 1 AND org_id = 'C2'"), 0) << "C2 has acted";
  tdkt::v1::UpdateCampaignDeadlineResponse replayed;
  ASSERT_TRUE(stub_->UpdateCampaignDeadline(As("D").get(), update, &replayed).ok());
  EXPECT_EQ(replayed.deadline().version(), 2) << "a retried update changes nothing more";
  update.set_request_id("move-a-stale");
  EXPECT_EQ(stub_->UpdateCampaignDeadline(As("D").get(), update, &updated).error_code(), grpc::StatusCode::ABORTED)
      << "version 1 is no longer current";
  update.set_request_id("move-a-other-org");
  update.set_expected_version(2);
  update.mutable_deadline()->set_org_id("P");
  EXPECT_EQ(stub_->UpdateCampaignDeadline(As("D").get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Cancelled: no reminder stays pending, the list leaves it out unless asked, and it cannot change any more.
  tdkt::v1::CancelCampaignDeadlineRequest cancel;
  cancel.set_request_id("cancel-a");
  cancel.set_expected_version(2);
  cancel.set_campaign_deadline_id(first.deadline().id());
  tdkt::v1::CancelCampaignDeadlineResponse cancelled;
  status = stub_->CancelCampaignDeadline(As("D").get(), cancel, &cancelled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(cancelled.deadline().cancelled());
  EXPECT_EQ(Count("timer", of_first + " AND status IN (1, 2)"), 0);
  tdkt::v1::ListCampaignDeadlinesResponse listed;
  ASSERT_TRUE(stub_->ListCampaignDeadlines(As("C1").get(), list, &listed).ok());
  ASSERT_EQ(listed.deadlines_size(), 1);
  list.set_include_cancelled(true);
  ASSERT_TRUE(stub_->ListCampaignDeadlines(As("C1").get(), list, &listed).ok());
  EXPECT_EQ(listed.deadlines_size(), 2);
  cancel.set_request_id("cancel-a-again");
  cancel.set_expected_version(3);
  EXPECT_EQ(stub_->CancelCampaignDeadline(As("D").get(), cancel, &cancelled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace tdkt::scheduler
