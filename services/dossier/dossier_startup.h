#pragma once
// What tdkt-dossier does at start before it serves (main.cc stays wiring): its databases — schema `dossier`
// migrated on the handlers' pool, schema `anchor` migrated on the anchors' own connection (--anchor-pg-url) or
// else on that same pool — and the one-off --seal-id-numbers run.
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/pg_pool.h"
#include "services/dossier/dossier_flags.h"

namespace tdkt::dossier {

struct DossierDatabases {
  std::unique_ptr<common::PgPool> pool;
  std::unique_ptr<common::PgPool> anchor_pool;  // null: the anchors use `pool`
};

absl::StatusOr<DossierDatabases> ConnectDossierDatabases(const DossierSettings& settings);

// Seals the ID numbers of dossiers written before they were encrypted; returns how many.
absl::StatusOr<int64_t> SealOlderIdNumbers(common::PgPool& pool, const std::string& pii_key);

}  // namespace tdkt::dossier
