#include "tests/support/migrated_database.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "tests/support/servers_environment.h"

namespace tdkt::testing {
namespace {

[[noreturn]] void FailLoudly(const std::string& why) {
  std::fprintf(stderr, "FATAL: cannot make the test database: %s\n", why.c_str());
  std::fflush(stderr);
  std::exit(1);  // never skip
}

// Makes the template unless a complete one exists (complete = marked IS_TEMPLATE, the last step).
absl::Status EnsureTemplate(PostgresServer& server, const std::string& name,
                            const std::vector<SchemaMigrations>& schemas) {
  try {
    pqxx::connection admin(server.admin_url());
    pqxx::nontransaction sql(admin);
    // Session-level, on the maintenance database that every test process connects to.
    sql.exec_params("SELECT pg_advisory_lock(hashtextextended($1, 0))", name);
    const pqxx::result existing = sql.exec_params("SELECT datistemplate FROM pg_database WHERE datname = $1", name);
    const std::string quoted = admin.quote_name(name);
    absl::Status status;
    if (existing.empty() || !existing[0][0].as<bool>()) {
      if (!existing.empty()) sql.exec("DROP DATABASE " + quoted + " WITH (FORCE)");
      sql.exec("CREATE DATABASE " + quoted);
      {
        pqxx::connection target(server.DatabaseUrl(name));
        for (const SchemaMigrations& one : schemas) {
          if (status.ok()) status = common::ApplyMigrations(target, one.schema, one.migrations);
        }
      }
      if (status.ok()) {
        // No connections: CREATE DATABASE … TEMPLATE refuses a template that someone is connected to.
        sql.exec("ALTER DATABASE " + quoted + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
      } else {
        sql.exec("DROP DATABASE " + quoted + " WITH (FORCE)");
      }
    }
    sql.exec_params("SELECT pg_advisory_unlock(hashtextextended($1, 0))", name);
    return status;
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("template ", name, ": ", error.what()));
  }
}

}  // namespace

std::string TemplateName(const std::string& schema, const std::vector<common::Migration>& migrations) {
  return TemplateName({{schema, migrations}});
}

std::string TemplateName(const std::vector<SchemaMigrations>& schemas) {
  std::string names, all;
  for (const SchemaMigrations& one : schemas) {
    absl::StrAppend(&names, names.empty() ? "" : "_", one.schema);
    // One schema: only its migrations, as the names of templates made before several schemas were supported.
    if (schemas.size() > 1) absl::StrAppend(&all, one.schema.size(), ":", one.schema, one.migrations.size(), ":");
    for (const common::Migration& migration : one.migrations) {
      absl::StrAppend(&all, migration.name.size(), ":", migration.name, migration.sql.size(), ":", migration.sql);
    }
  }
  return absl::StrCat("tdkt_template_", names, "_", base::Sha256Hex(all).substr(0, 16));
}

std::string NewMigratedDatabase(const std::string& schema, const std::vector<common::Migration>& migrations) {
  return NewMigratedDatabase({{schema, migrations}});
}

std::string NewMigratedDatabase(const std::vector<SchemaMigrations>& schemas) {
  static std::mutex mutex;
  static std::set<std::string> made;  // the templates this process has made or found
  const std::string template_name = TemplateName(schemas);
  PostgresServer& server = TestPostgres();
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (made.count(template_name) == 0) {
      if (absl::Status status = EnsureTemplate(server, template_name, schemas); !status.ok()) {
        FailLoudly(std::string(status.message()));
      }
      made.insert(template_name);
    }
  }
  const std::string name = UniqueDatabaseName();
  absl::StatusOr<std::string> url = server.CreateDatabase(name, template_name);
  if (!url.ok()) FailLoudly(std::string(url.status().message()));
  DropAfterTest(name);
  return *url;
}

}  // namespace tdkt::testing
