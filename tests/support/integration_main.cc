// main() for integration test binaries: finds or starts the PostgreSQL and Redis, runs the tests (dropping each
// test's databases after it), stops the servers it started.
#include <signal.h>

#include <gtest/gtest.h>

#include "tests/support/servers_environment.h"

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a Redis restart must show as an error on the socket, not kill the test
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(tdkt::testing::NewServersEnvironment());
  ::testing::UnitTest::GetInstance()->listeners().Append(tdkt::testing::NewPerTestCleanup());
  return RUN_ALL_TESTS();
}
