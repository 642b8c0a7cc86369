// tdkt-dossier: the dossier lifecycle (DESIGN §2–3). Wiring only:
// config → catalogue + calendar → token keys → pool → migrations → store → directory client → runner →
// service impl → server, and the outbox relay beside it.
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "dossier_migrations.h"
#include "services/auth/public_key_set.h"
#include "services/auth/token_verifier.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/service_flags.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/grpc_org_directory.h"
#include "services/dossier/outbox_relay.h"
#include "services/dossier/transition_runner.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/clock.h"
#include "workflow/loader/catalog_loader.h"
#include "workflow/loader/holidays_loader.h"

namespace {

[[noreturn]] void Fail(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  std::exit(1);
}

template <typename T>
T OrFail(absl::StatusOr<T> value) {
  if (!value.ok()) Fail(value.status());
  return std::move(*value);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read --token-public-keys file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-dossier", "The dossier lifecycle: transitions, votes, decisions, history.");
  tdkt::common::DefineServiceFlags(flags, "DOSSIER", 7102);
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_DEFAULT_DATA_DIR,
                "folder with chains/, awards/ and holidays/ (loaded once at start)", nullptr});
  flags.Define({"token-public-keys", "TDKT_TOKEN_PUBLIC_KEYS", "",
                "JWKS JSON file with the directory's token verification keys (required)", nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                tdkt::common::ValidateHostPort});
  flags.Define({"directory-token", "TDKT_DOSSIER_DIRECTORY_TOKEN", "",
                "access token of the dossier service account for directory lookups", nullptr, /*secret=*/true});
  flags.Define({"outbox-relay", "TDKT_DOSSIER_OUTBOX_RELAY", "true",
                "publish outbox rows to the Redis stream tdkt:events (one relay is active across replicas)",
                tdkt::common::ValidateBool});
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("dossier", tdkt::common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));

  const std::string data_dir = flags.Get("data-dir");
  tdkt::workflow::catalog::Catalog catalog = OrFail(tdkt::workflow::loader::LoadCatalog(data_dir));
  auto holidays = OrFail(tdkt::workflow::loader::LoadHolidays(data_dir + "/holidays"));
  auto calendar = OrFail(tdkt::workflow::calendar::WorkingDayCalendar::Create(holidays));

  if (flags.Get("token-public-keys").empty()) Fail(absl::InvalidArgumentError("--token-public-keys is required"));
  tdkt::auth::PublicKeySet keys =
      OrFail(tdkt::auth::PublicKeySet::FromJwksJson(OrFail(ReadFile(flags.Get("token-public-keys")))));
  tdkt::workflow::SystemClock clock;
  tdkt::auth::TokenVerifier verifier(std::move(keys), clock);

  auto pool = OrFail(tdkt::common::PgPool::Connect(flags.Get("pg-url"), flags.GetInt("pg-pool-size")));
  {
    auto lease = OrFail(pool->Acquire());
    if (absl::Status s = tdkt::common::ApplyMigrations(*lease, "dossier", DossierMigrations()); !s.ok()) Fail(s);
  }
  tdkt::dossier::DossierStore store(pool.get());
  tdkt::dossier::GrpcOrgDirectory directory(
      grpc::CreateChannel(flags.Get("directory-addr"), grpc::InsecureChannelCredentials()),
      flags.Get("directory-token"));
  tdkt::dossier::TransitionRunner runner(store, directory, catalog, calendar, clock);
  tdkt::dossier::DossierServiceImpl service(runner, store, verifier);

  tdkt::common::GrpcServer server({.listen_address = flags.Get("listen"), .max_threads = flags.GetInt("grpc-threads")});
  server.AddService(&service);
  if (absl::Status status = server.Start(); !status.ok()) Fail(status);

  // Its own connection (it LISTENs), so that a slow Redis never holds one of the handlers' connections.
  std::unique_ptr<tdkt::common::PgPool> relay_pool;
  std::unique_ptr<tdkt::dossier::OutboxRelay> relay;
  if (flags.Get("outbox-relay") == "true") {
    relay_pool = OrFail(tdkt::common::PgPool::Connect(flags.Get("pg-url"), 1));
    relay = std::make_unique<tdkt::dossier::OutboxRelay>(
        relay_pool.get(), OrFail(tdkt::common::ParseRedisUrl(flags.Get("redis-url"))));
    relay->Start();
  }
  spdlog::info("dossier ready on {}", flags.Get("listen"));
  server.WaitForTerminationSignal();
  if (relay) relay->Stop();
  return 0;
}
