// Escalation against the real dossier service (real_dossier_fixture.h): the demo scenario's deadlines, and an
// in-process scheduler with its service account "scheduler" that escalates overdue deadlines. An EscalateDossier
// call whose reply was lost (the dossier applied it, the scheduler never recorded it) is retried by the timer with
// the same request id and escalates once.
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

}  // namespace
}  // namespace tdkt::scheduler
