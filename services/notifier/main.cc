// tdkt-notifier: events from tdkt:events → notifications in the app, live streams, e-mail and webhooks, each
// exactly once. Wiring only: flags → NotifierConfig → NotifierServer (notifier_server.h).
#include "base/clock.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/grpc_server.h"
#include "services/common/logging.h"
#include "services/notifier/notifier_config.h"
#include "services/notifier/notifier_server.h"

int main(int argc, char** argv) {
  tdkt::common::BlockTerminationSignals();
  tdkt::common::Flags flags("tdkt-notifier",
                            "Notifications from dossier and reminder events: in-app, live, e-mail and webhooks.");
  tdkt::notifier::DefineNotifierFlags(flags);
  flags.ParseOrExit(argc, argv);
  tdkt::common::InitLogging("notifier", tdkt::common::ParseLogFormat(flags.Get("log-format")), flags.Get("log-level"));

  tdkt::base::SystemClock clock;
  auto server = tdkt::common::ValueOrExit(
      tdkt::notifier::NotifierServer::Create(tdkt::notifier::NotifierConfig::FromFlags(flags), {.clock = &clock}));
  tdkt::common::ExitOnError(server->Start());
  server->WaitForTerminationSignal();
  return 0;
}
