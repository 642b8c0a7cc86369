#include "services/dossier/dossier_server.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/common/grpc_server.h"
#include "services/common/periodic_task.h"
#include "services/common/pg_pool.h"
#include "services/common/redis_streams.h"
#include "services/dossier/anchor_writer.h"
#include "services/dossier/caching_org_directory.h"
#include "services/dossier/dossier_service.h"
#include "services/common/outbox_relay.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/loader/catalog_loader.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::dossier {

namespace {

// The history anchors' parts, in dependency order.
struct AnchorParts {
  std::unique_ptr<AnchorKey> key;
  std::unique_ptr<AnchorWriter> writer;
  std::unique_ptr<common::PeriodicTask> task;  // only with an anchor_period
};

}  // namespace

// Declared in dependency order: each part refers to those above it, and they are destroyed bottom up.
struct DossierServer::Parts {
  std::unique_ptr<common::PiiCipher> cipher;
  std::unique_ptr<workflow::catalog::Catalog> catalog;
  std::unique_ptr<workflow::calendar::WorkingDayCalendar> calendar;
  std::unique_ptr<DossierStore> store;
  std::unique_ptr<GrpcOrgDirectory> remote_directory;  // only without an injected OrgDirectory
  std::unique_ptr<CachingOrgDirectory> directory;
  std::unique_ptr<TransitionRunner> runner;
  std::unique_ptr<common::AddressRateLimiter> public_status_limit;
  std::unique_ptr<DossierServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
  std::unique_ptr<common::PgPool> relay_pool;
  std::unique_ptr<common::OutboxRelay> relay;
  AnchorParts anchors;
};

namespace {

// The catalogue (chains/, awards/) and the working-day calendar (holidays/) of the data folder.
absl::Status LoadDataFolder(const std::string& data_dir, std::unique_ptr<workflow::catalog::Catalog>& catalog,
                            std::unique_ptr<workflow::calendar::WorkingDayCalendar>& calendar) {
  TDKT_ASSIGN_OR_RETURN(workflow::catalog::Catalog loaded, workflow::loader::LoadCatalog(data_dir));
  catalog = std::make_unique<workflow::catalog::Catalog>(std::move(loaded));
  TDKT_ASSIGN_OR_RETURN(auto holidays, workflow::loader::LoadHolidays(data_dir + "/holidays"));
  TDKT_ASSIGN_OR_RETURN(workflow::calendar::WorkingDayCalendar built,
                        workflow::calendar::WorkingDayCalendar::Create(holidays));
  calendar = std::make_unique<workflow::calendar::WorkingDayCalendar>(std::move(built));
  return absl::OkStatus();
}

// The anchor key derived from the PII key, the writer on the anchor connection (its own, or the handlers'
// pool), and its periodic checkpoint.
absl::Status SetUpAnchors(const DossierServerConfig& config, const DossierServerDeps& deps,
                          const common::PiiCipher& cipher, AnchorParts& anchors) {
  common::PgPool* pool = deps.anchor_pool != nullptr ? deps.anchor_pool : deps.pool;
  TDKT_ASSIGN_OR_RETURN(AnchorKey key, AnchorKey::FromSeed(cipher.DeriveKey(kAnchorKeyPurpose)));
  anchors.key = std::make_unique<AnchorKey>(std::move(key));
  spdlog::info("dossier: history anchors are signed with the Ed25519 public key {}",
               base::HexOf(anchors.key->public_key()));
  anchors.writer = std::make_unique<AnchorWriter>(pool, *anchors.key, *deps.clock);
  if (config.anchor_period > absl::ZeroDuration()) {
    anchors.task = std::make_unique<common::PeriodicTask>(
        "dossier: history anchors", config.anchor_period,
        [writer = anchors.writer.get()]() -> absl::Status { return writer->Checkpoint().status(); });
  }
  return absl::OkStatus();
}

}  // namespace

common::OutboxRelayOptions DossierRelayOptions() {
  // Any fixed number, distinct from the scheduler's: the one-active-relay lock of dossier.outbox.
  constexpr int64_t kDossierRelayLockKey = 0x7464'6b74'6f62'7831;  // "tdktobx1"
  common::OutboxRelayOptions options;
  options.schema = "dossier";
  options.channel = "dossier_outbox";
  options.lock_key = kDossierRelayLockKey;
  return options;
}

absl::StatusOr<std::unique_ptr<DossierServer>> DossierServer::Create(DossierServerConfig config,
                                                                     DossierServerDeps deps) {
  if (deps.pool == nullptr || deps.clock == nullptr || deps.verifier == nullptr) {
    return absl::InvalidArgumentError("DossierServer: pool, clock and verifier are required");
  }
  auto p = std::make_unique<Parts>();
  absl::StatusOr<common::PiiCipher> cipher = common::PiiCipher::FromKeyText(config.pii_key);
  if (!cipher.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--pii-key / TDKT_DOSSIER_PII_KEY: ", cipher.status().message()));
  }
  p->cipher = std::make_unique<common::PiiCipher>(std::move(*cipher));
  TDKT_RETURN_IF_ERROR(LoadDataFolder(config.data_dir, p->catalog, p->calendar));
  p->store = std::make_unique<DossierStore>(deps.pool, *p->cipher);
  TDKT_ASSIGN_OR_RETURN(const int64_t unsealed, p->store->CountUnsealedIdNumbers());
  if (unsealed > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        unsealed, " hồ sơ còn lưu số định danh chưa mã hóa; hãy chạy một lần tdkt-dossier --seal-id-numbers true "
        "(rows written before migration 010 hold ID numbers in clear)"));
  }
  const OrgDirectory* lookups = deps.org_directory;
  if (lookups == nullptr) {
    p->remote_directory = std::make_unique<GrpcOrgDirectory>(
        grpc::CreateChannel(config.directory_address, grpc::InsecureChannelCredentials()), deps.directory_token);
    lookups = p->remote_directory.get();
  }
  p->directory = std::make_unique<CachingOrgDirectory>(*lookups, *deps.clock, config.directory_cache_ttl);
  p->runner = std::make_unique<TransitionRunner>(
      *p->store, *p->directory, *p->catalog, *p->calendar, *deps.clock,
      TransitionRunnerOptions{.fingerprint_key = p->cipher->DeriveKey(kFingerprintKeyPurpose)});
  p->public_status_limit = std::make_unique<common::AddressRateLimiter>(
      common::RateLimit{.per_minute = config.public_status_per_minute, .burst = config.public_status_burst},
      *deps.clock);
  TDKT_RETURN_IF_ERROR(SetUpAnchors(config, deps, *p->cipher, p->anchors));
  p->service = std::make_unique<DossierServiceImpl>(
      *p->runner, *p->store, *deps.verifier,
      DossierServiceOptions{.max_document_bytes = config.max_document_bytes,
                            .refresh_keys = deps.refresh_keys,
                            .public_status_limit = p->public_status_limit.get(),
                            .anchor_public_key = std::string(p->anchors.key->public_key())});
  p->server = std::make_unique<common::GrpcServer>(
      common::GrpcServerOptions{.listen_address = config.listen_address, .max_threads = config.grpc_threads});
  p->server->AddService(p->service.get());
  if (config.outbox_relay) {
    // Its own connection (it LISTENs), so that a slow Redis never holds one of the handlers' connections.
    TDKT_ASSIGN_OR_RETURN(p->relay_pool, common::PgPool::Connect(config.pg_url, 1));
    TDKT_ASSIGN_OR_RETURN(common::RedisEndpoint redis, common::ParseRedisUrl(config.redis_url));
    p->relay = std::make_unique<common::OutboxRelay>(p->relay_pool.get(), std::move(redis), DossierRelayOptions());
  }
  return std::unique_ptr<DossierServer>(new DossierServer(std::move(p)));
}

DossierServer::DossierServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

DossierServer::~DossierServer() { Shutdown(); }

absl::Status DossierServer::Start() {
  TDKT_RETURN_IF_ERROR(parts_->server->Start());
  if (parts_->relay) parts_->relay->Start();
  if (parts_->anchors.task) parts_->anchors.task->Start();
  return absl::OkStatus();
}

void DossierServer::Shutdown() {
  if (parts_->anchors.task) parts_->anchors.task->Stop();
  parts_->server->Shutdown();
  if (parts_->relay) parts_->relay->Stop();
}

absl::StatusOr<int64_t> DossierServer::AnchorHistories() const { return parts_->anchors.writer->Checkpoint(); }
std::string_view DossierServer::anchor_public_key() const { return parts_->anchors.key->public_key(); }

void DossierServer::WaitForTerminationSignal() {
  parts_->server->WaitForTerminationSignal();
  Shutdown();
}

int DossierServer::bound_port() const { return parts_->server->bound_port(); }
const DossierStore& DossierServer::store() const { return *parts_->store; }
const TransitionRunner& DossierServer::runner() const { return *parts_->runner; }
const workflow::catalog::Catalog& DossierServer::catalog() const { return *parts_->catalog; }

}  // namespace tdkt::dossier
