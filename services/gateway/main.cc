// tdkt-gateway: the web console's files and the HTTP/JSON API over the gRPC services, with browser sessions.
// Wiring only: flags → GatewayConfig → GatewayServer (gateway_server.h).
#include "base/clock.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/gateway_server.h"

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-gateway",
                            "The web console and the HTTP/JSON API (/api/v1) over the tdkt services, with browser "
                            "sessions.");
  tdkt::gateway::DefineGatewayFlags(flags);
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("gateway", tdkt::common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));

  tdkt::base::SystemClock clock;
  auto server = tdkt::common::ValueOrExit(
      tdkt::gateway::GatewayServer::Create(tdkt::gateway::GatewayConfig::FromFlags(flags), {.clock = &clock}));
  tdkt::common::ExitOnError(server->Start());
  server->WaitForTerminationSignal();
  return 0;
}
