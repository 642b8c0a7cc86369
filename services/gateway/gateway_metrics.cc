#include "services/gateway/gateway_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace tdkt::gateway {
namespace {

// Seconds: the gateway's own part is well under a millisecond, the services' a few milliseconds.
constexpr double kBounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
constexpr size_t kBucketCount = sizeof(kBounds) / sizeof(kBounds[0]) + 1;

std::string Quoted(const std::string& value) {
  return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}}), "\"");
}

}  // namespace

void GatewayMetrics::RecordRequest(const std::string& route, int status, absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  if (h.buckets.empty()) h.buckets.assign(kBucketCount, 0);
  size_t bucket = 0;
  while (bucket < kBucketCount - 1 && seconds > kBounds[bucket]) ++bucket;
  ++h.buckets[bucket];
  h.sum += seconds;
  ++h.count;
}

void GatewayMetrics::RecordUpstreamError(const std::string& upstream, const std::string& code) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++upstream_errors_[{upstream, code}];
}

void GatewayMetrics::RecordRateLimited(const std::string& limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++rate_limited_[limit];
}

std::string GatewayMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  absl::StrAppend(&out, "# HELP tdkt_gateway_requests_total HTTP responses by route and status.\n",
                  "# TYPE tdkt_gateway_requests_total counter\n");
  for (const auto& [key, value] : requests_) {
    absl::StrAppend(&out, "tdkt_gateway_requests_total{route=", Quoted(key.first), ",status=\"", key.second, "\"} ",
                    value, "\n");
  }
  absl::StrAppend(&out, "# HELP tdkt_gateway_request_seconds Time until the response headers, by route.\n",
                  "# TYPE tdkt_gateway_request_seconds histogram\n");
  for (const auto& [route, h] : latency_) {
    int64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += h.buckets[i];
      const std::string le = i + 1 < kBucketCount ? absl::StrCat(kBounds[i]) : "+Inf";
      absl::StrAppend(&out, "tdkt_gateway_request_seconds_bucket{route=", Quoted(route), ",le=\"", le, "\"} ",
                      cumulative, "\n");
    }
    absl::StrAppend(&out, "tdkt_gateway_request_seconds_sum{route=", Quoted(route), "} ", h.sum, "\n");
    absl::StrAppend(&out, "tdkt_gateway_request_seconds_count{route=", Quoted(route), "} ", h.count, "\n");
  }
  absl::StrAppend(&out, "# HELP tdkt_gateway_upstream_errors_total Calls to a service that did not end OK.\n",
                  "# TYPE tdkt_gateway_upstream_errors_total counter\n");
  for (const auto& [key, value] : upstream_errors_) {
    absl::StrAppend(&out, "tdkt_gateway_upstream_errors_total{upstream=", Quoted(key.first),
                    ",code=", Quoted(key.second), "} ", value, "\n");
  }
  absl::StrAppend(&out, "# HELP tdkt_gateway_rate_limited_total Requests refused by a per-address limit.\n",
                  "# TYPE tdkt_gateway_rate_limited_total counter\n");
  for (const auto& [limit, value] : rate_limited_) {
    absl::StrAppend(&out, "tdkt_gateway_rate_limited_total{limit=", Quoted(limit), "} ", value, "\n");
  }
  absl::StrAppend(&out, "# HELP tdkt_gateway_event_streams Open WatchNotifications event streams.\n",
                  "# TYPE tdkt_gateway_event_streams gauge\n", "tdkt_gateway_event_streams ", event_streams_.load(),
                  "\n");
  return out;
}

}  // namespace tdkt::gateway
