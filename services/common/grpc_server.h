#pragma once
// GrpcServer: the gRPC bootstrap every service uses — the standard health service (grpc.health.v1),
// reflection, a bounded synchronous thread pool, and graceful shutdown (stop accepting, drain in-flight
// calls for at most `shutdown_grace`).
//
//   GrpcServer server({.listen_address = flags.Get("listen")});
//   server.AddService(&directory_service);
//   TDKT_RETURN_IF_ERROR(server.Start());
//   server.WaitForTerminationSignal();   // SIGTERM / SIGINT → graceful shutdown
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace grpc {
class Server;
class Service;
}  // namespace grpc

namespace tdkt::common {

struct GrpcServerOptions {
  std::string listen_address = "127.0.0.1:0";  // port 0: any free port (see bound_port())
  int max_threads = 16;                        // synchronous handlers block on PostgreSQL
  absl::Duration shutdown_grace = absl::Seconds(10);
};

class GrpcServer {
 public:
  explicit GrpcServer(GrpcServerOptions options);
  ~GrpcServer();

  void AddService(grpc::Service* service);  // before Start

  // Binds and starts serving; UNAVAILABLE naming the address when it cannot listen (e.g. port in use).
  absl::Status Start();
  int bound_port() const { return bound_port_; }

  // Health goes NOT_SERVING, new calls are refused, in-flight calls get up to shutdown_grace.
  void Shutdown();

  // Blocks SIGTERM and SIGINT in the calling thread and waits for one, then shuts down. Call from main
  // before starting other threads (BlockTerminationSignals) so that the signal reaches this thread.
  void WaitForTerminationSignal();

 private:
  GrpcServerOptions options_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  int bound_port_ = 0;
};

// Blocks SIGTERM/SIGINT in the calling thread; threads created afterwards inherit the mask. Call first
// thing in main.
void BlockTerminationSignals();  // also ignores SIGPIPE (a lost Redis or client socket is an error, not a crash)

// Waits for SIGTERM or SIGINT (blocked in the calling thread first) and logs which came; a service's main thread
// then stops the service.
void AwaitTerminationSignal();

}  // namespace tdkt::common
