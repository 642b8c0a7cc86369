// NewMigratedDatabase: copies of a migrated template, one template per migration set, made once even when
// test processes race for it, and made again when a process died half way.
#include "tests/support/migrated_database.h"

#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "tests/support/servers_environment.h"

namespace tdkt::testing {
namespace {

std::vector<common::Migration> Migrations(const std::string& schema, const std::string& extra_sql = "") {
  return {{"001_items.sql", absl::StrCat("CREATE TABLE ", schema, ".item (id int PRIMARY KEY);", extra_sql)},
          {"002_seed.sql", absl::StrCat("INSERT INTO ", schema, ".item VALUES (1);")}};
}

std::string Query1(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction work(connection);
  return work.exec1(sql)[0].as<std::string>();
}

std::string DatabaseOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }

// Drops the template if it exists (a database marked as a template cannot be dropped as it is).
void DropTemplate(const std::string& name) {
  ASSERT_TRUE(TestPostgres().Execute(absl::StrCat("UPDATE pg_database SET datistemplate = false WHERE datname = '",
                                                  name, "'")).ok());
  ASSERT_TRUE(TestPostgres().DropDatabase(name).ok());
}

TEST(MigratedDatabase, IsAMigratedCopyOfItsOwn) {
  const std::vector<common::Migration> migrations = Migrations("copies");
  const std::string first = NewMigratedDatabase("copies", migrations);
  const std::string second = NewMigratedDatabase("copies", migrations);
  EXPECT_NE(first, second);
  EXPECT_EQ(Query1(first, "SELECT count(*) FROM copies.schema_migrations"), "2");
  EXPECT_EQ(Query1(first, "SELECT count(*) FROM copies.item"), "1");
  Query1(first, "INSERT INTO copies.item VALUES (2) RETURNING id");
  EXPECT_EQ(Query1(first, "SELECT count(*) FROM copies.item"), "2");
  EXPECT_EQ(Query1(second, "SELECT count(*) FROM copies.item"), "1") << "the copies share rows";
  const std::string template_name = TemplateName("copies", migrations);
  EXPECT_EQ(Query1(TestPostgres().admin_url(),
                   "SELECT datistemplate::text FROM pg_database WHERE datname = '" + template_name + "'"),
            "true");
  ASSERT_TRUE(TestPostgres().DropDatabase(DatabaseOf(first)).ok());
  ASSERT_TRUE(TestPostgres().DropDatabase(DatabaseOf(second)).ok());
  DropTemplate(template_name);
}

TEST(MigratedDatabase, TemplateNameFollowsTheMigrations) {
  const std::string name = TemplateName("svc", Migrations("svc"));
  EXPECT_EQ(name, TemplateName("svc", Migrations("svc")));
  EXPECT_EQ(name.rfind("tdkt_template_svc_", 0), 0u) << name;
  EXPECT_LE(name.size(), 63u) << "PostgreSQL's identifier limit";
  EXPECT_NE(name, TemplateName("svc", Migrations("svc", "SELECT 1;"))) << "the SQL changed";
  std::vector<common::Migration> renamed = Migrations("svc");
  renamed[1].name = "003_seed.sql";
  EXPECT_NE(name, TemplateName("svc", renamed)) << "a file name changed";
  EXPECT_NE(name, TemplateName("other", Migrations("svc")));
}

TEST(MigratedDatabase, SeveralSchemasShareOneTemplate) {
  const std::vector<SchemaMigrations> schemas = {{"first", Migrations("first")}, {"second", Migrations("second")}};
  const std::string url = NewMigratedDatabase(schemas);
  EXPECT_EQ(Query1(url, "SELECT count(*) FROM first.item"), "1");
  EXPECT_EQ(Query1(url, "SELECT count(*) FROM second.schema_migrations"), "2");
  const std::string name = TemplateName(schemas);
  EXPECT_EQ(name.rfind("tdkt_template_first_second_", 0), 0u) << name;
  EXPECT_NE(name, TemplateName({{"first", Migrations("first")}, {"second", Migrations("second", "SELECT 1;")}}))
      << "the second schema's SQL changed";
  EXPECT_EQ(TemplateName({{"svc", Migrations("svc")}}), TemplateName("svc", Migrations("svc")));
  ASSERT_TRUE(TestPostgres().DropDatabase(DatabaseOf(url)).ok());
  DropTemplate(name);
}

TEST(MigratedDatabase, AHalfMadeTemplateIsMadeAgain) {
  const std::vector<common::Migration> migrations = Migrations("halfmade");
  const std::string template_name = TemplateName("halfmade", migrations);
  DropTemplate(template_name);  // left by an earlier run that failed
  ASSERT_TRUE(TestPostgres().CreateDatabase(template_name).ok());  // as a process that died before migrating
  const std::string url = NewMigratedDatabase("halfmade", migrations);
  EXPECT_EQ(Query1(url, "SELECT count(*) FROM halfmade.item"), "1");
  ASSERT_TRUE(TestPostgres().DropDatabase(DatabaseOf(url)).ok());
  DropTemplate(template_name);
}

TEST(MigratedDatabase, ProcessesRacingForANewTemplateMakeItOnce) {
  // Slow migrations keep the window open: without the lock, a second process finds no template, tries to
  // make it too, and CREATE DATABASE fails (the process then exits with code 1).
  const std::vector<common::Migration> migrations = Migrations("racing", "SELECT pg_sleep(0.3);");
  TestPostgres();  // adopted or started before the fork, so that the children share it
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const std::string url = NewMigratedDatabase("racing", migrations);
      const bool migrated = Query1(url, "SELECT count(*) FROM racing.item") == "1";
      const bool dropped = TestPostgres().DropDatabase(DatabaseOf(url)).ok();
      _exit(migrated && dropped ? 0 : 3);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child exit status " << status;
  }
  DropTemplate(TemplateName("racing", migrations));
}

}  // namespace
}  // namespace tdkt::testing
