#include "services/scheduler/scheduler_server.h"

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "base/status_macros.h"
#include "scheduler_migrations.h"
#include "services/auth/directory_client.h"
#include "services/auth/token_verifier.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "services/common/outbox_relay.h"
#include "services/scheduler/calendar_fetcher.h"
#include "services/scheduler/deadline_applier.h"
#include "services/scheduler/event_consumer.h"
#include "services/scheduler/metrics_http.h"
#include "services/scheduler/scheduler_calendar.h"
#include "services/scheduler/scheduler_service.h"

namespace tdkt::scheduler {

// Any fixed number, distinct from the dossier's: the one-publisher lock of scheduler.outbox (the firing loop's
// transactions and the relay's passes).
inline constexpr int64_t kSchedulerRelayLockKey = 0x7464'6b74'7363'6831;  // "tdktsch1"

struct SchedulerServer::Parts {
  SchedulerConfig config;
  SchedulerDeps deps;
  SchedulerMetrics metrics;
  std::unique_ptr<common::PgPool> pool, firing_pool, relay_pool;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory;
  std::unique_ptr<auth::DirectorySession> session;
  std::shared_ptr<grpc::Channel> dossier;  // escalations and the calendar
  std::unique_ptr<Escalator> own_escalator;
  std::unique_ptr<CalendarFetcher> calendar_fetcher;
  std::unique_ptr<SchedulerCalendar> calendar;
  std::unique_ptr<OrgTree> own_org_tree;
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<DeadlineApplier> applier;
  std::unique_ptr<EventConsumer> consumer;
  std::unique_ptr<FiringLoop> firing;
  std::unique_ptr<common::OutboxRelay> relay;
  std::unique_ptr<SchedulerServiceImpl> service;
  std::unique_ptr<common::GrpcServer> grpc;
  std::unique_ptr<MetricsHttpServer> http;
};

namespace {

using Parts = SchedulerServer::Parts;

absl::StatusOr<auth::PublicKeySet> WaitForPublicKeys(tdkt::v1::DirectoryService::StubInterface& directory) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    absl::StatusOr<auth::PublicKeySet> keys = auth::FetchPublicKeys(directory);
    if (keys.ok() || absl::Now() > give_up) return keys;
    spdlog::info("scheduler: waiting for the directory's token keys");
    absl::SleepFor(absl::Seconds(1));
  }
}

absl::Status ConnectDirectory(Parts& p) {
  auto channel = grpc::CreateChannel(p.config.directory_addr, grpc::InsecureChannelCredentials());
  p.directory = tdkt::v1::DirectoryService::NewStub(channel);
  if (!p.deps.token_keys) {
    absl::StatusOr<auth::PublicKeySet> keys = WaitForPublicKeys(*p.directory);
    if (!keys.ok()) {
      return absl::UnavailableError("cannot get the token keys from the directory at --directory-addr: " +
                                    std::string(keys.status().message()));
    }
    p.deps.token_keys = *std::move(keys);
  }
  p.verifier = std::make_unique<auth::TokenVerifier>(*p.deps.token_keys, *p.deps.clock);
  const bool calls_dossier = !p.config.dossier_addr.empty();
  const bool needs_session = p.deps.org_tree == nullptr || (p.config.escalate && p.deps.escalator == nullptr) ||
                             (calls_dossier && p.deps.calendar_fetcher == nullptr);
  if (needs_session) {
    p.session = std::make_unique<auth::DirectorySession>(*p.directory, p.config.directory_username,
                                                         p.config.directory_password, *p.deps.clock);
  }
  if (p.deps.org_tree == nullptr) {
    p.own_org_tree = std::make_unique<GrpcOrgTree>(channel, [s = p.session.get()] { return s->AccessToken(); });
    p.deps.org_tree = p.own_org_tree.get();
  }
  if (calls_dossier) p.dossier = grpc::CreateChannel(p.config.dossier_addr, grpc::InsecureChannelCredentials());
  if (p.config.escalate && p.deps.escalator == nullptr) {
    p.own_escalator = std::make_unique<GrpcEscalator>(p.dossier, [s = p.session.get()] { return s->AccessToken(); });
    p.deps.escalator = p.own_escalator.get();
  }
  if (calls_dossier && p.deps.calendar_fetcher == nullptr) {
    p.calendar_fetcher =
        std::make_unique<GrpcCalendarFetcher>(p.dossier, [s = p.session.get()] { return s->AccessToken(); });
    p.deps.calendar_fetcher = p.calendar_fetcher.get();
  }
  return absl::OkStatus();
}

absl::Status BuildParts(Parts& p) {
  TDKT_ASSIGN_OR_RETURN(
      p.pool, common::ConnectAndMigrate(p.config.pg_url, p.config.pg_pool_size, "scheduler", SchedulerMigrations()));
  TDKT_ASSIGN_OR_RETURN(p.firing_pool, common::PgPool::Connect(p.config.pg_url, p.config.firing_threads));
  TDKT_ASSIGN_OR_RETURN(const common::RedisEndpoint redis, common::ParseRedisUrl(p.config.redis_url));
  TDKT_RETURN_IF_ERROR(ConnectDirectory(p));
  const workflow::reminders::ReminderPolicy policy{.hour = p.config.reminder_hour, .minute = p.config.reminder_minute};
  p.calendar = std::make_unique<SchedulerCalendar>(p.deps.calendar_fetcher, policy, p.config.escalate, *p.deps.clock,
                                                   &p.metrics.calendar_uncovered_days);
  TDKT_RETURN_IF_ERROR(p.calendar->Load(p.config.data_dir));
  p.applier = std::make_unique<DeadlineApplier>(p.pool.get(), p.calendar.get());
  common::StreamBatchConsumerOptions consuming;
  consuming.stream = p.config.stream;
  consuming.group = p.config.consumer_group;
  consuming.consumer = p.config.consumer_name;
  p.consumer = std::make_unique<EventConsumer>(p.applier.get(), redis, consuming, &p.metrics);
  FiringOptions firing;
  firing.claim_clock = p.deps.claim_clock;
  firing.late_after = p.config.late_after;
  firing.max_sleep = p.deps.max_sleep;
  firing.threads = p.config.firing_threads;
  common::OutboxPublisherOptions publishing;
  publishing.schema = "scheduler";
  publishing.lock_key = kSchedulerRelayLockKey;
  publishing.stream = p.config.stream;
  p.firing = std::make_unique<FiringLoop>(p.firing_pool.get(), redis, publishing, p.calendar.get(),
                                          p.config.escalate ? p.deps.escalator : nullptr, p.deps.clock, &p.metrics,
                                          firing);
  if (p.config.outbox_relay) {
    TDKT_ASSIGN_OR_RETURN(p.relay_pool, common::PgPool::Connect(p.config.pg_url, 1));
    common::OutboxRelayOptions relay;
    relay.schema = publishing.schema;
    relay.channel = "scheduler_outbox";
    relay.lock_key = publishing.lock_key;
    relay.stream = publishing.stream;
    p.relay = std::make_unique<common::OutboxRelay>(p.relay_pool.get(), redis, relay);
  }
  p.service = std::make_unique<SchedulerServiceImpl>(p.pool.get(), p.verifier.get(), p.deps.org_tree, p.calendar.get(),
                                                     p.deps.clock, p.config.late_after);
  p.grpc = std::make_unique<common::GrpcServer>(
      common::GrpcServerOptions{.listen_address = p.config.listen, .max_threads = p.config.grpc_threads});
  p.grpc->AddService(p.service.get());
  p.metrics.pending_timers = [pool = p.pool.get()]() -> int64_t {
    int64_t pending = -1;
    (void)pool->InTransaction([&](pqxx::work& txn) {
      pending = txn.exec1("SELECT count(*) FROM scheduler.timer WHERE status = 1")[0].as<int64_t>();
      return absl::OkStatus();
    });
    return pending;
  };
  if (!p.config.admin_listen.empty()) {
    p.http = std::make_unique<MetricsHttpServer>(p.config.admin_listen, [m = &p.metrics] { return m->Render(); });
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SchedulerServer>> SchedulerServer::Create(const SchedulerConfig& config,
                                                                         SchedulerDeps deps) {
  if (deps.clock == nullptr) return absl::InvalidArgumentError("SchedulerDeps.clock is required");
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  parts->deps = std::move(deps);
  TDKT_RETURN_IF_ERROR(BuildParts(*parts));
  return std::unique_ptr<SchedulerServer>(new SchedulerServer(std::move(parts)));
}

SchedulerServer::SchedulerServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

SchedulerServer::~SchedulerServer() { Stop(); }

absl::Status SchedulerServer::Start() {
  Parts& p = *parts_;
  TDKT_RETURN_IF_ERROR(p.grpc->Start());
  if (p.http) TDKT_RETURN_IF_ERROR(p.http->Start());
  p.calendar->Start();
  p.consumer->Start();
  p.firing->Start();
  if (p.relay) p.relay->Start();
  spdlog::info("scheduler ready: gRPC on {}, consumer {}", grpc_port(), p.config.consumer_name);
  return absl::OkStatus();
}

void SchedulerServer::Stop() {
  Parts& p = *parts_;
  p.grpc->Shutdown();
  p.consumer->Stop();
  p.firing->Stop();
  if (p.relay) p.relay->Stop();
  p.calendar->Stop();
  if (p.http) p.http->Stop();
}

int SchedulerServer::grpc_port() const { return parts_->grpc->bound_port(); }
int SchedulerServer::admin_port() const { return parts_->http ? parts_->http->bound_port() : 0; }
SchedulerMetrics& SchedulerServer::metrics() { return parts_->metrics; }
FiringLoop& SchedulerServer::firing_loop() { return *parts_->firing; }
int64_t SchedulerServer::events_acknowledged() const { return parts_->consumer->acknowledged(); }
std::shared_ptr<const workflow::calendar::CalendarSnapshot> SchedulerServer::calendar() const {
  return parts_->calendar->Current();
}

}  // namespace tdkt::scheduler
