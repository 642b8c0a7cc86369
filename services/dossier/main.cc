// tdkt-dossier: the dossier lifecycle. Wiring only: flags → PostgreSQL (schema `dossier` migrated; schema
// `anchor` migrated through the anchor connection: --anchor-pg-url, else the same pool) → the directory's token
// keys and the service account's session (directory_link.h) → DossierServer (dossier_server.h) → serve until
// SIGTERM.
// With --seal-id-numbers true it seals the ID numbers of rows written before they were encrypted, and exits.
#include <spdlog/spdlog.h>

#include "anchor_migrations.h"
#include "base/clock.h"
#include "dossier_migrations.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/dossier_flags.h"
#include "services/dossier/dossier_server.h"
#include "services/dossier/dossier_store.h"

int main(int argc, char** argv) {
  namespace common = tdkt::common;
  namespace dossier = tdkt::dossier;
  common::BlockTerminationSignals();
  common::Flags flags("tdkt-dossier", "The dossier lifecycle: transitions, votes, decisions, history.");
  dossier::DefineDossierFlags(flags);
  flags.ParseOrExit(argc, argv);
  common::InitLogging("dossier", common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));
  const dossier::DossierSettings settings = common::ValueOrExit(dossier::DossierSettingsFromFlags(flags));

  auto pool = common::ValueOrExit(common::ConnectAndMigrate(settings.server.pg_url, settings.pg_pool_size, "dossier",
                                                            DossierMigrations()));
  if (settings.seal_id_numbers) {
    const auto cipher = common::ValueOrExit(common::PiiCipher::FromKeyText(settings.server.pii_key));
    const int64_t sealed = common::ValueOrExit(dossier::DossierStore(pool.get(), cipher).SealIdNumbers());
    spdlog::info("dossier: sealed the ID numbers of {} dossiers written before they were encrypted", sealed);
    return 0;
  }
  std::unique_ptr<common::PgPool> anchor_pool;
  if (!settings.anchor_pg_url.empty()) {
    anchor_pool = common::ValueOrExit(
        common::ConnectAndMigrate(settings.anchor_pg_url, 1, "anchor", AnchorMigrations()));
  } else {
    auto lease = common::ValueOrExit(pool->Acquire());
    common::ExitOnError(common::ApplyMigrations(*lease, "anchor", AnchorMigrations()));
  }
  tdkt::base::SystemClock clock;
  auto directory = common::ValueOrExit(dossier::DirectoryLink::Connect(
      settings.server.directory_address, settings.directory_username, settings.directory_password, clock));
  auto server = common::ValueOrExit(dossier::DossierServer::Create(
      settings.server, {.pool = pool.get(),
                        .anchor_pool = anchor_pool.get(),
                        .clock = &clock,
                        .verifier = &directory->verifier(),
                        .refresh_keys = directory->KeyRefresh(),
                        .directory_token = directory->AccessToken()}));
  common::ExitOnError(server->Start());
  spdlog::info("dossier ready on {}", settings.server.listen_address);
  server->WaitForTerminationSignal();
  return 0;
}
