#include "services/common/prepared_statement.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/servers_environment.h"

namespace tdkt::common {
namespace {

class PreparedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::NewDatabase();
    pqxx::connection c(url_);
    pqxx::work w(c);
    w.exec("CREATE TABLE counter (id text PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES ('a', 0)");
    w.commit();
  }

  // The statements the server holds prepared for connection `c`, by name.
  static int64_t PreparedOnServer(pqxx::connection& c, const std::string& name) {
    pqxx::work w(c);
    return w.exec_params1("SELECT count(*) FROM pg_prepared_statements WHERE name = $1", name)[0].as<int64_t>();
  }

  std::string url_;
};

const PreparedStatement& Bump() {
  static const PreparedStatement kBump("test_bump", "UPDATE counter SET n = n + $2 WHERE id = $1 RETURNING n");
  return kBump;
}

TEST_F(PreparedStatementTest, ParsedOncePerConnectionAndRunByNameAfterwards) {
  pqxx::connection c(url_);
  EXPECT_EQ(PreparedOnServer(c, Bump().name()), 0);
  for (int i = 1; i <= 3; ++i) {
    pqxx::work w(c);
    const pqxx::result r = Bump().Exec(w, "a", 2);
    w.commit();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0][0].as<int>(), 2 * i);
    EXPECT_EQ(PreparedOnServer(c, Bump().name()), 1) << "after call " << i;
  }
}

TEST_F(PreparedStatementTest, EveryConnectionPreparesItsOwn) {
  pqxx::connection first(url_);
  pqxx::connection second(url_);
  {
    pqxx::work w(first);
    Bump().Exec(w, "a", 1);
    w.commit();
  }
  EXPECT_EQ(PreparedOnServer(second, Bump().name()), 0);
  pqxx::work w(second);
  EXPECT_EQ(Bump().Exec(w, "a", 1)[0][0].as<int>(), 2);
}

TEST_F(PreparedStatementTest, StaysUsableAfterARolledBackTransaction) {
  pqxx::connection c(url_);
  {
    pqxx::work w(c);
    Bump().Exec(w, "a", 5);
  }  // rolled back: the statement stays prepared, the update does not
  pqxx::work w(c);
  EXPECT_EQ(Bump().Exec(w, "a", 1)[0][0].as<int>(), 1);
}

TEST_F(PreparedStatementTest, AnotherStatementUnderTheSameNameIsRefused) {
  pqxx::connection c(url_);
  const PreparedStatement other(Bump().name(), "SELECT 1");
  pqxx::work w(c);
  Bump().Exec(w, "a", 1);
  EXPECT_THROW(other.Exec(w), pqxx::argument_error);
}

}  // namespace
}  // namespace tdkt::common
