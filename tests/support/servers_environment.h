#pragma once
// TestServers: the private PostgreSQL and Redis of one integration test process, started before the first
// test and stopped after the last by a GoogleTest environment (see integration_main.cc). A server that cannot
// start fails the run loudly; nothing is skipped.
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
