#pragma once
// MetricsHttpServer: the admin HTTP port — GET /metrics answers the Prometheus text format, GET /healthz "ok",
// anything else 404. One thread, one connection at a time (a scraper every few seconds), no keep-alive.
//
//   MetricsHttpServer http("127.0.0.1:7113", [&] { return metrics.Render(); });
//   TDKT_RETURN_IF_ERROR(http.Start());
#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/status.h"

namespace tdkt::scheduler {

class MetricsHttpServer {
 public:
  MetricsHttpServer(std::string listen_address, std::function<std::string()> render);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // Binds (UNAVAILABLE naming the address when it cannot) and serves on a thread.
  absl::Status Start();
  void Stop();
  int bound_port() const { return port_; }

 private:
  void Serve();
  void Answer(int client) const;

  const std::string listen_address_;
  const std::function<std::string()> render_;
  int socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tdkt::scheduler
