#pragma once
// The settings of tdkt-dossier, each a flag, else an environment variable, else a default: those every service
// has (common::DefineServiceFlags) and the dossier's own, and what they make — the DossierServerConfig and what
// main.cc needs besides (the pool size, the service account).
#include <string>

#include "absl/status/statusor.h"
#include "services/common/config.h"
#include "services/dossier/dossier_server.h"

namespace tdkt::dossier {

void DefineDossierFlags(common::Flags& flags);

struct DossierSettings {
  DossierServerConfig server;
  bool seal_id_numbers = false;  // the one-off --seal-id-numbers run instead of serving
  int pg_pool_size = 4;
  // The history anchors' own connection (DossierServerDeps::anchor_pool); empty: the handlers' pool.
  std::string anchor_pg_url;
  std::string directory_username;
  std::string directory_password;
};

// After flags.ParseOrExit: INVALID_ARGUMENT when the PII key, or (to serve) the directory password, is missing.
absl::StatusOr<DossierSettings> DossierSettingsFromFlags(const common::Flags& flags);

}  // namespace tdkt::dossier
