#pragma once
// What every service's main() does before it serves: stop with one clear line when something is wrong, and
// open its PostgreSQL pool with its schema up to date.
//
//   auto pool = ValueOrExit(ConnectAndMigrate(flags.Get("pg-url"), flags.GetInt("pg-pool-size"), "dossier",
//                                             DossierMigrations()));
//   ExitOnError(server->Start());
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"

namespace tdkt::common {

// Logs the status as critical and exits with code 1.
[[noreturn]] void ExitWithError(const absl::Status& status);

inline void ExitOnError(const absl::Status& status) {
  if (!status.ok()) ExitWithError(status);
}

template <typename T>
T ValueOrExit(absl::StatusOr<T> value) {
  if (!value.ok()) ExitWithError(value.status());
  return *std::move(value);
}

// A pool of `pool_size` connections to `url`, after applying `migrations` to `schema` (ApplyMigrations).
absl::StatusOr<std::unique_ptr<PgPool>> ConnectAndMigrate(const std::string& url, int pool_size,
                                                          const std::string& schema,
                                                          const std::vector<Migration>& migrations);

}  // namespace tdkt::common
