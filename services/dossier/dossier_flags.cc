#include "services/dossier/dossier_flags.h"

#include "services/common/pii_cipher.h"
#include "services/common/service_flags.h"

namespace tdkt::dossier {

void DefineDossierFlags(common::Flags& flags) {
  common::DefineServiceFlags(flags, "DOSSIER", 7102);
  flags.Define({"data-dir", "TDKT_DATA_DIR", TDKT_SOURCE_DATA_DIR,
                "folder with chains/ and awards/ (loaded at start) and holidays/ (seeds the stored working-day calendar "
                "on the first start only; later changes: tdktctl calendar set-year)",
                nullptr});
  flags.Define({"directory-addr", "TDKT_DIRECTORY_ADDR", "127.0.0.1:7101", "directory service gRPC address",
                common::ValidateHostPort});
  flags.Define({"campaign-addr", "TDKT_CAMPAIGN_ADDR", "",
                "campaign service gRPC address: SendToCouncil and the decisions check the plan targets there (refused "
                "while it does not answer); empty: plan targets are not checked",
                [](const std::string& value) {
                  return value.empty() ? absl::OkStatus() : common::ValidateHostPort(value);
                }});
  flags.Define({"directory-username", "TDKT_DOSSIER_DIRECTORY_USERNAME", "svc-dossier",
                "the dossier service account in the directory (organisation and council lookups)", nullptr});
  flags.Define({"directory-password", "TDKT_DOSSIER_DIRECTORY_PASSWORD", "", "that account's password (required)",
                nullptr, /*secret=*/true});
  flags.Define({"pii-key", "TDKT_DOSSIER_PII_KEY", "",
                "the dossier service's own key for personal data at rest: 64 hex digits or base64 of 32 bytes "
                "(required; not the directory's)",
                [](const std::string& value) {
                  return value.empty() ? absl::OkStatus() : common::PiiCipher::FromKeyText(value).status();
                },
                /*secret=*/true});
  flags.Define({"seal-id-numbers", "", "false",
                "one-off: seal the ID numbers of dossiers written before they were encrypted, then exit (needs "
                "--pg-url and --pii-key only)",
                common::ValidateBool});
  flags.Define({"max-document-bytes", "TDKT_DOSSIER_MAX_DOCUMENT_BYTES", "20971520",
                "the largest document UploadDocument accepts, in bytes", common::ValidatePositiveInt});
  flags.Define({"public-status-per-minute", "TDKT_DOSSIER_PUBLIC_STATUS_PER_MINUTE", "100",
                "GetPublicStatus lookups a minute from one client address (IPv6: one /64)",
                common::ValidatePositiveInt});
  flags.Define({"public-status-burst", "TDKT_DOSSIER_PUBLIC_STATUS_BURST", "20",
                "GetPublicStatus lookups one client address may make at once", common::ValidatePositiveInt});
  flags.Define({"outbox-relay", "TDKT_DOSSIER_OUTBOX_RELAY", "true",
                "publish outbox rows to the Redis stream tdkt:events (one relay is active across replicas)",
                common::ValidateBool});
  flags.Define({"anchor-pg-url", "TDKT_DOSSIER_ANCHOR_PG_URL", "",
                "PostgreSQL URL, as a role that may write the schema anchor, through which the history anchors are "
                "written (empty: --pg-url's pool; docs/architecture.md §9)",
                [](const std::string& value) {
                  return value.empty() ? absl::OkStatus() : common::ValidatePostgresUrl(value);
                },
                /*secret=*/true});
  flags.Define({"anchor-period-seconds", "TDKT_DOSSIER_ANCHOR_PERIOD_SECONDS", "60",
                "how often the heads of the changed dossier histories are signed and anchored",
                common::ValidatePositiveInt});
}

absl::StatusOr<DossierSettings> DossierSettingsFromFlags(const common::Flags& flags) {
  if (flags.Get("pii-key").empty()) {
    return absl::InvalidArgumentError("--pii-key / TDKT_DOSSIER_PII_KEY is required");
  }
  DossierSettings settings;
  settings.seal_id_numbers = flags.Get("seal-id-numbers") == "true";
  if (flags.Get("directory-password").empty() && !settings.seal_id_numbers) {
    return absl::InvalidArgumentError("--directory-password / TDKT_DOSSIER_DIRECTORY_PASSWORD is required");
  }
  settings.server = DossierServerConfig{.data_dir = flags.Get("data-dir"),
                                        .listen_address = flags.Get("listen"),
                                        .grpc_threads = flags.GetInt("grpc-threads"),
                                        .max_document_bytes = flags.GetInt("max-document-bytes"),
                                        .directory_address = flags.Get("directory-addr"),
                                        .campaign_address = flags.Get("campaign-addr"),
                                        .pii_key = flags.Get("pii-key"),
                                        .public_status_per_minute = flags.GetInt("public-status-per-minute"),
                                        .public_status_burst = flags.GetInt("public-status-burst"),
                                        .outbox_relay = flags.Get("outbox-relay") == "true",
                                        .pg_url = flags.Get("pg-url"),
                                        .redis_url = flags.Get("redis-url"),
                                        .anchor_period = absl::Seconds(flags.GetInt("anchor-period-seconds"))};
  settings.anchor_pg_url = flags.Get("anchor-pg-url");
  settings.pg_pool_size = flags.GetInt("pg-pool-size");
  settings.directory_username = flags.Get("directory-username");
  settings.directory_password = flags.Get("directory-password");
  return settings;
}

}  // namespace tdkt::dossier
