#include "services/dossier/dossier_startup.h"

#include "anchor_migrations.h"
#include "base/status_macros.h"
#include "dossier_migrations.h"
#include "services/common/bootstrap.h"
#include "services/common/migrations.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/dossier_store.h"

namespace tdkt::dossier {

absl::StatusOr<DossierDatabases> ConnectDossierDatabases(const DossierSettings& settings) {
  DossierDatabases databases;
  TDKT_ASSIGN_OR_RETURN(databases.pool, common::ConnectAndMigrate(settings.server.pg_url, settings.pg_pool_size,
                                                                  "dossier", DossierMigrations()));
  if (!settings.anchor_pg_url.empty()) {
    TDKT_ASSIGN_OR_RETURN(databases.anchor_pool,
                          common::ConnectAndMigrate(settings.anchor_pg_url, 1, "anchor", AnchorMigrations()));
  } else {
    TDKT_ASSIGN_OR_RETURN(auto lease, databases.pool->Acquire());
    TDKT_RETURN_IF_ERROR(common::ApplyMigrations(*lease, "anchor", AnchorMigrations()));
  }
  return databases;
}

absl::StatusOr<int64_t> SealOlderIdNumbers(common::PgPool& pool, const std::string& pii_key) {
  TDKT_ASSIGN_OR_RETURN(const auto cipher, common::PiiCipher::FromKeyText(pii_key));
  return DossierStore(&pool, cipher).SealIdNumbers();
}

}  // namespace tdkt::dossier
