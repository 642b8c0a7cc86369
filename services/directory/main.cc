// tdkt-directory: organisations, people, roles, councils and login. Wiring only:
// flags → pool and migrations → DirectoryServer → serve until SIGTERM.
#include <optional>

#include "base/clock.h"
#include "directory_migrations.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/service_flags.h"
#include "services/directory/directory_server.h"
#include "services/common/pii_cipher.h"

namespace tdkt::directory {
namespace {

absl::Status ValidatePiiKey(const std::string& value) {
  return value.empty() ? absl::OkStatus() : PiiCipher::FromKeyText(value).status();
}

int Main(int argc, char** argv) {
  common::BlockTerminationSignals();
  common::Flags flags("tdkt-directory", "Organisations, people, roles, councils and login.");
  common::DefineServiceFlags(flags, "DIRECTORY", 7101);
  flags.Define({"pii-key", "TDKT_PII_KEY", "",
                "32-byte key (64 hex digits or base64) encrypting ID numbers, email and phone at rest; "
                "empty = personal data can be neither stored nor shown, and login is disabled",
                ValidatePiiKey, /*secret=*/true});
  flags.Define({"signing-key-max-age-days", "TDKT_DIRECTORY_SIGNING_KEY_MAX_AGE_DAYS", "30",
                "days after which the access-token signing key is rotated (old tokens stay valid until expiry)",
                common::ValidatePositiveInt});
  flags.ParseOrExit(argc, argv);
  common::InitLogging("directory", common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));

  std::optional<PiiCipher> cipher;
  if (!flags.Get("pii-key").empty()) cipher = common::ValueOrExit(PiiCipher::FromKeyText(flags.Get("pii-key")));
  const auto pool = common::ValueOrExit(
      common::ConnectAndMigrate(flags.Get("pg-url"), flags.GetInt("pg-pool-size"), "directory", DirectoryMigrations()));
  const base::SystemClock clock;
  const auto server = common::ValueOrExit(DirectoryServer::Create(
      {.listen_address = flags.Get("listen"),
       .grpc_threads = flags.GetInt("grpc-threads"),
       .signing_key_max_age = absl::Hours(24) * flags.GetInt("signing-key-max-age-days")},
      {.pool = pool.get(), .clock = &clock, .cipher = cipher.has_value() ? &*cipher : nullptr}));
  common::ExitOnError(server->Start());
  server->ServeUntilTerminated();
  return 0;
}

}  // namespace
}  // namespace tdkt::directory

int main(int argc, char** argv) { return tdkt::directory::Main(argc, argv); }
