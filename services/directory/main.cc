// tdkt-directory: organisations, people, roles, councils and login (DESIGN §3). Wiring only.
#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "directory_migrations.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/service_flags.h"

namespace {

[[noreturn]] void Fail(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-directory", "Organisations, people, roles, councils and login.");
  tdkt::common::DefineServiceFlags(flags, "DIRECTORY", 7101);
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("directory", tdkt::common::ParseLogFormat(flags.Get("log-format")),
                            flags.Get("log-level"));

  auto pool = tdkt::common::PgPool::Connect(flags.Get("pg-url"), flags.GetInt("pg-pool-size"));
  if (!pool.ok()) Fail(pool.status());
  {
    auto lease = (*pool)->Acquire();
    if (!lease.ok()) Fail(lease.status());
    if (absl::Status status = tdkt::common::ApplyMigrations(**lease, "directory", DirectoryMigrations());
        !status.ok()) {
      Fail(status);
    }
  }

  tdkt::common::GrpcServer server({.listen_address = flags.Get("listen"),
                                   .max_threads = flags.GetInt("grpc-threads")});
  if (absl::Status status = server.Start(); !status.ok()) Fail(status);
  spdlog::info("directory ready on {}", flags.Get("listen"));
  server.WaitForTerminationSignal();
  return 0;
}
