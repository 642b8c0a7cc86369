// The metrics text: counters by route and status, cumulative histogram buckets, upstream errors.
#include "services/gateway/gateway_metrics.h"

#include <gtest/gtest.h>

namespace tdkt::gateway {
namespace {

TEST(GatewayMetrics, RendersPrometheusText) {
  GatewayMetrics metrics;
  metrics.RecordRequest("/api/v1/dossier/GetDossier", 200, absl::Microseconds(700));
  metrics.RecordRequest("/api/v1/dossier/GetDossier", 200, absl::Milliseconds(3));
  metrics.RecordRequest("/api/v1/dossier/GetDossier", 404, absl::Seconds(20));
  metrics.RecordUpstreamError("dossier", "NOT_FOUND");
  metrics.RecordRateLimited("public");
  metrics.AddEventStreams(2);
  const std::string text = metrics.Render();
  for (const char* line :
       {"tdkt_gateway_requests_total{route=\"/api/v1/dossier/GetDossier\",status=\"200\"} 2\n",
        "tdkt_gateway_requests_total{route=\"/api/v1/dossier/GetDossier\",status=\"404\"} 1\n",
        "tdkt_gateway_request_seconds_bucket{route=\"/api/v1/dossier/GetDossier\",le=\"0.0005\"} 0\n",
        "tdkt_gateway_request_seconds_bucket{route=\"/api/v1/dossier/GetDossier\",le=\"0.001\"} 1\n",
        "tdkt_gateway_request_seconds_bucket{route=\"/api/v1/dossier/GetDossier\",le=\"0.005\"} 2\n",
        "tdkt_gateway_request_seconds_bucket{route=\"/api/v1/dossier/GetDossier\",le=\"10\"} 2\n",
        "tdkt_gateway_request_seconds_bucket{route=\"/api/v1/dossier/GetDossier\",le=\"+Inf\"} 3\n",
        "tdkt_gateway_request_seconds_count{route=\"/api/v1/dossier/GetDossier\"} 3\n",
        "tdkt_gateway_upstream_errors_total{upstream=\"dossier\",code=\"NOT_FOUND\"} 1\n",
        "tdkt_gateway_rate_limited_total{limit=\"public\"} 1\n", "tdkt_gateway_event_streams 2\n",
        "# TYPE tdkt_gateway_request_seconds histogram\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
}

}  // namespace
}  // namespace tdkt::gateway
