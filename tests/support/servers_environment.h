#pragma once
// The PostgreSQL and Redis of an integration test process. Under ctest they are the servers the whole run
// shares (shared_servers.h); a test binary run by hand starts its own, each on first use, stopped after the
// last test by a GoogleTest environment (see integration_main.cc). TDKT_TEST_PG_URL / TDKT_TEST_REDIS_URL name
// external servers instead. A server that cannot start ends the test process with exit code 1 and the reason:
// a test never skips.
//
// Tests share the servers, so each works in a database of its own (NewDatabase, NewMigratedDatabase in
// migrated_database.h) and under Redis keys of its own (TestKey); a test that restarts or kills Redis, or
// whose code uses fixed key names, takes a PrivateRedis.
//
//   TEST(Migrations, AppliedTwiceIsNoOp) {
//     std::string url = NewDatabase();
//     …
//   }
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/local_servers.h"

namespace tdkt::testing {

PostgresServer& TestPostgres();
RedisServer& TestRedis();

// A Redis server of the calling test's own, started now (always locally, whatever TDKT_TEST_REDIS_URL says)
// and stopped when the pointer goes; `options` asks for persistence (an append-only file).
std::unique_ptr<RedisServer> PrivateRedis(RedisServerOptions options = {});

// A fresh, empty database on TestPostgres(), dropped when the current test ends; returns its URL.
std::string NewDatabase();

// A name that no other test, process or run shares — for the current test's Redis keys and streams:
// "test:<process>-<n>:<Suite>.<Test>" (n counts the tests this process has run, so --gtest_repeat is safe).
std::string TestKey();

// Registers `database` (on TestPostgres()) to be dropped when the current test ends.
void DropAfterTest(const std::string& database);
// Makes a database name no other test, process or run uses ("test_<process>_<n>").
std::string UniqueDatabaseName();

// The environment that stops servers started by this process, and the listener that numbers the tests and
// drops their databases (both installed by integration_main.cc).
::testing::Environment* NewServersEnvironment();
::testing::TestEventListener* NewPerTestCleanup();

}  // namespace tdkt::testing
