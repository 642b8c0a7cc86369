// Working-day calendar hot paths. Reference in the same run: BM_CivilDayPlus60, plain absl::CivilDay
// arithmetic (+60 calendar days), the cheapest thing a deadline computation could do.
#include <benchmark/benchmark.h>

#include <vector>

#include "workflow/calendar/lunar_calendar.h"
#include "workflow/calendar/working_day_calendar.h"

namespace {

using tdkt::workflow::calendar::HolidayData;
using tdkt::workflow::calendar::WorkingDayCalendar;

const WorkingDayCalendar& Calendar() {
  static const WorkingDayCalendar* const calendar = new WorkingDayCalendar(*WorkingDayCalendar::Create({}));
  return *calendar;
}

// 1024 start days spread over 2000–2040, so that no single cache line or branch pattern flatters a result.
const std::vector<absl::CivilDay>& StartDays() {
  static const std::vector<absl::CivilDay>* const days = [] {
    auto* out = new std::vector<absl::CivilDay>();
    for (int i = 0; i < 1024; ++i) out->push_back(absl::CivilDay(2000, 1, 1) + (i * 7919) % (40 * 365));
    return out;
  }();
  return *days;
}

void BM_CivilDayPlus60(benchmark::State& state) {
  const std::vector<absl::CivilDay>& days = StartDays();
  size_t i = 0;
  for (auto _ : state) {
    absl::CivilDay due = days[i++ & 1023] + 60;
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_CivilDayPlus60);

void BM_AddWorkingDays(benchmark::State& state) {
  const WorkingDayCalendar& calendar = Calendar();
  const std::vector<absl::CivilDay>& days = StartDays();
  const int64_t n = state.range(0);
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<absl::CivilDay> due = calendar.AddWorkingDays(days[i++ & 1023], n);
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_AddWorkingDays)->Arg(60)->Arg(10)->Arg(1000);

void BM_WorkingDaysBetween(benchmark::State& state) {
  const WorkingDayCalendar& calendar = Calendar();
  const std::vector<absl::CivilDay>& days = StartDays();
  size_t i = 0;
  for (auto _ : state) {
    const absl::CivilDay from = days[i++ & 1023];
    absl::StatusOr<int64_t> count = calendar.WorkingDaysBetween(from, from + 84);
    benchmark::DoNotOptimize(count);
  }
}
BENCHMARK(BM_WorkingDaysBetween);

void BM_IsWorkingDay(benchmark::State& state) {
  const WorkingDayCalendar& calendar = Calendar();
  const std::vector<absl::CivilDay>& days = StartDays();
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<bool> working = calendar.IsWorkingDay(days[i++ & 1023]);
    benchmark::DoNotOptimize(working);
  }
}
BENCHMARK(BM_IsWorkingDay);

void BM_SolarToLunar(benchmark::State& state) {
  const std::vector<absl::CivilDay>& days = StartDays();
  size_t i = 0;
  for (auto _ : state) {
    auto lunar = tdkt::workflow::calendar::SolarToLunar(days[i++ & 1023]);
    benchmark::DoNotOptimize(lunar);
  }
}
BENCHMARK(BM_SolarToLunar);

void BM_CreateCalendar(benchmark::State& state) {
  for (auto _ : state) {
    auto calendar = WorkingDayCalendar::Create(HolidayData{});
    benchmark::DoNotOptimize(calendar);
  }
}
BENCHMARK(BM_CreateCalendar)->Unit(benchmark::kMillisecond);

}  // namespace
