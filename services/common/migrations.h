#pragma once
// ApplyMigrations: brings one service's PostgreSQL schema up to date.
//
// Migrations are ordered SQL files (services/<name>/migrations/NNN_what.sql) embedded in the binary at build
// time (cmake/TdktMigrations.cmake). Each applied file is recorded in <schema>.schema_migrations with its
// SHA-256; the whole run holds a PostgreSQL advisory lock for the schema, so replicas starting together
// apply each file once. Each file runs in its own transaction: a failing file rolls back, the error names
// it, and the files before it stay applied. A recorded file whose content changed is refused.
//
//   TDKT_RETURN_IF_ERROR(ApplyMigrations(*lease, "directory", DirectoryMigrations()));
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace pqxx {
class connection_base;
}

namespace tdkt::common {

struct Migration {
  std::string name;  // file name, e.g. "001_organisations.sql"; applied in name order
  std::string sql;
};

absl::Status ApplyMigrations(pqxx::connection_base& connection, const std::string& schema,
                             const std::vector<Migration>& migrations);

// The names already recorded for `schema`, in order (empty when none).
std::vector<std::string> AppliedMigrations(pqxx::connection_base& connection, const std::string& schema);

}  // namespace tdkt::common
