#include "services/dossier/dossier_flags.h"

#include "services/common/service_flags.h"

namespace tdkt::dossier {

void DefineDossierFlags(common::Flags& flags) {
  common::DefineServiceFlags(flags, "DOSSIER", 7102);
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR,
                "folder with chains/, awards/ and holidays/ (loaded once at start)", nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                common::ValidateHostPort});
  flags.Define({"directory-username", "TDKT_DOSSIER_DIRECTORY_USERNAME", "svc-dossier",
                "the dossier service account in the directory (organisation and council lookups)", nullptr});
  flags.Define({"directory-password", "TDKT_DOSSIER_DIRECTORY_PASSWORD", "", "that account's password (required)",
                nullptr, /*secret=*/true});
  flags.Define({"max-document-bytes", "TDKT_DOSSIER_MAX_DOCUMENT_BYTES", "20971520",
                "the largest document UploadDocument accepts, in bytes", common::ValidatePositiveInt});
  flags.Define({"ballot-key", "TDKT_DOSSIER_BALLOT_KEY", "",
                "64 hex digits: the key the running counts of open council votes are stored under (empty: in clear)",
                nullptr, /*secret=*/true});
  flags.Define({"outbox-relay", "TDKT_DOSSIER_OUTBOX_RELAY", "true",
                "publish outbox rows to the Redis stream tdkt:events (one relay is active across replicas)",
                common::ValidateBool});
}

absl::StatusOr<DossierSettings> DossierSettingsFromFlags(const common::Flags& flags) {
  if (flags.Get("directory-password").empty()) {
    return absl::InvalidArgumentError("--directory-password / TDKT_DOSSIER_DIRECTORY_PASSWORD is required");
  }
  DossierSettings settings;
  settings.server = DossierServerConfig{.data_dir = flags.Get("data-dir"),
                                        .listen_address = flags.Get("listen"),
                                        .grpc_threads = flags.GetInt("grpc-threads"),
                                        .max_document_bytes = flags.GetInt("max-document-bytes"),
                                        .directory_address = flags.Get("directory-addr"),
                                        .ballot_key = flags.Get("ballot-key"),
                                        .outbox_relay = flags.Get("outbox-relay") == "true",
                                        .pg_url = flags.Get("pg-url"),
                                        .redis_url = flags.Get("redis-url")};
  settings.pg_pool_size = flags.GetInt("pg-pool-size");
  settings.directory_username = flags.Get("directory-username");
  settings.directory_password = flags.Get("directory-password");
  return settings;
}

}  // namespace tdkt::dossier
