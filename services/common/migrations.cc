#include "services/common/migrations.h"

#include <algorithm>
#include <map>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "services/common/pg_errors.h"

namespace tdkt::common {
namespace {

// Holds the schema's advisory lock for the duration of a migration run; a session lock is also released
// by PostgreSQL if the connection dies.
class AdvisoryLock {
 public:
  AdvisoryLock(pqxx::connection_base& connection, std::string key) : connection_(connection), key_(std::move(key)) {
    pqxx::nontransaction(connection_).exec_params("SELECT pg_advisory_lock(hashtext($1))", key_);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction(connection_).exec_params("SELECT pg_advisory_unlock(hashtext($1))", key_);
    } catch (const std::exception&) {
      // The connection is gone, and with it the lock.
    }
  }

 private:
  pqxx::connection_base& connection_;
  std::string key_;
};

absl::Status ApplyOne(pqxx::connection_base& connection, const std::string& schema, const Migration& migration,
                      const std::string& checksum) {
  try {
    pqxx::work txn(connection);
    txn.exec(migration.sql);
    txn.exec_params(absl::StrCat("INSERT INTO ", schema, ".schema_migrations (name, sha256) VALUES ($1, $2)"),
                    migration.name, checksum);
    txn.commit();
    return absl::OkStatus();
  } catch (const pqxx::broken_connection& error) {
    return PgErrorToStatus(error, absl::StrCat("migration ", schema, "/", migration.name));
  } catch (const std::exception& error) {
    std::string first_line = error.what();
    first_line = first_line.substr(0, first_line.find('\n'));
    return absl::FailedPreconditionError(
        absl::StrCat("migration ", schema, "/", migration.name, " failed and was rolled back: ", first_line));
  }
}

}  // namespace

absl::Status ApplyMigrations(pqxx::connection_base& connection, const std::string& schema,
                             const std::vector<Migration>& migrations) {
  // The schema name is spliced into SQL: allow only [a-z_][a-z0-9_]{0,62}.
  const bool valid_name = !schema.empty() && schema.size() <= 63 && !absl::ascii_isdigit(schema[0]) &&
                          std::all_of(schema.begin(), schema.end(), [](char c) {
                            return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
                          });
  if (!valid_name) {
    return absl::InvalidArgumentError(absl::StrCat("invalid schema name '", schema, "'"));
  }
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(), [](const Migration& a, const Migration& b) { return a.name < b.name; });
  try {
    AdvisoryLock lock(connection, absl::StrCat("tdkt.migrations.", schema));
    {
      pqxx::work txn(connection);
      txn.exec(absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", schema, ";",
                            "CREATE TABLE IF NOT EXISTS ", schema, ".schema_migrations (",
                            " name text PRIMARY KEY, sha256 text NOT NULL,",
                            " applied_at timestamptz NOT NULL DEFAULT now())"));
      txn.commit();
    }
    std::map<std::string, std::string> applied;
    {
      pqxx::read_transaction txn(connection);
      for (const auto& row : txn.exec(absl::StrCat("SELECT name, sha256 FROM ", schema, ".schema_migrations"))) {
        applied[row[0].as<std::string>()] = row[1].as<std::string>();
      }
    }
    for (const Migration& migration : ordered) {
      const std::string checksum = base::Sha256Hex(migration.sql);
      if (auto it = applied.find(migration.name); it != applied.end()) {
        if (it->second != checksum) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", schema, "/", migration.name,
              " was changed after it was applied; add a new migration file instead"));
        }
        continue;
      }
      if (absl::Status status = ApplyOne(connection, schema, migration, checksum); !status.ok()) return status;
      spdlog::info("applied migration {}/{}", schema, migration.name);
    }
    return absl::OkStatus();
  } catch (const std::exception& error) {
    return PgErrorToStatus(error, absl::StrCat("migrations for schema ", schema));
  }
}

std::vector<std::string> AppliedMigrations(pqxx::connection_base& connection, const std::string& schema) {
  std::vector<std::string> names;
  pqxx::read_transaction txn(connection);
  if (txn.exec_params1("SELECT to_regclass($1) IS NOT NULL", schema + ".schema_migrations")[0].as<bool>()) {
    for (const auto& row : txn.exec(absl::StrCat("SELECT name FROM ", schema, ".schema_migrations ORDER BY name"))) {
      names.push_back(row[0].as<std::string>());
    }
  }
  return names;
}

}  // namespace tdkt::common
