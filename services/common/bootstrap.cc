#include "services/common/bootstrap.h"

#include <cstdlib>

#include <spdlog/spdlog.h>

namespace tdkt::common {

void ExitWithError(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  spdlog::shutdown();
  std::exit(1);
}

absl::StatusOr<std::unique_ptr<PgPool>> ConnectAndMigrate(const std::string& url, int pool_size,
                                                          const std::string& schema,
                                                          const std::vector<Migration>& migrations) {
  absl::StatusOr<std::unique_ptr<PgPool>> pool = PgPool::Connect(url, pool_size);
  if (!pool.ok()) return pool.status();
  absl::StatusOr<PgPool::Lease> lease = (*pool)->Acquire();
  if (!lease.ok()) return lease.status();
  if (absl::Status status = ApplyMigrations(**lease, schema, migrations); !status.ok()) return status;
  return pool;
}

}  // namespace tdkt::common
