#include "services/campaign/campaign_server.h"

#include <thread>

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "campaign_migrations.h"
#include "services/auth/directory_client.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/bloc_service.h"
#include "services/campaign/campaign_service.h"
#include "services/campaign/handoff_store.h"
#include "services/campaign/report_applier.h"
#include "services/campaign/report_service.h"
#include "services/common/stream_batch_consumer.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::campaign {

struct CampaignServer::Parts {
  CampaignConfig config;
  CampaignDeps deps;
  workflow::catalog::Catalog catalog;
  std::unique_ptr<common::PgPool> pool, handoff_pool;
  std::shared_ptr<grpc::Channel> directory_channel;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory;
  std::unique_ptr<auth::DirectorySession> session;
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<auth::KeyRefresher> key_refresher;
  std::unique_ptr<OrgLookup> own_orgs;
  HandoffCounters counters;
  std::unique_ptr<HandoffWorker> worker;
  std::unique_ptr<CampaignServiceImpl> service;
  std::unique_ptr<BlocServiceImpl> blocs;
  std::unique_ptr<common::PgPool> reports_pool;
  std::unique_ptr<ReportApplier> report_applier;
  std::unique_ptr<common::StreamBatchConsumer> report_consumer;
  std::unique_ptr<ReportServiceImpl> reports;
  std::unique_ptr<common::GrpcServer> grpc;
  std::unique_ptr<httplib::Server> admin;
  std::thread admin_thread;
  int admin_port = 0;
  bool stopped = false;
};

namespace {

using Parts = CampaignServer::Parts;

absl::StatusOr<auth::PublicKeySet> WaitForPublicKeys(tdkt::v1::DirectoryService::StubInterface& directory) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (true) {
    absl::StatusOr<auth::PublicKeySet> keys = auth::FetchPublicKeys(directory);
    if (keys.ok() || absl::Now() > give_up) return keys;
    spdlog::info("campaign: waiting for the directory's token keys");
    absl::SleepFor(absl::Seconds(1));
  }
}

absl::Status ConnectDirectory(Parts& p) {
  p.directory_channel = grpc::CreateChannel(p.config.directory_addr, grpc::InsecureChannelCredentials());
  p.directory = tdkt::v1::DirectoryService::NewStub(p.directory_channel);
  if (!p.deps.token_keys) {
    absl::StatusOr<auth::PublicKeySet> keys = WaitForPublicKeys(*p.directory);
    if (!keys.ok()) {
      return absl::UnavailableError("cannot get the token keys from the directory at --directory-addr: " +
                                    std::string(keys.status().message()));
    }
    p.deps.token_keys = *std::move(keys);
  }
  p.verifier = std::make_unique<auth::TokenVerifier>(*p.deps.token_keys, *p.deps.clock);
  p.key_refresher = std::make_unique<auth::KeyRefresher>(*p.directory, *p.verifier, *p.deps.clock);
  if (p.deps.orgs != nullptr && p.deps.scheduler_token) return absl::OkStatus();
  if (p.config.directory_password.empty()) {
    return absl::InvalidArgumentError("--directory-password / TDKT_CAMPAIGN_DIRECTORY_PASSWORD is required");
  }
  p.session = std::make_unique<auth::DirectorySession>(*p.directory, p.config.directory_username,
                                                       p.config.directory_password, *p.deps.clock);
  if (absl::StatusOr<std::string> token = p.session->AccessToken(); !token.ok()) {
    return absl::UnauthenticatedError(absl::StrCat("the campaign service account cannot log in to the directory "
                                                   "(--directory-username / --directory-password): ",
                                                   token.status().message()));
  }
  auth::DirectorySession* session = p.session.get();
  if (p.deps.orgs == nullptr) {
    p.own_orgs = std::make_unique<GrpcOrgLookup>(p.directory_channel, [session] { return session->AccessToken(); });
    p.deps.orgs = p.own_orgs.get();
  }
  if (!p.deps.scheduler_token) p.deps.scheduler_token = [session] { return session->AccessToken(); };
  return absl::OkStatus();
}

std::string RenderMetrics(Parts& p) {
  int64_t pending = -1, failed = -1;
  (void)p.pool->InTransaction([&](pqxx::work& txn) {
    pending = HandoffStore::CountInState(txn, tdkt::v1::HANDOFF_STATE_PENDING);
    failed = HandoffStore::CountInState(txn, tdkt::v1::HANDOFF_STATE_FAILED);
    return absl::OkStatus();
  });
  return absl::StrCat(
      "# HELP tdkt_campaign_handoffs_pending Due dates and registrations not yet handed to the scheduler.\n"
      "# TYPE tdkt_campaign_handoffs_pending gauge\n"
      "tdkt_campaign_handoffs_pending ", pending, "\n",
      "# HELP tdkt_campaign_handoffs_failed Handoffs the scheduler refused for good.\n"
      "# TYPE tdkt_campaign_handoffs_failed gauge\n"
      "tdkt_campaign_handoffs_failed ", failed, "\n",
      "# HELP tdkt_campaign_handoff_attempts_total Calls to the scheduler by outcome, since start.\n"
      "# TYPE tdkt_campaign_handoff_attempts_total counter\n"
      "tdkt_campaign_handoff_attempts_total{outcome=\"done\"} ", p.counters.done.load(), "\n",
      "tdkt_campaign_handoff_attempts_total{outcome=\"retried\"} ", p.counters.retried.load(), "\n",
      "tdkt_campaign_handoff_attempts_total{outcome=\"failed\"} ", p.counters.failed.load(), "\n");
}

absl::Status StartAdmin(Parts& p) {
  if (p.config.admin_listen.empty()) return absl::OkStatus();
  p.admin = std::make_unique<httplib::Server>();
  p.admin->new_task_queue = [] { return new httplib::ThreadPool(1); };
  p.admin->Get("/metrics", [&p](const httplib::Request&, httplib::Response& response) {
    response.set_content(RenderMetrics(p), "text/plain; version=0.0.4");
  });
  p.admin->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  const size_t colon = p.config.admin_listen.rfind(':');
  const std::string host = p.config.admin_listen.substr(0, colon);
  int port = 0;
  (void)absl::SimpleAtoi(p.config.admin_listen.substr(colon + 1), &port);  // validated
  if (port == 0) {
    p.admin_port = p.admin->bind_to_any_port(host);
  } else if (p.admin->bind_to_port(host, port)) {
    p.admin_port = port;
  }
  if (p.admin_port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", p.config.admin_listen, " for metrics (change --admin-listen)"));
  }
  p.admin_thread = std::thread([&p] { p.admin->listen_after_bind(); });
  return absl::OkStatus();
}

// The consumer that keeps the reports' read model, on its own connection (its batches must not wait for the API's).
absl::Status BuildReportConsumer(Parts& p) {
  if (p.config.redis_url.empty()) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(const common::RedisEndpoint redis, common::ParseRedisUrl(p.config.redis_url));
  TDKT_ASSIGN_OR_RETURN(p.reports_pool, common::PgPool::Connect(p.config.pg_url, 1));
  p.report_applier = std::make_unique<ReportApplier>(p.reports_pool.get());
  ReportApplier* applier = p.report_applier.get();
  p.report_consumer = std::make_unique<common::StreamBatchConsumer>(
      redis,
      common::StreamBatchConsumerOptions{.name = "campaign reports",
                                         .stream = p.config.stream,
                                         .group = p.config.reports_group,
                                         .consumer = p.config.reports_consumer},
      [applier](const std::vector<std::string>& envelopes) { return applier->Apply(envelopes).status(); });
  return absl::OkStatus();
}

absl::Status BuildParts(Parts& p) {
  TDKT_ASSIGN_OR_RETURN(p.catalog, workflow::loader::LoadCatalog(p.config.data_dir));
  TDKT_ASSIGN_OR_RETURN(
      p.pool, common::ConnectAndMigrate(p.config.pg_url, p.config.pg_pool_size, "campaign", CampaignMigrations()));
  // The worker's own connection: a call to the scheduler holds it for up to its timeout.
  TDKT_ASSIGN_OR_RETURN(p.handoff_pool, common::PgPool::Connect(p.config.pg_url, 1));
  TDKT_RETURN_IF_ERROR(ConnectDirectory(p));
  p.worker = std::make_unique<HandoffWorker>(
      p.handoff_pool.get(), grpc::CreateChannel(p.config.scheduler_addr, grpc::InsecureChannelCredentials()),
      p.deps.scheduler_token, &p.counters,
      HandoffWorkerOptions{.first_backoff = p.config.handoff_first_backoff,
                           .max_backoff = p.config.handoff_max_backoff,
                           .poll = p.deps.handoff_poll});
  HandoffWorker* worker = p.worker.get();
  auth::KeyRefresher* refresher = p.key_refresher.get();
  p.service = std::make_unique<CampaignServiceImpl>(CampaignServiceDeps{
      .pool = p.pool.get(),
      .verifier = p.verifier.get(),
      .refresh_keys = [refresher] { return refresher->Refresh(); },
      .orgs = p.deps.orgs,
      .catalog = &p.catalog,
      .clock = p.deps.clock,
      .handoffs_queued = [worker] { worker->Wake(); }});
  p.reports = std::make_unique<ReportServiceImpl>(ReportServiceDeps{
      .pool = p.pool.get(),
      .verifier = p.verifier.get(),
      .refresh_keys = [refresher] { return refresher->Refresh(); },
      .orgs = p.deps.orgs,
      .clock = p.deps.clock});
  TDKT_RETURN_IF_ERROR(BuildReportConsumer(p));
  p.grpc = std::make_unique<common::GrpcServer>(
      common::GrpcServerOptions{.listen_address = p.config.listen, .max_threads = p.config.grpc_threads});
  p.grpc->AddService(p.service.get());
  p.blocs = std::make_unique<BlocServiceImpl>(BlocServiceDeps{.pool = p.pool.get(),
                                                              .verifier = p.verifier.get(),
                                                              .refresh_keys = [refresher] { return refresher->Refresh(); },
                                                              .orgs = p.deps.orgs,
                                                              .catalog = &p.catalog,
                                                              .clock = p.deps.clock});
  p.grpc->AddService(p.blocs.get());
  p.grpc->AddService(p.reports.get());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<CampaignServer>> CampaignServer::Create(const CampaignConfig& config,
                                                                       CampaignDeps deps) {
  if (deps.clock == nullptr) return absl::InvalidArgumentError("CampaignDeps.clock is required");
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  parts->deps = std::move(deps);
  TDKT_RETURN_IF_ERROR(BuildParts(*parts));
  return std::unique_ptr<CampaignServer>(new CampaignServer(std::move(parts)));
}

CampaignServer::CampaignServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

CampaignServer::~CampaignServer() { Stop(); }

absl::StatusOr<SeedResult> CampaignServer::SeedPlans() {
  Parts& p = *parts_;
  return campaign::SeedPlans(*p.pool, *p.deps.orgs, p.catalog, *p.deps.clock, p.config.data_dir);
}

absl::Status CampaignServer::Start() {
  Parts& p = *parts_;
  if (p.config.seed_plans) TDKT_RETURN_IF_ERROR(SeedPlans().status());
  TDKT_RETURN_IF_ERROR(StartAdmin(p));
  TDKT_RETURN_IF_ERROR(p.grpc->Start());
  p.worker->Start();
  if (p.report_consumer) p.report_consumer->Start();
  spdlog::info("campaign ready on {} (gRPC port {}, metrics port {})", p.config.listen, grpc_port(), p.admin_port);
  return absl::OkStatus();
}

void CampaignServer::WaitForTerminationSignal() {
  common::AwaitTerminationSignal();
  Stop();
}

void CampaignServer::Stop() {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  p.grpc->Shutdown();
  p.worker->Stop();
  if (p.report_consumer) p.report_consumer->Stop();
  if (p.admin) p.admin->stop();
  if (p.admin_thread.joinable()) p.admin_thread.join();
}

int CampaignServer::grpc_port() const { return parts_->grpc->bound_port(); }
int CampaignServer::admin_port() const { return parts_->admin_port; }
HandoffWorker& CampaignServer::handoff_worker() { return *parts_->worker; }
const HandoffCounters& CampaignServer::handoff_counters() const { return parts_->counters; }

}  // namespace tdkt::campaign
