#pragma once
// The private PostgreSQL and Redis of one integration test process, each started on first use and stopped
// after the last test by a GoogleTest environment (see integration_main.cc). A server that cannot start ends
// the test process with exit code 1 and the reason: a test never skips.
//
//   TEST(Migrations, AppliedTwiceIsNoOp) {
//     std::string url = NewDatabase();
//     …
//   }
#include <string>

#include "tests/support/local_servers.h"

namespace tdkt::testing {

PostgresServer& TestPostgres();
RedisServer& TestRedis();

// A fresh database on the test PostgreSQL; fails the current test if it cannot be made.
std::string NewDatabase();

}  // namespace tdkt::testing
