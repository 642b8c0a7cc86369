// Escalation against the real dossier service: tdkt-directory and tdkt-dossier run as processes (as
// tests/e2e/demo_scenario_test.cc starts them) on the demo directory, tdktctl demo-scenario submits dossiers,
// the dossier's relay publishes their DEADLINE_SET events to tdkt:events, and an in-process scheduler with its
// service account "scheduler" escalates overdue deadlines. An EscalateDossier call whose reply was lost (the
// dossier applied it, the scheduler never recorded it) is retried by the timer with the same request id and
// escalates once.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <grpcpp/grpcpp.h>

#include "services/auth/directory_client.h"
#include "services/scheduler/escalator.h"
#include "tests/integration/services/scheduler/scheduler_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"

namespace tdkt::scheduler {
namespace {

namespace fs = std::filesystem;

constexpr char kDemoPassword[] = "tdkt-demo-2025";
constexpr char kDossierPassword[] = "svc-dossier-escalation-test";
constexpr char kSchedulerPassword[] = "svc-scheduler-escalation-test";
// The timers of this test's own dossiers (the stream may carry other tests' events).
constexpr char kOwn[] = "dossier_id IN (SELECT id FROM dossier.dossier)";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class EscalationTest : public SchedulerTest {
 protected:
  void SetUp() override {
    SchedulerTest::SetUp();
    // Where tdkt-dossier's relay publishes. Other test processes may use the same stream on a shared Redis:
    // this test reads it in a group of its own, never deletes it, and counts only its own dossiers' timers.
    stream_ = "tdkt:events";
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-escalation-", getpid());
    fs::create_directories(dir_);
    std::random_device random;
    std::string key;
    for (int i = 0; i < 64; ++i) key += "0123456789abcdef"[random() % 16];
    setenv("TDKT_PII_KEY", key.c_str(), 1);
    setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kDossierPassword, 1);
    setenv("TDKT_PASSWORD", kDemoPassword, 1);
  }
  void TearDown() override {
    StopAll();
    if (dossier_.Running()) dossier_.Stop(SIGTERM, absl::Seconds(10));
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure()) {
      std::cerr << "directory log:\n"
                << ReadFile(dir_ / "directory.log") << "\ndossier log:\n"
                << ReadFile(dir_ / "dossier.log") << "\n";
    }
    fs::remove_all(dir_);
  }

  int Shell(const std::string& command, const std::string& input = "") {
    const std::string out = (dir_ / "tool-output.txt").string();
    FILE* pipe = popen((command + " >" + out + " 2>&1").c_str(), "w");
    if (pipe == nullptr) return -1;
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    last_output_ = ReadFile(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int Admin(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args), input);
  }

  // The demo directory, the two service accounts, the directory and dossier processes, the demo scenario.
  void StartDossierWithDemoScenario() {
    ASSERT_EQ(Admin(absl::StrCat("import ", TDKT_SOURCE_DATA_DIR, "/demo")), 0) << last_output_;
    ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password svc-dossier", std::string(kDossierPassword) + "\n"), 0) << last_output_;
    ASSERT_EQ(Admin("create-service-account scheduler 'Dịch vụ nhắc hạn'"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password scheduler", std::string(kSchedulerPassword) + "\n"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n"), 0) << last_output_;
    directory_port_ = testing::FreeLocalPort();
    auto directory = testing::ChildProcess::Start(
        {TDKT_DIRECTORY_BINARY, "--listen", absl::StrCat("127.0.0.1:", directory_port_), "--pg-url", url_},
        (dir_ / "directory.log").string());
    ASSERT_TRUE(directory.ok()) << directory.status();
    directory_ = std::move(*directory);
    ASSERT_TRUE(testing::WaitForPort(directory_port_, absl::Seconds(30)));
    dossier_port_ = testing::FreeLocalPort();
    auto dossier = testing::ChildProcess::Start(
        {TDKT_DOSSIER_BINARY, "--listen", absl::StrCat("127.0.0.1:", dossier_port_), "--pg-url", url_, "--redis-url",
         testing::TestRedis().url(), "--directory-addr", absl::StrCat("127.0.0.1:", directory_port_)},
        (dir_ / "dossier.log").string());
    ASSERT_TRUE(dossier.ok()) << dossier.status();
    dossier_ = std::move(*dossier);
    ASSERT_TRUE(testing::WaitForPort(dossier_port_, absl::Seconds(60)));
    ASSERT_EQ(Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_,
                                 " --dossier 127.0.0.1:", dossier_port_, " demo-scenario")),
              0)
        << last_output_;
  }

  SchedulerServer& StartEscalatingScheduler() {
    SchedulerConfig config = Config("s1");
    config.consumer_group = absl::StrCat("scheduler-escalation-test-", getpid());
    config.escalate = true;
    config.directory_addr = absl::StrCat("127.0.0.1:", directory_port_);
    config.directory_password = kSchedulerPassword;
    config.dossier_addr = absl::StrCat("127.0.0.1:", dossier_port_);
    SchedulerDeps deps;
    deps.clock = &clock_;
    deps.claim_clock = ClaimClock::kInjected;
    deps.max_sleep = absl::Milliseconds(200);
    auto server = SchedulerServer::Create(config, std::move(deps));
    EXPECT_TRUE(server.ok()) << server.status();
    EXPECT_TRUE((*server)->Start().ok());
    instances_.push_back(*std::move(server));
    return *instances_.back();
  }

  std::string Query1(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    const pqxx::result r = txn.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  fs::path dir_;
  testing::ChildProcess directory_, dossier_;
  int directory_port_ = 0, dossier_port_ = 0;
  std::string last_output_;
};

TEST_F(EscalationTest, ACallRetriedAfterALostReplyEscalatesOnce) {
  StartDossierWithDemoScenario();
  const long long running = std::stoll(Query1("SELECT count(*) FROM dossier.deadline WHERE state = 'RUNNING'"));
  ASSERT_GE(running, 1);
  clock_.Set(absl::Now());
  StartEscalatingScheduler();
  // Once every deadline event of the scenario is applied, each running deadline has its escalation timer (the
  // paused one has none pending).
  const long long events =
      std::stoll(Query1("SELECT count(*) FROM dossier.outbox WHERE type LIKE 'EVENT_TYPE_DEADLINE_%'"));
  ASSERT_EQ(WaitForCount("idempotency", "request_id IN (SELECT event_id FROM dossier.outbox)", events,
                         absl::Seconds(60)),
            events);
  ASSERT_EQ(Count("timer", absl::StrCat("kind = 2 AND status = 1 AND ", kOwn)), running);

  // The first call of one escalation reaches the dossier, but its reply is lost: the timer stays pending.
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

  // Past every deadline's second overdue working day: the timer fires and calls again with the same request id.
  const absl::CivilDay last_due =
      *base::ParseIsoDate(Query1(absl::StrCat("SELECT max(due_date)::text FROM scheduler.timer WHERE kind = 2 AND "
                                              "status = 1 AND ", kOwn)));
  SetClock(At8(last_due + 20));
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
