#include "tests/support/servers_environment.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/shared_servers.h"

namespace tdkt::testing {
namespace {

// Adopted or started on first use, so that a test that needs neither server does not pay for them; stopped
// (when started here) by the environment after the last test.
std::unique_ptr<PostgresServer> g_postgres;
std::unique_ptr<RedisServer> g_redis;
std::once_flag g_shared_once;
std::optional<SharedServers> g_shared;

std::mutex g_mutex;  // guards the two below, ProcessToken() and the database name counter
std::vector<std::string> g_databases_to_drop;
int g_test_number = 0;

[[noreturn]] void FailLoudly(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "FATAL: cannot start the test %s: %s\n", what, std::string(status.message()).c_str());
  std::fflush(stderr);
  std::exit(1);  // never skip: a test that cannot reach its server fails
}

const std::optional<SharedServers>& Shared() {
  std::call_once(g_shared_once, [] {
    g_shared = SharedServersOfThisRun();
    const char* dir = std::getenv("TDKT_TEST_SERVERS_DIR");
    if (!g_shared && dir != nullptr && *dir != '\0') {
      std::fprintf(stderr, "note: no shared test servers for this process in %s; starting private ones\n", dir);
    }
  });
  return g_shared;
}

// "<pid>_<random>": tells this process's names from those of every other process and earlier run (made again
// in a forked child). Called with g_mutex held.
const std::string& ProcessToken() {
  static pid_t owner = 0;
  static std::string token;
  if (owner != getpid()) {
    owner = getpid();
    std::random_device random;
    token = absl::StrCat(owner, "_", absl::Hex(random() & 0xffffff, absl::kZeroPad6));
  }
  return token;
}

void DropDatabases() {
  std::vector<std::string> databases;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    databases.swap(g_databases_to_drop);
  }
  for (const std::string& database : databases) {
    if (absl::Status status = TestPostgres().DropDatabase(database); !status.ok()) {
      std::fprintf(stderr, "warning: %s\n", std::string(status.message()).c_str());
    }
  }
}

class ServersEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_postgres != nullptr) DropDatabases();
    g_redis.reset();
    g_postgres.reset();
  }
};

class PerTestCleanup final : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo&) override {
    std::lock_guard<std::mutex> lock(g_mutex);
    ++g_test_number;
  }
  // After the fixture is gone, so nothing of the test still holds a connection (WITH (FORCE) ends any that do).
  void OnTestEnd(const ::testing::TestInfo&) override {
    if (g_postgres != nullptr) DropDatabases();
  }
};

}  // namespace

PostgresServer& TestPostgres() {
  if (g_postgres == nullptr) {
    g_postgres = std::make_unique<PostgresServer>(PostgresOptions{.fsync = false});
    absl::Status status = Shared() ? g_postgres->Adopt(Shared()->postgres_url) : g_postgres->Start();
    if (!status.ok()) FailLoudly("PostgreSQL", status);
  }
  return *g_postgres;
}

RedisServer& TestRedis() {
  if (g_redis == nullptr) {
    g_redis = std::make_unique<RedisServer>();
    absl::Status status = Shared() ? g_redis->Adopt(Shared()->redis_url) : g_redis->Start();
    if (!status.ok()) FailLoudly("Redis", status);
  }
  return *g_redis;
}

std::unique_ptr<RedisServer> PrivateRedis(RedisServerOptions options) {
  auto redis = std::make_unique<RedisServer>(std::move(options));
  if (absl::Status status = redis->StartLocal(); !status.ok()) FailLoudly("private Redis", status);
  return redis;
}

std::string UniqueDatabaseName() {
  static int counter = 0;
  std::lock_guard<std::mutex> lock(g_mutex);
  return absl::StrCat("test_", ProcessToken(), "_", counter++);
}

void DropAfterTest(const std::string& database) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_databases_to_drop.push_back(database);
}

std::string NewDatabase() {
  const std::string name = UniqueDatabaseName();
  auto url = TestPostgres().CreateDatabase(name);
  if (!url.ok()) FailLoudly("PostgreSQL database", url.status());
  DropAfterTest(name);
  return *url;
}

std::string TestKey() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::lock_guard<std::mutex> lock(g_mutex);
  return absl::StrCat("test:", ProcessToken(), "-", g_test_number, ":",
                      test != nullptr ? absl::StrCat(test->test_suite_name(), ".", test->name()) : "outside-tests");
}

::testing::Environment* NewServersEnvironment() { return new ServersEnvironment(); }
::testing::TestEventListener* NewPerTestCleanup() { return new PerTestCleanup(); }

}  // namespace tdkt::testing
