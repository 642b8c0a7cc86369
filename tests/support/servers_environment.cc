#include "tests/support/servers_environment.h"

#include <gtest/gtest.h>

namespace tdkt::testing {
namespace {

PostgresServer* g_postgres = nullptr;
RedisServer* g_redis = nullptr;

class ServersEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override {
    g_postgres = new PostgresServer();
    g_redis = new RedisServer();
    absl::Status pg = g_postgres->Start();
    ASSERT_TRUE(pg.ok()) << "cannot start the test PostgreSQL: " << pg;
    absl::Status redis = g_redis->Start();
    ASSERT_TRUE(redis.ok()) << "cannot start the test Redis: " << redis;
  }
  void TearDown() override {
    delete g_redis;
    delete g_postgres;
    g_redis = nullptr;
    g_postgres = nullptr;
  }
};

}  // namespace

PostgresServer& TestPostgres() { return *g_postgres; }
RedisServer& TestRedis() { return *g_redis; }

std::string NewDatabase() {
  auto url = g_postgres->CreateDatabase();
  EXPECT_TRUE(url.ok()) << url.status();
  return url.ok() ? *url : std::string();
}

::testing::Environment* NewServersEnvironment() { return new ServersEnvironment(); }

}  // namespace tdkt::testing
