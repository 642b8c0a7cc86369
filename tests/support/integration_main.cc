// main() for integration test binaries: starts the private PostgreSQL and Redis, runs the tests, stops them.
#include <signal.h>

#include <gtest/gtest.h>

namespace tdkt::testing {
::testing::Environment* NewServersEnvironment();
}

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a Redis restart must show as an error on the socket, not kill the test
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(tdkt::testing::NewServersEnvironment());
  return RUN_ALL_TESTS();
}
