#pragma once
// SchedulerMetrics: the scheduler's counters and histograms, rendered in the Prometheus text format for the
// admin HTTP port (metrics_http.h). Lock-free counters; histograms take a short lock.
//
//   metrics.fired.Add(1);
//   metrics.lateness_seconds.Observe(2.5);
//   std::string text = metrics.Render();  // "# TYPE tdkt_scheduler_timers_fired_total counter\n…"
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace tdkt::scheduler {

class Counter {
 public:
  void Add(int64_t n) { value_ += n; }
  int64_t value() const { return value_; }

 private:
  std::atomic<int64_t> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);  // upper bounds, ascending; +Inf is implicit
  void Observe(double value);
  // "name_bucket{le=…} n" lines, name_sum and name_count.
  std::string Render(const std::string& name) const;
  int64_t count() const;

 private:
  const std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<int64_t> buckets_;  // per bound, not cumulative; one extra for +Inf
  double sum_ = 0;
  int64_t count_ = 0;
};

struct SchedulerMetrics {
  Counter fired;                // reminder timers fired
  Counter late;                 // of them, fired later than the tolerance
  Counter escalations;          // EscalateDossier calls that succeeded
  Counter escalation_failures;  // attempts that will be retried
  Counter events_applied;       // deadline events that changed timers
  Histogram lateness_seconds{{0.1, 1, 5, 30, 60, 300, 3600, 86400}};
  Histogram claim_batch_size{{1, 10, 50, 100, 250, 500, 1000}};
  std::atomic<int64_t> calendar_uncovered_days{0};  // days of the next 60 without an official arrangement
  // Reads the pending timers from PostgreSQL when rendering (a gauge kept by the database, not by one replica).
  std::function<int64_t()> pending_timers;

  std::string Render() const;
};

}  // namespace tdkt::scheduler
