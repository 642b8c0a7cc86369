#pragma once
// GatewayServer: the whole tdkt-gateway of one process, built from its configuration — the HTTP server
// (cpp-httplib; HTTPS with --tls-cert/--tls-key) serving the web console's files, the /api/v1 mapping onto
// the services (api.h), /healthz, /readyz and /metrics on one port; the gRPC channels to the directory,
// dossier, notifier and scheduler; the sessions in Redis; the per-address limits.
//
//   auto server = common::ValueOrExit(GatewayServer::Create(config, {.clock = &clock}));
//   common::ExitOnError(server->Start());
//   server->WaitForTerminationSignal();  // SIGTERM/SIGINT: event streams end, the HTTP server stops
//
// Threads: --http-threads HTTP workers (an open event stream holds one), one accept loop, gRPC's own.
#include <memory>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/gateway/gateway_config.h"

namespace tdkt::gateway {

struct GatewayDeps {
  const base::Clock* clock = nullptr;  // the system clock when null
};

class GatewayServer {
 public:
  // Resolves the route table against the linked API and checks the configuration (Redis URL, TLS files). The
  // services need not be up yet: /readyz says when they are.
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Create(const GatewayConfig& config, GatewayDeps deps = {});
  ~GatewayServer();

  // Binds (UNAVAILABLE naming the address when it cannot) and serves on a thread.
  absl::Status Start();
  // Blocks until SIGTERM or SIGINT (blocked in main with common::BlockTerminationSignals), then stops.
  void WaitForTerminationSignal();
  void Stop();

  int port() const;

 private:
  struct Parts;
  explicit GatewayServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tdkt::gateway
