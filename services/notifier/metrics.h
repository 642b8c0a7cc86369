#pragma once
// Metrics: the notifier's counters and gauges, rendered in the Prometheus text format on the admin HTTP port
// (GET /metrics). Names:
//   tdkt_notifier_events_consumed_total{outcome="applied|duplicate|retried|dead"}
//   tdkt_notifier_notifications_written_total
//   tdkt_notifier_delivery_attempts_total{channel="webhook|email|live",outcome="success|failure|dead|skipped"}
//   tdkt_notifier_consumer_lag            entries of tdkt:events not yet delivered to the group (XINFO GROUPS lag)
//   tdkt_notifier_consumer_pending        entries delivered but not acknowledged
//   tdkt_notifier_watch_streams           open WatchNotifications streams on this replica
// Thread-safe.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace tdkt::notifier {

class Metrics {
 public:
  void EventConsumed(std::string_view outcome) { Add("tdkt_notifier_events_consumed_total", Label("outcome", outcome)); }
  void NotificationsWritten(int count) { Add("tdkt_notifier_notifications_written_total", "", count); }
  void DeliveryAttempt(std::string_view channel, std::string_view outcome) {
    Add("tdkt_notifier_delivery_attempts_total",
        Label("channel", channel) + "," + Label("outcome", outcome));
  }
  void SetGauge(const std::string& name, int64_t value);
  void AddGauge(const std::string& name, int64_t delta);

  // The value of one series (for tests): `labels` as rendered, e.g. outcome="dead".
  int64_t Value(const std::string& name, const std::string& labels = "") const;

  // Every series, in the Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  static std::string Label(std::string_view name, std::string_view value);
  void Add(const std::string& name, const std::string& labels, int64_t delta = 1);

  mutable std::mutex mutex_;
  std::map<std::string, std::pair<bool, std::map<std::string, int64_t>>> series_;  // name → (is counter, labels → value)
};

}  // namespace tdkt::notifier
