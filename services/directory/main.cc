// tdkt-directory: organisations, people, roles, councils and login (DESIGN §3). Wiring only:
// config → pool → migrations → store → service impl → server.
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

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
#include "services/common/pii_cipher.h"
#include "services/directory/signing_keys.h"
#include "base/clock.h"

namespace {

[[noreturn]] void Fail(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  std::exit(1);
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
  flags.Define({"signing-key-max-age-days", "TDKT_DIRECTORY_SIGNING_KEY_MAX_AGE_DAYS", "30",
                "days after which the access-token signing key is rotated (old tokens stay valid until expiry)",
                tdkt::common::ValidatePositiveInt});
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("directory", tdkt::common::ParseLogFormat(flags.Get("log-format")),
                            flags.Get("log-level"));

  std::optional<tdkt::directory::PiiCipher> cipher;
  if (!flags.Get("pii-key").empty()) {
    cipher = *tdkt::directory::PiiCipher::FromKeyText(flags.Get("pii-key"));
  } else {
    spdlog::warn("directory: no --pii-key: personal data (ID numbers, email, phone) cannot be stored or shown");
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
  tdkt::base::SystemClock clock;
  // Signing keys are sealed with the PII key: without it the directory issues and accepts no tokens.
  std::unique_ptr<tdkt::directory::SigningKeys> keys;
  if (cipher_ptr != nullptr) {
    auto loaded = tdkt::directory::SigningKeys::Load(
        &store, cipher_ptr, clock, {.max_age = absl::Hours(24) * flags.GetInt("signing-key-max-age-days")});
    if (!loaded.ok()) Fail(loaded.status());
    keys = std::move(*loaded);
  } else {
    spdlog::warn("directory: no --pii-key: login is disabled and every authenticated call is refused");
  }
  tdkt::directory::GrantAuthorizer authorizer;
  tdkt::directory::DirectoryServiceImpl service(&store, &authorizer, cipher_ptr, tdkt::directory::TodayInVietnam,
                                                {.keys = keys.get(), .clock = &clock});

  // Every minute: rotate when the key is due, and pick up keys another replica created.
  std::mutex refresh_mutex;
  std::condition_variable refresh_wake;
  bool stopping = false;
  // Every hour: forget expired refresh tokens and stale throttle rows.
  std::thread refresher([&] {
    std::unique_lock<std::mutex> lock(refresh_mutex);
    for (int minute = 1; keys != nullptr &&
                         !refresh_wake.wait_for(lock, std::chrono::minutes(1), [&] { return stopping; });
         ++minute) {
      if (absl::Status status = keys->Refresh(); !status.ok()) {
        spdlog::warn("directory: refreshing signing keys failed: {}", std::string(status.message()));
      }
      if (minute % 60 != 0) continue;
      absl::StatusOr<int64_t> purged = 0;
      absl::Status status = store.InTransaction([&](tdkt::directory::DirectoryStore::Tx& tx) -> absl::Status {
        purged = store.PurgeExpiredLoginState(tx, clock.Now());
        return purged.status();
      });
      if (!status.ok()) spdlog::warn("directory: purging expired sessions failed: {}", std::string(status.message()));
      if (status.ok() && *purged > 0) spdlog::info("directory: purged {} expired session rows", *purged);
    }
  });

  tdkt::common::GrpcServer server({.listen_address = flags.Get("listen"),
                                   .max_threads = flags.GetInt("grpc-threads")});
  server.AddService(&service);
  if (absl::Status status = server.Start(); !status.ok()) Fail(status);
  spdlog::info("directory ready on {}", flags.Get("listen"));
  server.WaitForTerminationSignal();
  {
    std::lock_guard<std::mutex> lock(refresh_mutex);
    stopping = true;
  }
  refresh_wake.notify_all();
  refresher.join();
  return 0;
}
