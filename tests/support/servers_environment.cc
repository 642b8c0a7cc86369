#include "tests/support/servers_environment.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <gtest/gtest.h>

namespace tdkt::testing {
namespace {

// Started on first use, so that a test that needs neither server does not pay for them; stopped by the
// environment after the last test.
std::unique_ptr<PostgresServer> g_postgres;
std::unique_ptr<RedisServer> g_redis;

[[noreturn]] void FailLoudly(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "FATAL: cannot start the test %s: %s\n", what, std::string(status.message()).c_str());
  std::fflush(stderr);
  std::exit(1);  // never skip: a test that cannot reach its server fails
}

class ServersEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override {
    g_redis.reset();
    g_postgres.reset();
  }
};

}  // namespace

PostgresServer& TestPostgres() {
  if (g_postgres == nullptr) {
    g_postgres = std::make_unique<PostgresServer>();
    if (absl::Status status = g_postgres->Start(); !status.ok()) FailLoudly("PostgreSQL", status);
  }
  return *g_postgres;
}

RedisServer& TestRedis() {
  if (g_redis == nullptr) {
    g_redis = std::make_unique<RedisServer>();
    if (absl::Status status = g_redis->Start(); !status.ok()) FailLoudly("Redis", status);
  }
  return *g_redis;
}

std::string NewDatabase() {
  auto url = TestPostgres().CreateDatabase();
  if (!url.ok()) FailLoudly("PostgreSQL database", url.status());
  return *url;
}

::testing::Environment* NewServersEnvironment() { return new ServersEnvironment(); }

}  // namespace tdkt::testing
