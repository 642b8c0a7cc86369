// tdkt-campaign: emulation campaigns, their due dates handed to the scheduler, and registrations for titles.
// Wiring only: flags → CampaignConfig → CampaignServer (campaign_server.h) → serve until SIGTERM.
#include <cstdio>
#include <string>

#include "base/clock.h"
#include "services/campaign/campaign_config.h"
#include "services/campaign/campaign_server.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  absl::StatusOr<tdkt::campaign::CampaignConfig> config = tdkt::campaign::CampaignConfigFromArgs(argc, argv);
  if (absl::IsCancelled(config.status())) {
    std::fputs(std::string(config.status().message()).c_str(), stdout);  // --help
    return 0;
  }
  if (!config.ok()) {
    std::fprintf(stderr, "tdkt-campaign: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  tdkt::common::InitLogging("campaign", tdkt::common::ParseLogFormat(config->log_format), config->log_level);
  tdkt::base::SystemClock clock;
  auto server = tdkt::common::ValueOrExit(tdkt::campaign::CampaignServer::Create(*config, {.clock = &clock}));
  tdkt::common::ExitOnError(server->Start());
  server->WaitForTerminationSignal();
  return 0;
}
