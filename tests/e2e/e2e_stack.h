#pragma once
// E2eStack: the fixture of the end-to-end tests — the real service binaries as separate processes on ports the
// kernel picks, the test PostgreSQL and a Redis of the test's own (the dossier service publishes to its production
// stream tdkt:events, which no other test may see), and the command-line tools (tdkt-directory-admin, tdktctl)
// run through the shell as a user runs them. The binaries' paths are compiled in (tests/e2e/CMakeLists.txt).
//
//   Bootstrap();                              // the demo directory, the service accounts, every demo password
//   StartServices();                          // tdkt-directory, tdkt-dossier, tdkt-notifier
//   ToolRun run = Ctl("login --user vp.dongtan");
//
// Secrets travel through the environment, never argv. tdktctl keeps its sessions under the test's own
// XDG_CONFIG_HOME. Every step is printed (Step), so that a test stopped by ctest's timeout shows how far it got;
// on a failure the services' logs are printed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt::e2e {

namespace fs = std::filesystem;

inline constexpr char kDemoPassword[] = "tdkt-demo-2025";
inline constexpr char kServicePassword[] = "svc-dossier-e2e-mat-khau";
inline constexpr char kNotifierPassword[] = "svc-notifier-e2e-mat-khau";

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
  std::string out;     // stdout alone
};

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string RandomHexKey() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 64; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

class E2eStack : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-e2e-", getpid(), "-", ++instances_);
    fs::create_directories(dir_ / "config");
    setenv("TDKT_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kServicePassword, 1);
    setenv("TDKT_NOTIFIER_DIRECTORY_PASSWORD", kNotifierPassword, 1);
    setenv("TDKT_PASSWORD", kDemoPassword, 1);
    // tdktctl's saved sessions stay in the test's directory, never in the user's ~/.config.
    setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);
    started_ = std::chrono::steady_clock::now();
  }

  void TearDown() override {
    StopServices();
    if (HasFailure()) {
      std::cerr << "directory log:\n" << ReadFile(dir_ / "directory.log") << "\ndossier log:\n"
                << ReadFile(dir_ / "dossier.log") << "\nnotifier log:\n" << ReadFile(dir_ / "notifier.log") << "\n";
    }
    fs::remove_all(dir_);
  }

  // One line on stdout with the time since the start: a test that ctest stops shows where it was.
  void Step(const std::string& what) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::cout << absl::StrFormat("[e2e %6.1f s] ", seconds) << what << std::endl;
  }

  // Runs a command line through the shell with `input` on stdin; stdout and stderr are collected apart.
  ToolRun Shell(const std::string& command, const std::string& input = "") {
    const std::string out = (dir_ / "tool-stdout.txt").string();
    const std::string err = (dir_ / "tool-stderr.txt").string();
    FILE* pipe = popen((command + " >" + out + " 2>" + err).c_str(), "w");
    if (pipe == nullptr) return {};
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    ToolRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, "", ReadFile(out)};
    run.output = run.out + ReadFile(err);
    tool_output_ += run.output;
    return run;
  }
  ToolRun Admin(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args), input);
  }
  // tdktctl against the test's services.
  ToolRun Ctl(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_,
                              " --dossier 127.0.0.1:", dossier_port_, " --notifier 127.0.0.1:", notifier_port_, " ",
                              args),
                 input);
  }

  // The operator's bootstrap, as deploy/local/demo-data does it: the demo directory and its units' staff, the
  // service accounts and their passwords, the demo password for everyone else.
  void Bootstrap() {
    Step("bootstrap the directory");
    ToolRun run = Admin(absl::StrCat("import ", TDKT_SOURCE_DIR, "/data/demo ", TDKT_SOURCE_DIR, "/data/demo-units"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    run = Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    run = Admin("set-password svc-dossier", std::string(kServicePassword) + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    run = Admin("create-service-account svc-notifier 'Dịch vụ thông báo'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    run = Admin("set-password svc-notifier", std::string(kNotifierPassword) + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    run = Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  // The three services; the directory first (the others log in to it). Generous start timeouts: the tests run
  // beside builds and other tests on two cores.
  void StartServices() {
    Step("start the services");
    StartDirectory();
    StartDossier();
    StartNotifier();
  }
  void StartDirectory() {
    auto directory = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_},
                                                    (dir_ / "directory.log").string(), absl::Seconds(180));
    ASSERT_TRUE(directory.ok()) << directory.status();
    directory_ = std::move(directory->process);
    directory_port_ = directory->port;
  }
  void StartDossier() {
    auto dossier = testing::StartServiceOnAnyPort(
        {TDKT_DOSSIER_BINARY, "--pg-url", url_, "--redis-url", redis_->url(), "--directory-addr",
         absl::StrCat("127.0.0.1:", directory_port_)},
        (dir_ / "dossier.log").string(), absl::Seconds(180));
    ASSERT_TRUE(dossier.ok()) << dossier.status();
    dossier_ = std::move(dossier->process);
    dossier_port_ = dossier->port;
  }
  void StartNotifier() {
    auto notifier = testing::StartServiceOnAnyPort(
        {TDKT_NOTIFIER_BINARY, "--pg-url", url_, "--redis-url", redis_->url(), "--directory-addr",
         absl::StrCat("127.0.0.1:", directory_port_), "--data-dir", std::string(TDKT_SOURCE_DIR) + "/data",
         "--admin-listen", ""},  // no metrics port: a fixed default could be taken by a parallel test
        (dir_ / "notifier.log").string(), absl::Seconds(180));
    ASSERT_TRUE(notifier.ok()) << notifier.status();
    notifier_ = std::move(notifier->process);
    notifier_port_ = notifier->port;
  }

  void StopServices() {
    if (notifier_.Running()) notifier_.Stop(SIGTERM, absl::Seconds(20));
    if (dossier_.Running()) dossier_.Stop(SIGTERM, absl::Seconds(20));
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(20));
  }

  std::string Query(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string all;
    for (const auto& row : work.exec(sql)) {
      for (const auto& field : row) absl::StrAppend(&all, field.is_null() ? "NULL" : field.c_str(), "|");
      all += "\n";
    }
    return all;
  }

  long long StreamLength(const std::string& stream) {
    redisContext* redis = redisConnect(redis_->host().c_str(), redis_->port());
    if (redis == nullptr || redis->err != 0) {
      if (redis != nullptr) redisFree(redis);
      return -1;
    }
    auto* reply = static_cast<redisReply*>(redisCommand(redis, "XLEN %s", stream.c_str()));
    long long length = reply != nullptr && reply->type == REDIS_REPLY_INTEGER ? reply->integer : -1;
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(redis);
    return length;
  }

  // Waits until the notifier has applied every event in the outbox (it records each one, whoever it told), up to
  // `timeout`; whether it did.
  bool WaitForTheNotifier(absl::Duration timeout = absl::Minutes(3)) {
    const absl::Time until = absl::Now() + timeout;
    std::string events, applied;
    do {
      if (!applied.empty()) absl::SleepFor(absl::Milliseconds(200));
      events = Query("SELECT count(*) FROM dossier.outbox");
      applied = Query("SELECT count(*) FROM notifier.idempotency WHERE request_id LIKE 'event/%'");
    } while (applied != events && absl::Now() < until);
    return applied == events;
  }

  fs::path dir_;
  std::string url_ = testing::NewDatabase();
  std::unique_ptr<testing::RedisServer> redis_ = testing::PrivateRedis();
  testing::ChildProcess directory_;
  testing::ChildProcess dossier_;
  testing::ChildProcess notifier_;
  int directory_port_ = 0;
  int dossier_port_ = 0;
  int notifier_port_ = 0;
  std::string tool_output_;  // everything the tools printed, for tests that look for secrets in it
  std::chrono::steady_clock::time_point started_;
  static inline int instances_ = 0;
};

}  // namespace tdkt::e2e
