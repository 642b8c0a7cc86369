// DirectoryServer (directory_server.h): the directory's object graph, built once.
#include "services/directory/directory_server.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "base/status_macros.h"
#include "services/common/grpc_server.h"
#include "services/common/periodic_task.h"
#include "services/directory/authorizer.h"
#include "services/directory/directory_service.h"
#include "services/directory/password_checks.h"
#include "services/common/pii_cipher.h"
#include "services/directory/signing_keys.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace {

// The label of the request-fingerprint key: a subkey of the PII key (PiiCipher::KeyedHash), so that the
// PII key itself never keys anything but personal data.
constexpr char kFingerprintKeyLabel[] = "tdkt.directory.request-fingerprint-key";

absl::Status PurgeExpiredLoginState(const DirectoryStores& stores, const base::Clock& clock) {
  int64_t purged = 0;
  TDKT_RETURN_IF_ERROR(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(purged, stores.auth.PurgeExpiredLoginState(tx, clock.Now()));
    return absl::OkStatus();
  }));
  if (purged > 0) spdlog::info("directory: purged {} expired session rows", purged);
  return absl::OkStatus();
}

}  // namespace

struct DirectoryServer::Parts {
  Parts(const DirectoryConfig& config, const DirectoryDeps& deps)
      : config(config),
        clock(*deps.clock),
        stores(deps.pool, deps.cipher),
        password_checks(config.max_concurrent_password_checks),
        grpc({.listen_address = config.listen_address, .max_threads = config.grpc_threads}) {}

  const DirectoryConfig config;
  const base::Clock& clock;
  DirectoryStores stores;
  GrantAuthorizer authorizer;
  PasswordChecks password_checks;
  std::unique_ptr<SigningKeys> keys;  // null without a cipher
  std::unique_ptr<DirectoryServiceImpl> service;
  common::GrpcServer grpc;
  // Without a cipher there are no keys to refresh and no login state to purge: no tasks.
  std::vector<std::unique_ptr<common::PeriodicTask>> tasks;
};

absl::StatusOr<std::unique_ptr<DirectoryServer>> DirectoryServer::Create(const DirectoryConfig& config,
                                                                         DirectoryDeps deps) {
  if (deps.pool == nullptr || deps.clock == nullptr) {
    return absl::InvalidArgumentError("DirectoryServer needs a PostgreSQL pool and a clock");
  }
  auto parts = std::make_unique<Parts>(config, deps);
  std::string fingerprint_key;
  if (deps.cipher != nullptr) {
    TDKT_ASSIGN_OR_RETURN(parts->keys, SigningKeys::Load(&parts->stores, deps.cipher, *deps.clock,
                                                         {.max_age = config.signing_key_max_age}));
    fingerprint_key = deps.cipher->KeyedHash(kFingerprintKeyLabel);
    SigningKeys* keys = parts->keys.get();
    // Every minute: rotate when the key is due, and pick up keys another replica created.
    parts->tasks.push_back(std::make_unique<common::PeriodicTask>(
        "directory: refreshing signing keys", absl::Minutes(1), [keys] { return keys->Refresh(); }));
    // Every purge_period (an hour): forget expired refresh tokens and stale throttle rows.
    const DirectoryStores* stores = &parts->stores;
    const base::Clock* clock = deps.clock;
    parts->tasks.push_back(
        std::make_unique<common::PeriodicTask>("directory: purging expired sessions", config.purge_period,
                                               [stores, clock] { return PurgeExpiredLoginState(*stores, *clock); }));
  } else {
    spdlog::warn("directory: no --pii-key: personal data (ID numbers, email, phone) cannot be stored or shown");
    spdlog::warn("directory: no --pii-key: login is disabled and every authenticated call is refused");
  }
  parts->service =
      std::make_unique<DirectoryServiceImpl>(&parts->stores, &parts->authorizer,
                                             ServiceSettings{.clock = deps.clock,
                                                             .keys = parts->keys.get(),
                                                             .password_checks = &parts->password_checks,
                                                             .fingerprint_key = std::move(fingerprint_key),
                                                             .throttle = config.throttle,
                                                             .refresh_token_lifetime = config.refresh_token_lifetime});
  parts->grpc.AddService(parts->service.get());
  return std::unique_ptr<DirectoryServer>(new DirectoryServer(std::move(parts)));
}

DirectoryServer::DirectoryServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

DirectoryServer::~DirectoryServer() { Shutdown(); }

absl::Status DirectoryServer::Start() {
  TDKT_RETURN_IF_ERROR(parts_->grpc.Start());
  for (const auto& task : parts_->tasks) task->Start();
  spdlog::info("directory ready on {} (port {})", parts_->config.listen_address, parts_->grpc.bound_port());
  return absl::OkStatus();
}

void DirectoryServer::ServeUntilTerminated() {
  parts_->grpc.WaitForTerminationSignal();
  Shutdown();
}

void DirectoryServer::Shutdown() {
  for (const auto& task : parts_->tasks) task->Stop();
  parts_->grpc.Shutdown();
}

int DirectoryServer::bound_port() const { return parts_->grpc.bound_port(); }

const DirectoryStores& DirectoryServer::stores() const { return parts_->stores; }

SigningKeys* DirectoryServer::signing_keys() const { return parts_->keys.get(); }

const PasswordChecks& DirectoryServer::password_checks() const { return parts_->password_checks; }

}  // namespace tdkt::directory
