// tdkt-dossier: the dossier lifecycle. Wiring only: flags → PostgreSQL (schema `dossier` migrated; schema
// `anchor` migrated through the anchor connection: --anchor-pg-url, else the same pool) → the directory's token
// keys and the service account's session (directory_link.h) → DossierServer (dossier_server.h) → serve until
// SIGTERM.
// With --seal-id-numbers true it seals the ID numbers of rows written before they were encrypted, and exits.
#include <spdlog/spdlog.h>

#include "base/clock.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/dossier_flags.h"
#include "services/dossier/dossier_server.h"
#include "services/dossier/dossier_startup.h"

int main(int argc, char** argv) {
  namespace common = tdkt::common;
  namespace dossier = tdkt::dossier;
  common::BlockTerminationSignals();
  common::Flags flags("tdkt-dossier", "The dossier lifecycle: transitions, votes, decisions, history.");
  dossier::DefineDossierFlags(flags);
  flags.ParseOrExit(argc, argv);
  common::InitLogging("dossier", common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));
  const dossier::DossierSettings settings = common::ValueOrExit(dossier::DossierSettingsFromFlags(flags));

  dossier::DossierDatabases db = common::ValueOrExit(dossier::ConnectDossierDatabases(settings));
  if (settings.seal_id_numbers) {
    const int64_t sealed = common::ValueOrExit(dossier::SealOlderIdNumbers(*db.pool, settings.server.pii_key));
    spdlog::info("dossier: sealed the ID numbers of {} dossiers written before they were encrypted", sealed);
    return 0;
  }
  tdkt::base::SystemClock clock;
  auto directory = common::ValueOrExit(dossier::DirectoryLink::Connect(
      settings.server.directory_address, settings.directory_username, settings.directory_password, clock));
  auto server = common::ValueOrExit(dossier::DossierServer::Create(
      settings.server, {.pool = db.pool.get(),
                        .anchor_pool = db.anchor_pool.get(),
                        .clock = &clock,
                        .verifier = &directory->verifier(),
                        .refresh_keys = directory->KeyRefresh(),
                        .directory_token = directory->AccessToken()}));
  common::ExitOnError(server->Start());
  spdlog::info("dossier ready on {}", settings.server.listen_address);
  server->WaitForTerminationSignal();
  return 0;
}
