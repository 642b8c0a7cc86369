#include "bench/scheduler/firing_report.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <random>

namespace tdkt::bench {

TimerWorkload TimerWorkload::Make(int timers, absl::Duration window, uint64_t seed, Order order) {
  TimerWorkload w;
  w.order = order;
  w.window = window;
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int32_t> offset(0, static_cast<int32_t>(absl::ToInt64Milliseconds(window)) - 1);
  w.offset_ms.resize(timers);
  for (int32_t& o : w.offset_ms) o = offset(random);
  w.insertion.resize(timers);
  std::iota(w.insertion.begin(), w.insertion.end(), 0);
  if (order == Order::kRandom) {
    std::shuffle(w.insertion.begin(), w.insertion.end(), random);
  } else {
    std::stable_sort(w.insertion.begin(), w.insertion.end(),
                     [&](int32_t a, int32_t b) { return w.offset_ms[a] < w.offset_ms[b]; });
  }
  return w;
}

Percentiles Summarise(std::vector<double> ms) {
  Percentiles p;
  p.count = ms.size();
  if (ms.empty()) return p;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::min(ms.size() - 1, std::max<size_t>(rank, 1) - 1)];
  };
  p.min = ms.front();
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.max = ms.back();
  return p;
}

FiringReport::FiringReport(const TimerWorkload& workload)
    : workload_(workload), fired_us_(workload.size(), INT64_MIN), streamed_ms_(workload.size(), INT64_MIN) {}

void FiringReport::Fired(int64_t n, int64_t fired_micros) {
  if (n < 0 || n >= workload_.size()) return;
  if (fired_us_[n] == INT64_MIN) fired_us_[n] = fired_micros;
}

void FiringReport::Streamed(int64_t n, int64_t stream_ms) {
  if (n < 0 || n >= workload_.size()) {
    ++unknown_;
    return;
  }
  ++entries_;
  if (streamed_ms_[n] != INT64_MIN) {
    ++duplicates_;
    return;
  }
  streamed_ms_[n] = stream_ms;
  // A stream id has millisecond resolution: early only when its millisecond is before the due one.
  if (stream_ms < workload_.DueMicros(static_cast<int>(n)) / 1000) ++early_streamed_;
}

FiringSummary FiringReport::Summarise() const {
  FiringSummary s;
  s.timers = workload_.size();
  s.entries = entries_;
  s.duplicates = duplicates_;
  s.unknown = unknown_;
  s.early_streamed = early_streamed_;
  std::vector<double> fire_late, stream_late;
  int64_t first_ms = INT64_MAX, last_ms = INT64_MIN;
  for (int n = 0; n < workload_.size(); ++n) {
    const int64_t due_us = workload_.DueMicros(n);
    if (fired_us_[n] != INT64_MIN) {
      ++s.fired;
      if (fired_us_[n] < due_us) ++s.early_fired;
      fire_late.push_back(static_cast<double>(fired_us_[n] - due_us) / 1000.0);
    }
    if (streamed_ms_[n] == INT64_MIN) {
      ++s.missing;
      continue;
    }
    ++s.streamed;
    stream_late.push_back(static_cast<double>(streamed_ms_[n] * 1000 - due_us) / 1000.0);
    first_ms = std::min(first_ms, streamed_ms_[n]);
    last_ms = std::max(last_ms, streamed_ms_[n]);
  }
  s.fire_late = tdkt::bench::Summarise(std::move(fire_late));
  s.stream_late = tdkt::bench::Summarise(std::move(stream_late));
  if (s.streamed > 1 && last_ms > first_ms) {
    s.throughput = static_cast<double>(s.streamed) / (static_cast<double>(last_ms - first_ms) / 1000.0);
  }
  if (s.streamed > 0) {
    s.last_after_window_s =
        static_cast<double>(last_ms - absl::ToUnixMillis(workload_.base + workload_.window)) / 1000.0;
  }
  return s;
}

}  // namespace tdkt::bench
