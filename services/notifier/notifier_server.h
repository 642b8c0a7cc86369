#pragma once
// NotifierServer: the whole notifier of one process, built from its configuration — the directory connection
// (token keys, service account session, cached recipient lookups), the PostgreSQL pool with the `notifier`
// schema migrated, the event consumer, the live-stream hub and its Redis fan-out, the webhook and e-mail
// workers, the gRPC service (with health and reflection, common::GrpcServer) and the metrics HTTP endpoint.
//
//   auto server = common::ValueOrExit(NotifierServer::Create(config, {.clock = &clock}));
//   common::ExitOnError(server->Start());
//   server->WaitForTerminationSignal();  // SIGTERM/SIGINT: streams end, workers stop, gRPC drains
//
// Threads at rest: the consumers (--consumer-threads), the fan-out subscriber, two stream fetchers and a heartbeat, one webhook and
// one e-mail worker, one metrics HTTP worker, and gRPC's own (handlers are created on demand up to
// --grpc-threads).
#include <memory>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/notifier/notifier_config.h"

namespace tdkt::notifier {

struct NotifierDeps {
  const base::Clock* clock = nullptr;  // the system clock when null
};

class NotifierServer {
 public:
  // Loads the templates and the award catalogue, waits up to 30 s for the directory's keys, logs the service
  // account in, connects and migrates PostgreSQL. Any of these failing is returned with a clear message.
  static absl::StatusOr<std::unique_ptr<NotifierServer>> Create(const NotifierConfig& config, NotifierDeps deps = {});
  ~NotifierServer();

  absl::Status Start();
  // Blocks until SIGTERM or SIGINT (blocked in main with common::BlockTerminationSignals), then stops.
  void WaitForTerminationSignal();
  void Stop();

  int grpc_port() const;

 private:
  struct Parts;
  explicit NotifierServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::notifier
