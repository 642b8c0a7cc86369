// tdkt-scheduler: durable deadline timers (reminders, escalations). Wiring only: configuration → logging →
// SchedulerServer (calendar, pools and migrations, consumer, firing loop, relay, API) → serve until SIGTERM.
#include <cstdio>
#include <string>

#include "base/clock.h"
#include "services/common/bootstrap.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/scheduler/scheduler_server.h"

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  absl::StatusOr<tdkt::scheduler::SchedulerConfig> config = tdkt::scheduler::SchedulerConfigFromArgs(argc, argv);
  if (absl::IsCancelled(config.status())) {
    std::fputs(std::string(config.status().message()).c_str(), stdout);  // --help
    return 0;
  }
  if (!config.ok()) {
    std::fprintf(stderr, "tdkt-scheduler: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  tdkt::common::InitLogging("scheduler", tdkt::common::ParseLogFormat(config->log_format), config->log_level);
  tdkt::base::SystemClock clock;
  auto server = tdkt::common::ValueOrExit(tdkt::scheduler::SchedulerServer::Create(*config, {.clock = &clock}));
  tdkt::common::ExitOnError(server->Start());
  tdkt::common::AwaitTerminationSignal();
  server->Stop();
  return 0;
}
