#pragma once
// RealDossierTest: the scheduler against the real dossier service. tdkt-directory runs as a process on the demo
// directory (with the service accounts svc-dossier and scheduler, and the system administrator quantri), the
// dossier service (DossierServer, as tdkt-dossier assembles it, with its real link to that directory, its outbox
// relay and its calendar watcher LISTENing) runs in this process on the test's clock — EscalateDossier refuses an
// escalation the calendar does not justify by the service's own clock, so the dossier must live the same (fake)
// days as the scheduler. tdktctl demo-scenario submits dossiers, the dossier's relay publishes their events to the
// test's own stream, and in-process schedulers with the service account "scheduler" plan from them.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <grpcpp/grpcpp.h>

#include "base/clock.h"
#include "dossier_migrations.h"
#include "services/auth/directory_client.h"
#include "services/common/bootstrap.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/dossier_server.h"
#include "services/scheduler/escalator.h"
#include "tests/integration/services/scheduler/scheduler_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"

namespace tdkt::scheduler {

namespace fs = std::filesystem;

constexpr char kDemoPassword[] = "tdkt-demo-2025";
constexpr char kDossierPassword[] = "svc-dossier-escalation-test";
constexpr char kSchedulerPassword[] = "svc-scheduler-escalation-test";
// The timers of this test's own dossiers (the stream may carry other tests' events).
constexpr char kOwn[] = "dossier_id IN (SELECT id FROM dossier.dossier)";

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RealDossierTest : public SchedulerTest {
 protected:
  void SetUp() override {
    SchedulerTest::SetUp();
    // The dossier's relay publishes to the test's own stream (SchedulerTest::stream_), which the schedulers
    // read: no other test's events (a calendar change above all) reach them.
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-real-dossier-", getpid());
    fs::create_directories(dir_);
    setenv("TDKT_PII_KEY", common::PiiCipher::GenerateKeyText().c_str(), 1);  // the directory's, for the admin tool
    setenv("TDKT_PASSWORD", kDemoPassword, 1);
    setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);  // tdktctl's saved sessions: this test's own
  }
  void TearDown() override {
    StopAll();
    if (dossier_) dossier_->Shutdown();
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure()) std::cerr << "directory log:\n" << ReadFile(dir_ / "directory.log") << "\n";
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

  // The demo directory, the two service accounts, the directory process, the dossier service, the demo scenario.
  void StartDossierWithDemoScenario() {
    ASSERT_EQ(Admin(absl::StrCat("import ", TDKT_SOURCE_DATA_DIR, "/demo ", TDKT_SOURCE_DATA_DIR, "/demo-units")), 0)
        << last_output_;
    ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password svc-dossier", std::string(kDossierPassword) + "\n"), 0) << last_output_;
    ASSERT_EQ(Admin("create-service-account scheduler 'Dịch vụ nhắc hạn'"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password scheduler", std::string(kSchedulerPassword) + "\n"), 0) << last_output_;
    ASSERT_EQ(Admin("create-system-admin quantri 'Quản trị hệ thống'"), 0) << last_output_;
    ASSERT_EQ(Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n"), 0) << last_output_;
    directory_port_ = testing::FreeLocalPort();
    auto directory = testing::ChildProcess::Start(
        {TDKT_DIRECTORY_BINARY, "--listen", absl::StrCat("127.0.0.1:", directory_port_), "--pg-url", url_},
        (dir_ / "directory.log").string());
    ASSERT_TRUE(directory.ok()) << directory.status();
    directory_ = std::move(*directory);
    ASSERT_TRUE(testing::WaitForPort(directory_port_, absl::Seconds(30)));
    StartDossier();
    ASSERT_EQ(Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_,
                                 " --dossier 127.0.0.1:", dossier_port_, " demo-scenario --without-bloc")),
              0)
        << last_output_;
  }

  // Tokens are issued by the directory at the real time, so the dossier checks them by the real clock; its
  // transitions, deadlines and calendar run on clock_.
  void StartDossier() {
    auto pool = common::ConnectAndMigrate(url_, 4, "dossier", DossierMigrations());
    ASSERT_TRUE(pool.ok()) << pool.status();
    dossier_pool_ = std::move(*pool);
    const std::string directory_address = absl::StrCat("127.0.0.1:", directory_port_);
    auto link = dossier::DirectoryLink::Connect(directory_address, "svc-dossier", kDossierPassword, real_clock_);
    ASSERT_TRUE(link.ok()) << link.status();
    dossier_link_ = std::move(*link);
    auto server = dossier::DossierServer::Create(
        {.data_dir = TDKT_SOURCE_DATA_DIR,
         .directory_address = directory_address,
         .pii_key = common::PiiCipher::GenerateKeyText(),
         .outbox_relay = true,
         .pg_url = url_,
         .redis_url = testing::TestRedis().url(),
         .events_stream = stream_,
         .calendar_poll_interval = absl::Minutes(10)},  // the change notification is what the tests wait for
        {.pool = dossier_pool_.get(),
         .clock = &clock_,
         .verifier = &dossier_link_->verifier(),
         .refresh_keys = dossier_link_->KeyRefresh(),
         .directory_token = dossier_link_->AccessToken()});
    ASSERT_TRUE(server.ok()) << server.status();
    dossier_ = std::move(*server);
    ASSERT_TRUE(dossier_->Start().ok());
    dossier_port_ = dossier_->bound_port();
  }

  // A scheduler replica in this test's own consumer group, escalating or not, with its link to the dossier service.
  SchedulerServer& StartSchedulerOnDossier(const std::string& consumer = "s1", bool escalate = true) {
    SchedulerConfig config = Config(consumer);
    config.consumer_group = absl::StrCat("scheduler-", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                         "-", getpid());
    config.escalate = escalate;
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

  // The escalating replica "s1" (the escalation tests' name for it).
  SchedulerServer& StartEscalatingScheduler() { return StartSchedulerOnDossier("s1", /*escalate=*/true); }

  std::string Query1(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    const pqxx::result r = txn.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  fs::path dir_;
  testing::ChildProcess directory_;
  base::SystemClock real_clock_;
  std::unique_ptr<common::PgPool> dossier_pool_;
  std::unique_ptr<dossier::DirectoryLink> dossier_link_;
  std::unique_ptr<dossier::DossierServer> dossier_;
  int directory_port_ = 0, dossier_port_ = 0;
  std::string last_output_;
};

}  // namespace tdkt::scheduler
