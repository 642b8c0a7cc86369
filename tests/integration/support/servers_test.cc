// The servers tests share: under ctest those of the run (state file), Redis adopted from a URL with its port,
// private Redis servers of a test's own.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/redis_streams.h"
#include "tests/support/servers_environment.h"
#include "tests/support/shared_servers.h"

namespace tdkt::testing {
namespace {

TEST(SharedServers, UnderCtestEveryTestUsesTheRunsServers) {
  const char* dir = std::getenv("TDKT_TEST_SERVERS_DIR");
  if (dir == nullptr) {  // run by hand: servers of its own, unless external ones are named
    EXPECT_EQ(TestPostgres().external(), std::getenv("TDKT_TEST_PG_URL") != nullptr);
    return;
  }
  absl::StatusOr<SharedServers> shared = ReadSharedServers(SharedServersStatePath(dir, getppid()));
  ASSERT_TRUE(shared.ok()) << shared.status();
  EXPECT_TRUE(TestPostgres().external());
  EXPECT_EQ(TestPostgres().admin_url(), shared->postgres_url);
  EXPECT_TRUE(TestRedis().external());
  EXPECT_EQ(TestRedis().url(), shared->redis_url);
}

TEST(SharedServers, StateFileRoundTripsAndAMissingOneIsNotFound) {
  const std::string path = (std::filesystem::temp_directory_path() / absl::StrCat("tdkt-state-", getpid())).string();
  ASSERT_TRUE(WriteSharedServers(path, {"postgresql://tdkt@127.0.0.1:5/postgres", "redis://127.0.0.1:6", 42}).ok());
  absl::StatusOr<SharedServers> read = ReadSharedServers(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->postgres_url, "postgresql://tdkt@127.0.0.1:5/postgres");
  EXPECT_EQ(read->redis_url, "redis://127.0.0.1:6");
  EXPECT_EQ(read->supervisor, 42);
  EXPECT_EQ(ReadSharedServers(path).status().code(), absl::StatusCode::kNotFound);
}

TEST(RedisServer, AnAdoptedServerHasTheHostAndPortOfItsUrl) {
  RedisServer redis;
  ASSERT_TRUE(redis.Adopt("redis://10.1.2.3:6390/2").ok());
  EXPECT_EQ(redis.host(), "10.1.2.3");
  EXPECT_EQ(redis.port(), 6390);
  EXPECT_EQ(redis.url(), "redis://10.1.2.3:6390/2");
  EXPECT_TRUE(redis.external());
  RedisServer with_password;
  ASSERT_TRUE(with_password.Adopt("redis://user:secret@cache").ok());
  EXPECT_EQ(with_password.host(), "cache");
  EXPECT_EQ(with_password.port(), 6379);
  RedisServer bad;
  EXPECT_FALSE(bad.Adopt("http://cache:1").ok());
  EXPECT_FALSE(bad.Adopt("redis://cache:port").ok());
  EXPECT_FALSE(bad.Adopt("redis://:1").ok());
  EXPECT_FALSE(with_password.Restart().ok()) << "an adopted server is not ours to restart";
  EXPECT_FALSE(bad.Restart().ok()) << "nor one never started";
}

TEST(RedisServer, APrivateOneIsNotTheSharedOne) {
  const std::unique_ptr<RedisServer> own = PrivateRedis();
  EXPECT_FALSE(own->external());
  EXPECT_NE(own->url(), TestRedis().url());
  common::RedisStreams client(*common::ParseRedisUrl(own->url()));
  ASSERT_TRUE(client.XAdd(TestKey(), {{"a", "b"}}).ok());
  ASSERT_TRUE(own->Restart().ok());
  auto length = client.Command({"XLEN", TestKey()});
  ASSERT_TRUE(length.ok()) << length.status();
  EXPECT_EQ(*length, "0") << "restarted without persistence";
}

TEST(TestKeys, NameTheTestAndThisProcess) {
  const std::string key = TestKey();
  EXPECT_EQ(key, TestKey()) << "stable within a test";
  EXPECT_NE(key.find(absl::StrCat("test:", getpid(), "_")), std::string::npos) << key;
  EXPECT_NE(key.find(":TestKeys.NameTheTestAndThisProcess"), std::string::npos) << key;
}

}  // namespace
}  // namespace tdkt::testing
