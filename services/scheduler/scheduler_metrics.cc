#include "services/scheduler/scheduler_metrics.h"

#include "absl/strings/str_cat.h"

namespace tdkt::scheduler {
namespace {

void AppendMetric(std::string& out, const std::string& name, const char* type, const char* help, int64_t value) {
  absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name, " ", value, "\n");
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), buckets_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  std::lock_guard<std::mutex> lock(mutex_);
  ++buckets_[i];
  sum_ += value;
  ++count_;
}

int64_t Histogram::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

std::string Histogram::Render(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  int64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += buckets_[i];
    absl::StrAppend(&out, name, "_bucket{le=\"", bounds_[i], "\"} ", cumulative, "\n");
  }
  cumulative += buckets_.back();
  absl::StrAppend(&out, name, "_bucket{le=\"+Inf\"} ", cumulative, "\n", name, "_sum ", sum_, "\n", name, "_count ",
                  count_, "\n");
  return out;
}

std::string SchedulerMetrics::Render() const {
  std::string out;
  if (pending_timers) {
    AppendMetric(out, "tdkt_scheduler_timers_pending", "gauge", "Timers waiting to fire (all replicas).",
                 pending_timers());
  }
  AppendMetric(out, "tdkt_scheduler_timers_fired_total", "counter", "Reminder timers fired by this replica.",
               fired.value());
  AppendMetric(out, "tdkt_scheduler_timers_late_total", "counter",
               "Reminder timers fired later than the tolerance by this replica.", late.value());
  AppendMetric(out, "tdkt_scheduler_escalations_total", "counter", "EscalateDossier calls that succeeded.",
               escalations.value());
  AppendMetric(out, "tdkt_scheduler_escalation_failures_total", "counter",
               "EscalateDossier attempts that failed and will be retried.", escalation_failures.value());
  AppendMetric(out, "tdkt_scheduler_deadline_events_applied_total", "counter",
               "Deadline events that changed the timers.", events_applied.value());
  AppendMetric(out, "tdkt_scheduler_calendar_uncovered_days", "gauge",
               "Days of the next 60 in a year without an official holiday arrangement in data/holidays.",
               calendar_uncovered_days.load());
  absl::StrAppend(&out, "# HELP tdkt_scheduler_lateness_seconds How late reminder timers fired.\n",
                  "# TYPE tdkt_scheduler_lateness_seconds histogram\n",
                  lateness_seconds.Render("tdkt_scheduler_lateness_seconds"));
  absl::StrAppend(&out, "# HELP tdkt_scheduler_claim_batch_size Timers claimed per firing transaction.\n",
                  "# TYPE tdkt_scheduler_claim_batch_size histogram\n",
                  claim_batch_size.Render("tdkt_scheduler_claim_batch_size"));
  return out;
}

}  // namespace tdkt::scheduler
