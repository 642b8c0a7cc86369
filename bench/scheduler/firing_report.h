#pragma once
// FiringReport: what one scheduler did with a workload of timers, computed only from what it left behind — the
// fire instant of each timer (its table, or the worker's own clock for a peer) and the entries that arrived on
// its Redis stream — never from the system's own counters.
//
//   TimerWorkload workload = TimerWorkload::Make(1'000'000, absl::Seconds(60), /*seed=*/1, Order::kRandom);
//   FiringReport report(workload);
//   report.Fired(n, at);         // the system's fire instant of timer n
//   report.Streamed(n, ms);      // an entry for timer n, its stream id's milliseconds
//   FiringSummary s = report.Summarise();
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace tdkt::bench {

enum class Order { kDue, kRandom };  // insertion order of the timers

// N timers due within `window` after `base` (uniformly, millisecond instants), and the order to insert them in.
struct TimerWorkload {
  absl::Time base;                   // set just before insertion: now + the lead
  std::vector<int32_t> offset_ms;    // timer n is due at base + offset_ms[n]
  std::vector<int32_t> insertion;    // timer numbers in insertion order
  Order order = Order::kRandom;
  absl::Duration window;

  static TimerWorkload Make(int timers, absl::Duration window, uint64_t seed, Order order);
  int size() const { return static_cast<int>(offset_ms.size()); }
  int64_t DueMicros(int n) const { return absl::ToUnixMicros(base) + int64_t{offset_ms[n]} * 1000; }
};

struct Percentiles {
  size_t count = 0;
  double min = 0, p50 = 0, p99 = 0, max = 0;  // milliseconds
};
Percentiles Summarise(std::vector<double> ms);

struct FiringSummary {
  int64_t timers = 0;
  int64_t fired = 0;           // timers with a fire instant
  int64_t streamed = 0;        // distinct timers with an entry on the stream
  int64_t entries = 0;         // stream entries naming a timer of the workload
  int64_t duplicates = 0;      // entries beyond the first of each timer
  int64_t missing = 0;         // timers never on the stream
  int64_t unknown = 0;         // entries that name no timer of the workload
  int64_t early_fired = 0;     // fire instant before the due instant
  int64_t early_streamed = 0;  // stream entry before the due instant (millisecond resolution)
  Percentiles fire_late;       // fire instant − due instant
  Percentiles stream_late;     // first stream entry − due instant
  double throughput = 0;       // distinct timers on the stream per second, first entry to last
  double last_after_window_s = 0;  // the last first-entry after the end of the due window
};

class FiringReport {
 public:
  explicit FiringReport(const TimerWorkload& workload);
  // The system's fire instant of timer n (the first one counts).
  void Fired(int64_t n, int64_t fired_micros);
  // One stream entry for timer n; n outside the workload counts as unknown.
  void Streamed(int64_t n, int64_t stream_ms);
  FiringSummary Summarise() const;

 private:
  const TimerWorkload& workload_;
  std::vector<int64_t> fired_us_;     // INT64_MIN: none
  std::vector<int64_t> streamed_ms_;  // first entry; INT64_MIN: none
  int64_t entries_ = 0, duplicates_ = 0, unknown_ = 0, early_streamed_ = 0;
};

}  // namespace tdkt::bench
