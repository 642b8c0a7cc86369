#pragma once
// DirectoryServer: the whole directory service built from plain settings and what the caller owns — the stores,
// the authorizer, the signing keys, the password checks, the service impl, the gRPC server and the periodic
// tasks (signing-key refresh every minute, the purge of expired login state every purge_period, an hour).
// main.cc, the integration tests and benchmarks build the directory this one way.
//
//   auto pool = ValueOrExit(ConnectAndMigrate(url, 4, "directory", DirectoryMigrations()));
//   auto server = ValueOrExit(DirectoryServer::Create({.listen_address = "127.0.0.1:7101"},
//                                                     {.pool = pool.get(), .clock = &clock, .cipher = &cipher}));
//   ExitOnError(server->Start());
//   server->ServeUntilTerminated();  // SIGTERM / SIGINT
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/directory/login_throttle.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::directory {

class PasswordChecks;
class PiiCipher;
class SigningKeys;
struct DirectoryStores;

struct DirectoryConfig {
  std::string listen_address = "127.0.0.1:0";  // port 0: any free port (bound_port())
  int grpc_threads = 16;
  absl::Duration signing_key_max_age = absl::Hours(24 * 30);  // then the access-token key rotates
  ThrottlePolicy throttle{};
  absl::Duration refresh_token_lifetime = absl::Hours(24 * 30);
  // Argon2id verifications running at once (PasswordChecks); 0 = one per core.
  int max_concurrent_password_checks = 0;
  // How often expired refresh tokens and stale throttle rows are purged; tests shorten it.
  absl::Duration purge_period = absl::Hours(1);
};

// What the server uses and does not own; each must outlive it.
struct DirectoryDeps {
  common::PgPool* pool = nullptr;      // required; migrated (ConnectAndMigrate)
  const base::Clock* clock = nullptr;  // required
  // Null (no --pii-key): personal data can be neither stored nor shown, no tokens are issued or accepted.
  const PiiCipher* cipher = nullptr;
};

class DirectoryServer {
 public:
  // Loads (or creates) the signing keys; INVALID_ARGUMENT without a pool or a clock.
  static absl::StatusOr<std::unique_ptr<DirectoryServer>> Create(const DirectoryConfig& config, DirectoryDeps deps);
  ~DirectoryServer();
  DirectoryServer(const DirectoryServer&) = delete;
  DirectoryServer& operator=(const DirectoryServer&) = delete;

  // Starts serving and the periodic tasks. UNAVAILABLE when it cannot listen.
  absl::Status Start();
  // Waits for SIGTERM or SIGINT (blocked by common::BlockTerminationSignals), then stops.
  void ServeUntilTerminated();
  // Stops the periodic tasks, then drains and stops the gRPC server. Also done by the destructor.
  void Shutdown();

  int bound_port() const;
  // For tools and tests that act on the same database and keys.
  const DirectoryStores& stores() const;
  SigningKeys* signing_keys() const;  // null without a cipher
  const PasswordChecks& password_checks() const;

 private:
  struct Parts;
  explicit DirectoryServer(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::directory
