#include "services/common/migrations.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/servers_environment.h"

namespace tdkt::common {
namespace {

using tdkt::testing::NewDatabase;

int64_t Count(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::read_transaction txn(connection);
  return txn.exec1(sql)[0].as<int64_t>();
}

const std::vector<Migration> kMigrations = {
    {"001_orgs.sql", "CREATE TABLE svc.orgs (id bigint PRIMARY KEY, name text NOT NULL);"},
    {"002_seed.sql", "INSERT INTO svc.orgs VALUES (1, 'Xã Đồng Tân');"},
};

TEST(Migrations, AppliedTwiceIsNoOp) {
  const std::string url = NewDatabase();
  pqxx::connection connection(url);
  ASSERT_TRUE(ApplyMigrations(connection, "svc", kMigrations).ok());
  ASSERT_TRUE(ApplyMigrations(connection, "svc", kMigrations).ok());
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.orgs"), 1);
  EXPECT_EQ(AppliedMigrations(connection, "svc"), (std::vector<std::string>{"001_orgs.sql", "002_seed.sql"}));
}

TEST(Migrations, AppliesInNameOrderWhateverTheListOrder) {
  const std::string url = NewDatabase();
  pqxx::connection connection(url);
  ASSERT_TRUE(ApplyMigrations(connection, "svc", {kMigrations[1], kMigrations[0]}).ok());
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.orgs"), 1);
}

TEST(Migrations, TwoRacingRunnersApplyEachFileOnce) {
  const std::string url = NewDatabase();
  // The slow first file makes the runners overlap; the counter shows how often each file ran.
  const std::vector<Migration> migrations = {
      {"001_counter.sql", "SELECT pg_sleep(0.3); CREATE TABLE svc.runs (file text);"
                          "INSERT INTO svc.runs VALUES ('001');"},
      {"002_more.sql", "INSERT INTO svc.runs VALUES ('002');"},
  };
  std::vector<absl::Status> results(4);
  std::vector<std::thread> runners;
  for (size_t i = 0; i < results.size(); ++i) {
    runners.emplace_back([&, i] {
      pqxx::connection connection(url);
      results[i] = ApplyMigrations(connection, "svc", migrations);
    });
  }
  for (auto& runner : runners) runner.join();
  for (const auto& result : results) EXPECT_TRUE(result.ok()) << result;
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.runs WHERE file = '001'"), 1);
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.runs WHERE file = '002'"), 1);
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.schema_migrations"), 2);
}

TEST(Migrations, FailingFileRollsBackAndIsNamed) {
  const std::string url = NewDatabase();
  pqxx::connection connection(url);
  const std::vector<Migration> migrations = {
      kMigrations[0],
      {"002_broken.sql", "INSERT INTO svc.orgs VALUES (2, 'kept?'); INSERT INTO svc.nowhere VALUES (1);"},
  };
  absl::Status status = ApplyMigrations(connection, "svc", migrations);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("002_broken.sql"), std::string::npos) << status;
  EXPECT_NE(status.message().find("rolled back"), std::string::npos) << status;
  EXPECT_EQ(Count(url, "SELECT count(*) FROM svc.orgs"), 0);  // the first statement of the file was undone
  EXPECT_EQ(AppliedMigrations(connection, "svc"), std::vector<std::string>{"001_orgs.sql"});
}

TEST(Migrations, ChangedAppliedFileIsRefused) {
  const std::string url = NewDatabase();
  pqxx::connection connection(url);
  ASSERT_TRUE(ApplyMigrations(connection, "svc", kMigrations).ok());
  auto changed = kMigrations;
  changed[1].sql = "INSERT INTO svc.orgs VALUES (2, 'edited');";
  absl::Status status = ApplyMigrations(connection, "svc", changed);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("002_seed.sql"), std::string::npos) << status;
}

TEST(Migrations, RejectsUnsafeSchemaName) {
  const std::string url = NewDatabase();
  pqxx::connection connection(url);
  EXPECT_EQ(ApplyMigrations(connection, "svc; DROP TABLE x", kMigrations).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::common
