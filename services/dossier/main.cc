// tdkt-dossier: the dossier lifecycle (DESIGN §2–3). Wiring only:
// config → catalogue + calendar → directory keys and session → pool → migrations → store → directory client → runner →
// service impl → server, and the outbox relay beside it.
#include <cstdlib>
#include <memory>

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "dossier_migrations.h"
#include "services/auth/directory_client.h"
#include "services/auth/token_verifier.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/service_flags.h"
#include "services/dossier/caching_org_directory.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/grpc_org_directory.h"
#include "services/dossier/outbox_relay.h"
#include "services/dossier/transition_runner.h"
#include "workflow/calendar/working_day_calendar.h"
#include "base/clock.h"
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

// The directory's token keys; retried while the directory is starting (the demo starts both together).
tdkt::auth::PublicKeySet WaitForPublicKeys(tdkt::v1::DirectoryService::StubInterface& directory) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    absl::StatusOr<tdkt::auth::PublicKeySet> keys = tdkt::auth::FetchPublicKeys(directory);
    if (keys.ok()) return *std::move(keys);
    if (absl::Now() > give_up) {
      Fail(absl::UnavailableError("cannot get the token keys from the directory at --directory-addr / "
                                  "TDKT_DIRECTORY_ADDR: " + std::string(keys.status().message())));
    }
    spdlog::info("dossier: waiting for the directory's token keys");
    absl::SleepFor(absl::Seconds(1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-dossier", "The dossier lifecycle: transitions, votes, decisions, history.");
  tdkt::common::DefineServiceFlags(flags, "DOSSIER", 7102);
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR,
                "folder with chains/, awards/ and holidays/ (loaded once at start)", nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                tdkt::common::ValidateHostPort});
  flags.Define({"directory-username", "TDKT_DOSSIER_DIRECTORY_USERNAME", "svc-dossier",
                "the dossier service account in the directory (organisation and council lookups)", nullptr});
  flags.Define({"directory-password", "TDKT_DOSSIER_DIRECTORY_PASSWORD", "",
                "that account's password (required)", nullptr, /*secret=*/true});
  flags.Define({"max-document-bytes", "TDKT_DOSSIER_MAX_DOCUMENT_BYTES", "20971520",
                "the largest document UploadDocument accepts, in bytes", tdkt::common::ValidatePositiveInt});
  flags.Define({"outbox-relay", "TDKT_DOSSIER_OUTBOX_RELAY", "true",
                "publish outbox rows to the Redis stream tdkt:events (one relay is active across replicas)",
                tdkt::common::ValidateBool});
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("dossier", tdkt::common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));

  const std::string data_dir = flags.Get("data-dir");
  tdkt::workflow::catalog::Catalog catalog = OrFail(tdkt::workflow::loader::LoadCatalog(data_dir));
  auto holidays = OrFail(tdkt::workflow::loader::LoadHolidays(data_dir + "/holidays"));
  auto calendar = OrFail(tdkt::workflow::calendar::WorkingDayCalendar::Create(holidays));

  if (flags.Get("directory-password").empty()) {
    Fail(absl::InvalidArgumentError("--directory-password / TDKT_DOSSIER_DIRECTORY_PASSWORD is required"));
  }
  tdkt::base::SystemClock clock;
  auto channel = grpc::CreateChannel(flags.Get("directory-addr"), grpc::InsecureChannelCredentials());
  auto directory_stub = tdkt::v1::DirectoryService::NewStub(channel);
  tdkt::auth::TokenVerifier verifier(WaitForPublicKeys(*directory_stub), clock);
  tdkt::auth::KeyRefresher key_refresher(*directory_stub, verifier, clock);
  tdkt::auth::DirectorySession session(*directory_stub, flags.Get("directory-username"),
                                       flags.Get("directory-password"), clock);
  if (absl::StatusOr<std::string> token = session.AccessToken(); !token.ok()) {
    Fail(absl::UnauthenticatedError("the dossier service account cannot log in to the directory "
                                    "(--directory-username / --directory-password): " +
                                    std::string(token.status().message())));
  }

  auto pool = OrFail(tdkt::common::PgPool::Connect(flags.Get("pg-url"), flags.GetInt("pg-pool-size")));
  {
    auto lease = OrFail(pool->Acquire());
    if (absl::Status s = tdkt::common::ApplyMigrations(*lease, "dossier", DossierMigrations()); !s.ok()) Fail(s);
  }
  tdkt::dossier::DossierStore store(pool.get());
  tdkt::dossier::GrpcOrgDirectory remote_directory(channel, [&session] { return session.AccessToken(); });
  tdkt::dossier::CachingOrgDirectory directory(remote_directory, clock);
  tdkt::dossier::TransitionRunner runner(store, directory, catalog, calendar, clock);
  tdkt::dossier::DossierServiceImpl service(runner, store, verifier,
                                          {.max_document_bytes = flags.GetInt("max-document-bytes"),
                                           .refresh_keys = [&key_refresher] { return key_refresher.Refresh(); }});

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
