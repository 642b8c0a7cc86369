// The service binary as an operator meets it: flags, health, SIGTERM. tdkt-directory stands for
// every service: they share the bootstrap in services/common.
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt {
namespace {

using tdkt::testing::ChildProcess;
using tdkt::testing::FreeLocalPort;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DirectoryBinary : public ::testing::Test {
 protected:
  std::string log_path_ = (std::filesystem::temp_directory_path() /
                           ("tdkt-directory-" + std::to_string(getpid()) + "-" +
                            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log"))
                              .string();
  void TearDown() override { std::filesystem::remove(log_path_); }

  absl::StatusOr<ChildProcess> Start(std::vector<std::string> args) {
    args.insert(args.begin(), TDKT_DIRECTORY_BINARY);
    return ChildProcess::Start(args, log_path_);
  }
  // Listening on a port the kernel picks (no race for a free port); waits for the "ready" log line.
  absl::StatusOr<testing::ServiceProcess> StartOnAnyPort(std::vector<std::string> args) {
    args.insert(args.begin(), TDKT_DIRECTORY_BINARY);
    return testing::StartServiceOnAnyPort(args, log_path_, absl::Seconds(30));
  }
};

bool Serving(int port) {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

TEST_F(DirectoryBinary, BadFlagPrintsOneLineAndExits2) {
  auto process = Start({"--no-such-flag=1"});
  ASSERT_TRUE(process.ok());
  const int status = process->Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(ReadFile(log_path_), "tdkt-directory: unknown flag '--no-such-flag' (see --help)\n");
}

TEST_F(DirectoryBinary, BadValueNamesTheSetting) {
  auto process = Start({"--pg-pool-size=0"});
  ASSERT_TRUE(process.ok());
  const int status = process->Wait();
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string out = ReadFile(log_path_);
  EXPECT_NE(out.find("--pg-pool-size / TDKT_PG_POOL_SIZE"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

TEST_F(DirectoryBinary, AnswersHealthAndStopsWithinTenSecondsOfSigterm) {
  auto service = StartOnAnyPort({"--pg-url", testing::NewDatabase(), "--pg-pool-size", "2"});
  ASSERT_TRUE(service.ok()) << service.status();
  const int port = service->port;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!Serving(port) && absl::Now() < give_up && service->process.Running()) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(Serving(port)) << ReadFile(log_path_);

  const absl::Time sent = absl::Now();
  const int status = service->process.Stop(SIGTERM, absl::Seconds(15));
  EXPECT_LT(absl::Now() - sent, absl::Seconds(10));
  ASSERT_TRUE(WIFEXITED(status)) << "killed, not exited: " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(ReadFile(log_path_).find("received SIGTERM"), std::string::npos);
}

TEST_F(DirectoryBinary, UnreachableDatabaseIsAClearErrorNotACrash) {
  auto process = Start({"--pg-url", absl::StrCat("postgresql://tdkt@127.0.0.1:", FreeLocalPort(), "/tdkt")});
  ASSERT_TRUE(process.ok());
  const int status = process->Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string out = ReadFile(log_path_);
  EXPECT_NE(out.find("cannot connect to postgresql://tdkt@127.0.0.1:"), std::string::npos) << out;
  EXPECT_NE(out.find("--pg-url / TDKT_PG_URL"), std::string::npos) << out;
}

TEST_F(DirectoryBinary, OccupiedPortIsAClearError) {
  auto first = StartOnAnyPort({"--pg-url", testing::NewDatabase()});
  ASSERT_TRUE(first.ok()) << first.status();
  const int port = first->port;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!Serving(port) && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(50));
  ASSERT_TRUE(Serving(port));
  auto second = Start({"--listen", absl::StrCat("127.0.0.1:", port), "--pg-url", testing::NewDatabase()});
  ASSERT_TRUE(second.ok());
  const int status = second->Wait();
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(ReadFile(log_path_).find(absl::StrCat("cannot listen on 127.0.0.1:", port)), std::string::npos);
}

}  // namespace
}  // namespace tdkt
