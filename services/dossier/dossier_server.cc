#include "services/dossier/dossier_server.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/common/grpc_server.h"
#include "services/common/periodic_task.h"
#include "services/common/pg_pool.h"
#include "services/common/redis_streams.h"
#include "services/common/calendar_alarm_task.h"
#include "services/common/outbox_relay.h"
#include "services/dossier/anchor_writer.h"
#include "services/dossier/award_history_service.h"
#include "services/dossier/caching_org_directory.h"
#include "services/dossier/calendar_service.h"
#include "services/dossier/calendar_store.h"
#include "services/dossier/calendar_watcher.h"
#include "services/dossier/dossier_service.h"
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

// The stored calendar's parts, in dependency order.
struct CalendarParts {
  std::unique_ptr<CalendarStore> store;
  std::unique_ptr<workflow::calendar::CalendarHolder> holder;
  std::atomic<int64_t> uncovered_days{0};
  std::unique_ptr<common::CalendarAlarmTask> alarm;
};

}  // namespace

// Declared in dependency order: each part refers to those above it, and they are destroyed bottom up.
struct DossierServer::Parts {
  std::unique_ptr<common::PiiCipher> cipher;
  std::unique_ptr<workflow::catalog::Catalog> catalog;
  std::unique_ptr<DossierStore> store;
  CalendarParts calendar;
  std::unique_ptr<GrpcOrgDirectory> remote_directory;  // only without an injected OrgDirectory
  std::unique_ptr<CachingOrgDirectory> directory;
  std::unique_ptr<CampaignLink> campaigns;  // only with a campaign_address
  std::unique_ptr<TransitionRunner> runner;
  std::unique_ptr<DeadlineRecalculator> recalculator;
  std::unique_ptr<common::PgPool> calendar_listen_pool;  // only with a pg_url
  std::unique_ptr<CalendarWatcher> calendar_watcher;
  std::unique_ptr<common::AddressRateLimiter> public_status_limit;
  std::unique_ptr<DossierServiceImpl> service;
  std::unique_ptr<CalendarServiceImpl> calendar_service;
  std::unique_ptr<AwardHistoryServiceImpl> award_history_service;
  std::unique_ptr<common::GrpcServer> server;
  std::unique_ptr<common::PgPool> relay_pool;
  std::unique_ptr<common::OutboxRelay> relay;
  AnchorParts anchors;
};

namespace {

// The stored calendar: seeded from the data folder's holidays/ on the very first start (seeding again changes
// nothing), then read from PostgreSQL into the holder. A year file that differs from the stored year is only
// reported: the stored calendar is the truth, changed through SetCalendarYear.
absl::Status SetUpCalendar(const std::string& data_dir, common::PgPool* pool, const base::Clock& clock,
                           CalendarParts& calendar) {
  const std::string holidays_dir = data_dir + "/holidays";
  TDKT_ASSIGN_OR_RETURN(const workflow::loader::HolidayFiles files, workflow::loader::LoadHolidayFiles(holidays_dir));
  calendar.store = std::make_unique<CalendarStore>(pool);
  TDKT_ASSIGN_OR_RETURN(const bool seeded, calendar.store->Seed(files, clock.Now()));
  if (seeded) spdlog::info("dossier: calendar seeded from {} ({} years) as version 1", holidays_dir, files.years.size());
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Calendar stored, calendar.store->Load());
  for (const tdkt::v1::YearArrangement& file : files.years) {
    const auto same_year = [&](const tdkt::v1::YearArrangement& y) { return y.year() == file.year(); };
    const auto it = std::find_if(stored.years().begin(), stored.years().end(), same_year);
    if (it == stored.years().end() || it->SerializeAsString() != file.SerializeAsString()) {
      spdlog::warn("dossier: {}/{}.textproto is not the stored calendar's year {} (calendar version {} applies; "
                   "to store the file: tdktctl calendar set-year)",
                   holidays_dir, file.year(), file.year(), stored.version());
    }
  }
  TDKT_ASSIGN_OR_RETURN(std::shared_ptr<const workflow::calendar::CalendarSnapshot> snapshot, SnapshotOf(stored));
  calendar.holder = std::make_unique<workflow::calendar::CalendarHolder>(std::move(snapshot));
  calendar.alarm = std::make_unique<common::CalendarAlarmTask>("dossier", *calendar.holder, clock,
                                                              &calendar.uncovered_days);
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
  TDKT_ASSIGN_OR_RETURN(workflow::catalog::Catalog catalog, workflow::loader::LoadCatalog(config.data_dir));
  p->catalog = std::make_unique<workflow::catalog::Catalog>(std::move(catalog));
  p->store = std::make_unique<DossierStore>(deps.pool, *p->cipher);
  TDKT_RETURN_IF_ERROR(SetUpCalendar(config.data_dir, deps.pool, *deps.clock, p->calendar));
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
  if (!config.campaign_address.empty()) {
    p->campaigns = std::make_unique<CampaignLink>(
        grpc::CreateChannel(config.campaign_address, grpc::InsecureChannelCredentials()),
        deps.campaign_token ? deps.campaign_token : deps.directory_token);
  } else {
    spdlog::warn("dossier: no campaign service (--campaign-addr): plan targets are not checked");
  }
  const std::string fingerprint_key = p->cipher->DeriveKey(kFingerprintKeyPurpose);
  p->runner = std::make_unique<TransitionRunner>(
      *p->store, *p->directory, *p->catalog, *p->calendar.holder, *deps.clock,
      TransitionRunnerOptions{.fingerprint_key = fingerprint_key, .campaigns = p->campaigns.get()});
  p->recalculator = std::make_unique<DeadlineRecalculator>(*p->calendar.store, *p->runner);
  if (!config.pg_url.empty()) {
    TDKT_ASSIGN_OR_RETURN(p->calendar_listen_pool, common::PgPool::Connect(config.pg_url, 1));
  }
  p->calendar_watcher = std::make_unique<CalendarWatcher>(
      p->calendar_listen_pool.get(), *p->calendar.store, *p->calendar.holder, *p->recalculator,
      CalendarWatcherOptions{.poll_interval = config.calendar_poll_interval});
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
  p->calendar_service = std::make_unique<CalendarServiceImpl>(
      *p->calendar.store, *p->calendar_watcher, *p->directory, *deps.verifier, *deps.clock,
      CalendarServiceOptions{.refresh_keys = deps.refresh_keys, .fingerprint_key = fingerprint_key});
  p->server->AddService(p->service.get());
  p->award_history_service = std::make_unique<AwardHistoryServiceImpl>(
      *p->store, *p->catalog, *p->directory, *deps.verifier, *deps.clock,
      AwardHistoryServiceOptions{.refresh_keys = deps.refresh_keys, .fingerprint_key = fingerprint_key});
  p->server->AddService(p->calendar_service.get());
  p->server->AddService(p->award_history_service.get());
  if (config.outbox_relay) {
    // Its own connection (it LISTENs), so that a slow Redis never holds one of the handlers' connections.
    TDKT_ASSIGN_OR_RETURN(p->relay_pool, common::PgPool::Connect(config.pg_url, 1));
    TDKT_ASSIGN_OR_RETURN(common::RedisEndpoint redis, common::ParseRedisUrl(config.redis_url));
    common::OutboxRelayOptions relay = DossierRelayOptions();
    relay.stream = config.events_stream;
    p->relay = std::make_unique<common::OutboxRelay>(p->relay_pool.get(), std::move(redis), relay);
  }
  return std::unique_ptr<DossierServer>(new DossierServer(std::move(p)));
}

DossierServer::DossierServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

DossierServer::~DossierServer() { Shutdown(); }

absl::Status DossierServer::Start() {
  TDKT_RETURN_IF_ERROR(parts_->server->Start());
  if (parts_->relay) parts_->relay->Start();
  if (parts_->anchors.task) parts_->anchors.task->Start();
  parts_->calendar.alarm->Start();
  parts_->calendar_watcher->Start();
  return absl::OkStatus();
}

void DossierServer::Shutdown() {
  if (parts_->anchors.task) parts_->anchors.task->Stop();
  parts_->server->Shutdown();
  parts_->calendar_watcher->Stop();
  parts_->calendar.alarm->Stop();
  if (parts_->relay) parts_->relay->Stop();
}

absl::StatusOr<RecalculationCounts> DossierServer::CatchUpCalendar() const {
  return parts_->calendar_watcher->CatchUp();
}
std::shared_ptr<const workflow::calendar::CalendarSnapshot> DossierServer::calendar() const {
  return parts_->calendar.holder->Current();
}
int64_t DossierServer::calendar_uncovered_days() const { return parts_->calendar.uncovered_days.load(); }

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
