// Escalation against the real dossier service (real_dossier_fixture.h): the demo scenario's deadlines, and an
// in-process scheduler with its service account "scheduler" that escalates overdue deadlines. An EscalateDossier
// call whose reply was lost (the dossier applied it, the scheduler never recorded it) is retried by the timer with
// the same request id and escalates once. A dossier returned for supplement pauses its reminders, and its
// resubmission re-plans them for the due date the days left give.
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tests/integration/services/scheduler/real_dossier_fixture.h"

namespace tdkt::scheduler {
namespace {

using EscalationTest = RealDossierTest;

TEST_F(EscalationTest, ACallRetriedAfterALostReplyEscalatesOnce) {
  clock_.Set(absl::Now());
  StartDossierWithDemoScenario();
  const long long running = std::stoll(Query1("SELECT count(*) FROM dossier.deadline WHERE state = 'RUNNING'"));
  ASSERT_GE(running, 1);
  StartEscalatingScheduler();
  // Once every deadline event of the scenario is applied, each running deadline has its escalation timer (the
  // paused one has none pending).
  const long long events =
      std::stoll(Query1("SELECT count(*) FROM dossier.outbox WHERE type LIKE 'EVENT_TYPE_DEADLINE_%'"));
  ASSERT_EQ(WaitForCount("idempotency", "request_id IN (SELECT event_id FROM dossier.outbox)", events,
                         absl::Seconds(60)),
            events);
  ASSERT_EQ(Count("timer", absl::StrCat("kind = 2 AND status = 1 AND ", kOwn)), running);

  // The scheduler stops; the days pass beyond every deadline's second overdue working day. The first call of one
  // escalation reaches the dossier, but its reply is lost: the timer stays pending.
  StopAll();
  const absl::CivilDay last_due =
      *base::ParseIsoDate(Query1(absl::StrCat("SELECT max(due_date)::text FROM scheduler.timer WHERE kind = 2 AND "
                                              "status = 1 AND ", kOwn)));
  clock_.Set(At8(last_due + 20));
  pqxx::connection c(url_);
  pqxx::work txn(c);
  const pqxx::row timer = txn.exec1(absl::StrCat(
      "SELECT id, dossier_id, level, due_date::text, step, deadline_id FROM scheduler.timer WHERE kind = 2 AND "
      "status = 1 AND ", kOwn, " ORDER BY fire_at, id LIMIT 1"));
  txn.commit();
  TimerRow row;
  row.id = timer[0].as<std::string>();
  row.dossier_id = timer[1].as<std::string>();
  row.level = timer[2].as<int>();
  row.due_date = *base::ParseIsoDate(timer[3].as<std::string>());
  row.step = timer[4].as<int>();
  const std::string deadline_no = timer[5].as<std::string>().substr(row.dossier_id.size() + 1);
  auto directory_stub = tdkt::v1::DirectoryService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", directory_port_), grpc::InsecureChannelCredentials()));
  auth::DirectorySession account(*directory_stub, "scheduler", kSchedulerPassword, clock_);
  GrpcEscalator lost_reply(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", dossier_port_), grpc::InsecureChannelCredentials()),
      [&account] { return account.AccessToken(); });
  const EscalationOutcome first = lost_reply.Escalate(row);
  ASSERT_EQ(first.kind, EscalationOutcome::Kind::kDone) << first.error;
  const std::string escalations_sql = absl::StrCat("SELECT escalation_count FROM dossier.deadline WHERE dossier_id = '",
                                                   row.dossier_id, "' AND deadline_no = ", deadline_no);
  ASSERT_EQ(Query1(escalations_sql), "1");

  // The scheduler starts again: the timer fires late and calls again with the same request id.
  StartEscalatingScheduler();
  ASSERT_EQ(WaitForCount("timer", absl::StrCat("kind = 2 AND status = 3 AND ", kOwn), running, absl::Seconds(60)),
            running) << Query1(
      "SELECT string_agg(id || ' ' || status || ' ' || last_error, E'\\n') FROM scheduler.timer "
      "WHERE kind = 2");
  EXPECT_EQ(Query1(absl::StrCat("SELECT status FROM scheduler.timer WHERE id = '", row.id, "'")), "3");
  EXPECT_EQ(Query1(absl::StrCat("SELECT attempts FROM scheduler.timer WHERE id = '", row.id, "'")), "1");
  EXPECT_EQ(Query1(escalations_sql), "1") << "the retried call escalated once";
  EXPECT_EQ(Query1(absl::StrCat("SELECT count(*) FROM dossier.event WHERE dossier_id = '", row.dossier_id,
                                "' AND type = 'ESCALATE'")),
            "1");
  EXPECT_EQ(Query1(absl::StrCat("SELECT count(*) FROM scheduler.timer WHERE kind = 2 AND status = 3 AND ", kOwn)),
            std::to_string(running))
      << "every running deadline escalated";
  EXPECT_EQ(Query1("SELECT sum(escalation_count) FROM dossier.deadline"), std::to_string(running));
  EXPECT_EQ(instances_[0]->metrics().escalations.value(), running);
}

TEST_F(EscalationTest, AReturnForSupplementPausesTheRemindersAndTheResubmissionReplansThemWithTheDaysLeft) {
  // The scenario runs on Monday 7/12/2026: the commune accepts its dossiers that day, 10 working days to appraise
  // (data/chains), so they are due Monday 21/12 — and returns one for supplement the same day. The day of the
  // return still counts, so the clock stops for the working days after it (docs/domain.md, "trả lại để bổ
  // sung"). Resubmitted on Monday 14/12, after 8, 9, 10, 11 and 14/12 were paused (5 working days), the dossier
  // is due 5 working days later than planned: Monday 28/12/2026 (no holiday before 1/1/2027).
  clock_.Set(At8(absl::CivilDay(2026, 12, 7), absl::Minutes(30)));
  StartDossierWithDemoScenario();
  StartEscalatingScheduler();
  const long long events =
      std::stoll(Query1("SELECT count(*) FROM dossier.outbox WHERE type LIKE 'EVENT_TYPE_DEADLINE_%'"));
  ASSERT_EQ(WaitForCount("idempotency", "request_id IN (SELECT event_id FROM dossier.outbox)", events,
                         absl::Seconds(60)),
            events);
  // The school's dossier that Đồng Tân's appraiser returned (the demo's 200 have returned ones at every level).
  const std::string dossier_id = Query1(
      "SELECT id FROM dossier.dossier WHERE state LIKE '%RETURNED_FOR_SUPPLEMENT' "
      "AND origin_org_id IN (SELECT id::text FROM directory.organisation WHERE code = 'PT-DONGTAN-THDT') "
      "AND holder_org_id IN (SELECT id::text FROM directory.organisation WHERE code = 'PT-DONGTAN') ORDER BY id LIMIT 1");
  ASSERT_FALSE(dossier_id.empty());
  // The reminders of the dossier's deadline at the commune (its earlier deadlines' are cancelled already), by
  // status.
  const std::string deadline_id =
      Query1("SELECT deadline_id FROM scheduler.deadline WHERE dossier_id = '" + dossier_id + "' AND state = 'PAUSED'");
  ASSERT_FALSE(deadline_id.empty());
  auto reminders = [&](int status) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    std::vector<std::string> out;
    for (const auto& r : txn.exec_params("SELECT reminder_kind, step, fire_on::text FROM scheduler.timer "
                                         "WHERE deadline_id = $1 AND kind = 1 AND status = $2 ORDER BY fire_at, id",
                                         deadline_id, status)) {
      out.push_back(absl::StrCat(tdkt::v1::ReminderKind_Name(r[0].as<int>()).substr(14), "/", r[1].as<int>(), " ",
                                 r[2].as<std::string>()));
    }
    return out;
  };
  constexpr int kPending = 1, kPaused = 2, kCancelled = 4;
  EXPECT_THAT(reminders(kPending), ::testing::IsEmpty()) << "returned: nothing reminds while the submitter works";
  const std::vector<std::string> paused = reminders(kPaused);
  EXPECT_THAT(paused, ::testing::ElementsAre("BEFORE_DUE/3 2026-12-16", "BEFORE_DUE/1 2026-12-18",
                                             "DUE_TODAY/0 2026-12-21", "OVERDUE/1 2026-12-22"));

  // A week later the school's submitter resubmits.
  clock_.Set(At8(absl::CivilDay(2026, 12, 14), absl::Hours(1)));
  auto directory = tdkt::v1::DirectoryService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", directory_port_), grpc::InsecureChannelCredentials()));
  auth::DirectorySession submitter(*directory, "vt.dongtan.thdt", kDemoPassword, real_clock_);
  const absl::StatusOr<std::string> token = submitter.AccessToken();
  ASSERT_TRUE(token.ok()) << token.status();
  auto dossier = tdkt::v1::DossierService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", dossier_port_), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + *token);
  tdkt::v1::ResubmitDossierRequest resubmit;
  resubmit.set_request_id("test-nop-lai");
  resubmit.set_dossier_id(dossier_id);
  resubmit.set_expected_version(std::stoll(Query1("SELECT version FROM dossier.dossier WHERE id = '" + dossier_id + "'")));
  resubmit.set_note_vi("Đã bổ sung xác nhận của Thủ trưởng đơn vị");
  tdkt::v1::ResubmitDossierResponse response;
  const grpc::Status status = dossier->ResubmitDossier(&context, resubmit, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(WaitForCount("idempotency", "request_id IN (SELECT event_id FROM dossier.outbox)", events + 1,
                         absl::Seconds(60)),
            events + 1)
      << "the DEADLINE_RESUMED event is applied";
  EXPECT_THAT(reminders(kPending), ::testing::ElementsAre("BEFORE_DUE/3 2026-12-23", "BEFORE_DUE/1 2026-12-25",
                                                          "DUE_TODAY/0 2026-12-28", "OVERDUE/1 2026-12-29"));
  EXPECT_THAT(reminders(kPaused), ::testing::IsEmpty());
  EXPECT_EQ(reminders(kCancelled), paused) << "the plan for 21/12 is void";
  EXPECT_EQ(Query1("SELECT state || ' ' || due_date::text FROM scheduler.deadline WHERE deadline_id = '" +
                   deadline_id + "'"),
            "RUNNING 2026-12-28");
}

}  // namespace
}  // namespace tdkt::scheduler
