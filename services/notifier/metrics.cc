#include "services/notifier/metrics.h"

#include "absl/strings/str_cat.h"

namespace tdkt::notifier {

std::string Metrics::Label(std::string_view name, std::string_view value) {
  // Label values here are fixed words of this file (channels, outcomes): nothing to escape.
  return absl::StrCat(std::string(name), "=\"", std::string(value), "\"");
}

void Metrics::Add(const std::string& name, const std::string& labels, int64_t delta) {
  std::lock_guard lock(mutex_);
  auto& series = series_[name];
  series.first = true;
  series.second[labels] += delta;
}

void Metrics::SetGauge(const std::string& name, int64_t value) {
  std::lock_guard lock(mutex_);
  series_[name].second[""] = value;
}

void Metrics::AddGauge(const std::string& name, int64_t delta) {
  std::lock_guard lock(mutex_);
  series_[name].second[""] += delta;
}

int64_t Metrics::Value(const std::string& name, const std::string& labels) const {
  std::lock_guard lock(mutex_);
  auto series = series_.find(name);
  if (series == series_.end()) return 0;
  auto value = series->second.second.find(labels);
  return value == series->second.second.end() ? 0 : value->second;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, series] : series_) {
    absl::StrAppend(&out, "# TYPE ", name, series.first ? " counter\n" : " gauge\n");
    for (const auto& [labels, value] : series.second) {
      absl::StrAppend(&out, name, labels.empty() ? "" : absl::StrCat("{", labels, "}"), " ", value, "\n");
    }
  }
  return out;
}

}  // namespace tdkt::notifier
