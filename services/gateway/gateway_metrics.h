#pragma once
// GatewayMetrics: what /metrics says, in the Prometheus text format 0.0.4:
//   tdkt_gateway_requests_total{route,status}           every HTTP response
//   tdkt_gateway_request_seconds{route} (histogram)      until the response's headers (a stream's duration is not
//                                                        counted)
//   tdkt_gateway_upstream_errors_total{upstream,code}    calls to a service that did not end OK
//   tdkt_gateway_rate_limited_total{limit}               requests refused by a per-address limit (login, public)
//   tdkt_gateway_event_streams                           open WatchNotifications streams
// `route` is an API route's path, or one of static, session, healthz, readyz, metrics, unknown: bounded
// whatever paths clients make up. Thread-safe.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace tdkt::gateway {

class GatewayMetrics {
 public:
  void RecordRequest(const std::string& route, int status, absl::Duration latency);
  void RecordUpstreamError(const std::string& upstream, const std::string& code);
  void RecordRateLimited(const std::string& limit);
  void AddEventStreams(int delta) { event_streams_ += delta; }
  int64_t event_streams() const { return event_streams_; }

  std::string Render() const;

 private:
  struct Histogram {
    std::vector<int64_t> buckets;  // per bound, not cumulative, one extra for +Inf
    double sum = 0;
    int64_t count = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, int64_t> requests_;               // guarded by mutex_
  std::map<std::string, Histogram> latency_;                              // guarded by mutex_
  std::map<std::pair<std::string, std::string>, int64_t> upstream_errors_;  // guarded by mutex_
  std::map<std::string, int64_t> rate_limited_;                           // guarded by mutex_
  std::atomic<int64_t> event_streams_{0};
};

}  // namespace tdkt::gateway
