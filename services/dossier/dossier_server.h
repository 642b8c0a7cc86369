#pragma once
// DossierServer: the dossier service's object graph, built in one place from plain settings and injected
// dependencies, for main.cc, the integration tests and the benchmarks alike:
//   catalogue (from the data folder) → store (the given pool) → the stored working-day calendar (seeded once from
//   the data folder's holidays/, then read from PostgreSQL) in a CalendarHolder → organisation lookups (the given
//   OrgDirectory, or the directory service over gRPC as the service account) behind a cache → the campaign service
//   over gRPC as the same account (plan targets), when configured → TransitionRunner →
//   DossierServiceImpl and CalendarServiceImpl → gRPC server; the calendar watcher (a LISTEN connection of its own
//   when pg_url is given, else polling) with the deadline recomputation and the calendar alarm; the outbox relay
//   on its own connection when enabled; the history anchors through their own connection when given one, signed
//   with a key derived from the PII key, a checkpoint every anchor_period.
//
//   auto server = ValueOrExit(DossierServer::Create(config, {.pool = pool.get(), .clock = &clock,
//                                                             .verifier = &verifier, .org_directory = &tree}));
//   ExitOnError(server->Start());
//   server->WaitForTerminationSignal();
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/common/outbox_relay.h"
#include "services/dossier/campaign_link.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/grpc_org_directory.h"
#include "services/dossier/org_directory.h"
#include "services/dossier/deadline_recalculator.h"
#include "services/dossier/transition_runner.h"
#include "workflow/calendar/calendar_snapshot.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::dossier {

// The purpose of the PII key's subkey that keys the idempotency fingerprints (common::PiiCipher::DeriveKey).
inline constexpr std::string_view kFingerprintKeyPurpose = "tdkt.dossier.idempotency";

// The dossier's outbox relay: dossier.outbox, woken by NOTIFY dossier_outbox (migration 003); tests adjust the
// rest (batch size, poll interval).
common::OutboxRelayOptions DossierRelayOptions();

struct DossierServerConfig {
  // chains/ and awards/, loaded once; holidays/, which seeds the stored calendar on the first start only.
  std::string data_dir{};
  std::string listen_address = "127.0.0.1:0";  // port 0: any free port (bound_port())
  int grpc_threads = 16;
  int64_t max_document_bytes = int64_t{20} << 20;
  // The directory service, when DossierServerDeps::org_directory is null.
  std::string directory_address{};
  absl::Duration directory_cache_ttl = absl::Seconds(60);
  // The campaign service, whose plan targets SendToCouncil and the decisions check (campaign_link.h); empty: plan
  // targets are not checked (a warning at start).
  std::string campaign_address{};
  // The dossier service's own PII key (--pii-key: 64 hex digits or base64 of 32 bytes; required): it seals the
  // nominees' ID numbers, the stored responses and the running counts of open votes at rest, and a subkey derived from it keys the idempotency
  // fingerprints (TransitionRunnerOptions::fingerprint_key).
  std::string pii_key{};
  // GetPublicStatus per client address: a token bucket of `burst` lookups refilled at `per_minute` a minute.
  int public_status_per_minute = 100;
  int public_status_burst = 20;
  // The outbox relay: its own connection to `pg_url` (it LISTENs) and the Redis stream at `redis_url`.
  bool outbox_relay = false;
  // Also the calendar watcher's own connection (it LISTENs for calendar changes); empty: it polls through the pool.
  std::string pg_url{};
  std::string redis_url{};
  std::string events_stream = common::kEventsStream;  // the relay's stream (tests give each their own)
  // How often the history anchors take a checkpoint (anchor_writer.h); zero: only when AnchorHistories() is
  // called (tests).
  absl::Duration anchor_period = absl::ZeroDuration();
  // How often the calendar watcher checks the stored calendar version and looks for deadlines counted with an
  // older one, besides each change notification (calendar_watcher.h).
  absl::Duration calendar_poll_interval = absl::Seconds(10);
};

struct DossierServerDeps {
  common::PgPool* pool = nullptr;  // the handlers' connections, schema migrated; must outlive the server
  // The history anchors' connection (anchor_writer.h), schema `anchor` migrated: in production as a role that may
  // write that schema, which the handlers' role may only read (docs/architecture.md §9). Null: the handlers'
  // pool, whose database then has the schema `anchor` too.
  common::PgPool* anchor_pool = nullptr;
  const base::Clock* clock = nullptr;
  const auth::TokenVerifier* verifier = nullptr;
  std::function<bool()> refresh_keys{};  // DossierServiceOptions::refresh_keys; may be empty
  // Organisation lookups (tests, benchmarks); null: the directory service at config.directory_address,
  // called with `directory_token` (the service account's session).
  const OrgDirectory* org_directory = nullptr;
  GrpcOrgDirectory::TokenSource directory_token{};
  // The token sent to the campaign service (config.campaign_address); empty: `directory_token` (the same
  // service account's session).
  CampaignLink::TokenSource campaign_token{};
};

class DossierServer {
 public:
  // INVALID_ARGUMENT for a missing dependency, or a bad PII key; FAILED_PRECONDITION
  // while rows written before ID numbers were sealed remain (tdkt-dossier --seal-id-numbers true); the loaders'
  // errors for a bad data folder; UNAVAILABLE when the relay cannot connect.
  static absl::StatusOr<std::unique_ptr<DossierServer>> Create(DossierServerConfig config, DossierServerDeps deps);
  ~DossierServer();  // Shutdown()
  DossierServer(const DossierServer&) = delete;
  DossierServer& operator=(const DossierServer&) = delete;

  // Serves gRPC, then starts the relay, the anchor checkpoints, the calendar watcher and the calendar alarm.
  absl::Status Start();
  // Stops the checkpoints, the relay and the gRPC server (in-flight calls get their grace period). Idempotent.
  void Shutdown();
  // Blocks until SIGTERM or SIGINT (common::GrpcServer::WaitForTerminationSignal), then Shutdown().
  void WaitForTerminationSignal();

  // Takes one anchor checkpoint now, as the periodic one does (AnchorWriter::Checkpoint): heads anchored.
  absl::StatusOr<int64_t> AnchorHistories() const;
  // The anchor key's Ed25519 public key (32 bytes): what verifiers of the anchors trust.
  std::string_view anchor_public_key() const;

  // Catches up with the stored calendar now, as the watcher does on a notification (CalendarWatcher::CatchUp):
  // the newer calendar swapped in, then one pass over the deadlines below its version.
  absl::StatusOr<RecalculationCounts> CatchUpCalendar() const;
  // The calendar this replica counts with now.
  std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar() const;
  // The calendar alarm's gauge: days of the next 60 in a year without an official arrangement.
  int64_t calendar_uncovered_days() const;

  int bound_port() const;
  const DossierStore& store() const;
  const TransitionRunner& runner() const;
  const workflow::catalog::Catalog& catalog() const;

 private:
  struct Parts;
  explicit DossierServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::dossier
