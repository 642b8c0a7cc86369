#include "services/common/pg_pool.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/child_process.h"
#include "tests/support/servers_environment.h"

namespace tdkt::common {
namespace {

using tdkt::testing::NewDatabase;

TEST(PgPool, WrongUrlIsAClearUnavailableError) {
  const int closed_port = tdkt::testing::FreeLocalPort();
  auto pool = PgPool::Connect(absl::StrCat("postgresql://tdkt:s3cret@127.0.0.1:", closed_port, "/tdkt"), 2);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.status().code(), absl::StatusCode::kUnavailable);
  const std::string message(pool.status().message());
  EXPECT_NE(message.find("--pg-url"), std::string::npos) << message;
  EXPECT_NE(message.find(absl::StrCat(closed_port)), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << "password leaked: " << message;
}

TEST(PgPool, UnknownDatabaseIsAClearError) {
  std::string url = tdkt::testing::TestPostgres().admin_url();
  url.replace(url.rfind('/') + 1, std::string::npos, "no_such_database");
  auto pool = PgPool::Connect(url, 1);
  ASSERT_FALSE(pool.ok());
  EXPECT_NE(pool.status().message().find("no_such_database"), std::string::npos) << pool.status();
}

TEST(PgPool, RedactsPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgresql://u:p%40ss@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u@h/db"), "postgresql://u@h/db");
}

TEST(PgPool, CommitsOrRollsBack) {
  auto pool = PgPool::Connect(NewDatabase(), 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  ASSERT_TRUE((*pool)->InTransaction([](pqxx::work& txn) {
    txn.exec("CREATE TABLE t (id int PRIMARY KEY)");
    return absl::OkStatus();
  }).ok());
  absl::Status refused = (*pool)->InTransaction([](pqxx::work& txn) {
    txn.exec("INSERT INTO t VALUES (1)");
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  absl::Status duplicate = (*pool)->InTransaction([](pqxx::work& txn) {
    txn.exec("INSERT INTO t VALUES (2)");
    txn.exec("INSERT INTO t VALUES (2)");
    return absl::OkStatus();
  });
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
  int64_t rows = -1;
  ASSERT_TRUE((*pool)->InTransaction([&](pqxx::work& txn) {
    rows = txn.exec1("SELECT count(*) FROM t")[0].as<int64_t>();
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(rows, 0);
}

TEST(PgPool, AcquireTimesOutWhenAllConnectionsAreLent) {
  auto pool = PgPool::Connect(NewDatabase(), 1, absl::Milliseconds(100));
  ASSERT_TRUE(pool.ok());
  auto first = (*pool)->Acquire();
  ASSERT_TRUE(first.ok());
  auto second = (*pool)->Acquire();
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(PgPool, ReplacesABrokenConnection) {
  const std::string url = NewDatabase();
  auto pool = PgPool::Connect(url, 1);
  ASSERT_TRUE(pool.ok());
  {
    auto lease = (*pool)->Acquire();
    ASSERT_TRUE(lease.ok());
    int backend = pqxx::nontransaction(**lease).exec1("SELECT pg_backend_pid()")[0].as<int>();
    pqxx::connection admin(url);
    pqxx::nontransaction(admin).exec_params("SELECT pg_terminate_backend($1)", backend);
    EXPECT_ANY_THROW(pqxx::nontransaction(**lease).exec("SELECT 1"));
  }
  absl::Status status = (*pool)->InTransaction([](pqxx::work& txn) {
    txn.exec("SELECT 1");
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

}  // namespace
}  // namespace tdkt::common
