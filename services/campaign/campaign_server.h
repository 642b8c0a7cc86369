#pragma once
// CampaignServer: the whole campaign service of one process, built from its configuration — the award catalogue,
// the PostgreSQL pools (schema `campaign`, migrated at start), the directory link (token keys, organisation
// lookups, the service account that calls the scheduler), the handoff worker, the gRPC API (with health) and
// the metrics port. main() and the tests build it the same way; tests inject a clock, token keys, an
// organisation tree and a token for the scheduler.
//
//   auto server = ValueOrExit(CampaignServer::Create(config, {.clock = &clock}));
//   ExitOnError(server->Start());   // with --seed-plans, loads data/plans first
//   server->WaitForTerminationSignal();
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/public_key_set.h"
#include "services/campaign/campaign_config.h"
#include "services/campaign/handoff_worker.h"
#include "services/campaign/org_lookup.h"
#include "services/campaign/plan_seeder.h"

namespace tdkt::campaign {

struct CampaignDeps {
  const base::Clock* clock = nullptr;  // required: business dates, timestamps, token checks
  // The token keys of the API, instead of fetching the directory's (tests).
  std::optional<auth::PublicKeySet> token_keys = std::nullopt;
  // The organisation tree, instead of asking the directory (tests).
  const OrgLookup* orgs = nullptr;
  // The access token sent to the scheduler, instead of the service account's login (tests).
  HandoffWorker::TokenSource scheduler_token = nullptr;
  absl::Duration handoff_poll = absl::Seconds(30);  // the worker's longest sleep without a wake-up
};

class CampaignServer {
 public:
  static absl::StatusOr<std::unique_ptr<CampaignServer>> Create(const CampaignConfig& config, CampaignDeps deps);
  ~CampaignServer();

  // Seeds the plans when configured, then serves gRPC and metrics and runs the handoff worker.
  absl::Status Start();
  // Blocks until SIGTERM or SIGINT (blocked in main with common::BlockTerminationSignals), then stops.
  void WaitForTerminationSignal();
  void Stop();

  // The --seed-plans step on its own (Start runs it when configured).
  absl::StatusOr<SeedResult> SeedPlans();

  int grpc_port() const;
  int admin_port() const;
  HandoffWorker& handoff_worker();
  const HandoffCounters& handoff_counters() const;

  struct Parts;  // defined in campaign_server.cc

 private:
  explicit CampaignServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::campaign
