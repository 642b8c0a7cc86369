// tdkt-directory: organisations, people, roles, councils and login (DESIGN §3). Wiring only:
// config → pool → migrations → store → service impl → server.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "directory_migrations.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/service_flags.h"
#include "services/directory/authorizer.h"
#include "services/directory/directory_service.h"
#include "services/directory/directory_store.h"
#include "services/directory/identity.h"
#include "services/directory/pii_cipher.h"

namespace {

[[noreturn]] void Fail(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  std::exit(1);
}

absl::Status ValidateBool(const std::string& value) {
  if (value == "true" || value == "false") return absl::OkStatus();
  return absl::InvalidArgumentError("must be true or false");
}

absl::Status ValidatePiiKey(const std::string& value) {
  if (value.empty()) return absl::OkStatus();
  return tdkt::directory::PiiCipher::FromKeyText(value).status();
}

}  // namespace

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-directory", "Organisations, people, roles, councils and login.");
  tdkt::common::DefineServiceFlags(flags, "DIRECTORY", 7101);
  flags.Define({"pii-key", "TDKT_PII_KEY", "",
                "32-byte key (64 hex digits or base64) encrypting ID numbers, email and phone at rest; "
                "empty = personal data can be neither stored nor shown",
                ValidatePiiKey, /*secret=*/true});
  flags.Define({"insecure-test-identity", "TDKT_DIRECTORY_INSECURE_TEST_IDENTITY", "false",
                "TESTS ONLY: trust the x-tdkt-test-identity header instead of access tokens", ValidateBool});
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("directory", tdkt::common::ParseLogFormat(flags.Get("log-format")),
                            flags.Get("log-level"));

  std::optional<tdkt::directory::PiiCipher> cipher;
  if (!flags.Get("pii-key").empty()) {
    cipher = *tdkt::directory::PiiCipher::FromKeyText(flags.Get("pii-key"));
  } else {
    spdlog::warn("directory: no --pii-key: personal data (ID numbers, email, phone) cannot be stored or shown");
  }
  if (flags.Get("insecure-test-identity") == "true") {
    spdlog::warn("directory: --insecure-test-identity is on: callers are trusted without tokens (tests only)");
    tdkt::directory::SetInsecureTestIdentityEnabled(true);
  }

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

  const tdkt::directory::PiiCipher* cipher_ptr = cipher.has_value() ? &*cipher : nullptr;
  tdkt::directory::DirectoryStore store(pool->get(), cipher_ptr);
  tdkt::directory::GrantAuthorizer authorizer;
  tdkt::directory::DirectoryServiceImpl service(&store, &authorizer, cipher_ptr, tdkt::directory::TodayInVietnam);

  tdkt::common::GrpcServer server({.listen_address = flags.Get("listen"),
                                   .max_threads = flags.GetInt("grpc-threads")});
  server.AddService(&service);
  if (absl::Status status = server.Start(); !status.ok()) Fail(status);
  spdlog::info("directory ready on {}", flags.Get("listen"));
  server.WaitForTerminationSignal();
  return 0;
}
