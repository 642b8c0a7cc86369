// The shipped data/holidays/ files reproduce the official arrangements, spans of days at a time (the oracle
// test checks every day of 2024–2026).
#include <gtest/gtest.h>

#include "tests/unit/workflow/calendar/shipped_calendar.h"
#include "workflow/calendar/working_day_calendar.h"

namespace tdkt::workflow::calendar {
namespace {

using absl::CivilDay;

const WorkingDayCalendar& Shipped() { return testing::ShippedCalendar(); }

// Every day from `first` to `last` must be `expected`, e.g. a whole announced holiday with the days
// around it.
struct Span {
  CivilDay first;
  CivilDay last;
  bool working;
};

void Expect(std::initializer_list<Span> spans) {
  for (const Span& span : spans) {
    for (CivilDay day = span.first; day <= span.last; ++day) {
      const absl::StatusOr<bool> working = Shipped().IsWorkingDay(day);
      ASSERT_TRUE(working.ok()) << working.status();
      EXPECT_EQ(*working, span.working) << absl::FormatCivilTime(day) << " (" << absl::GetWeekday(day)
                                        << ")";
    }
  }
}

constexpr bool kWork = true;
constexpr bool kOff = false;

TEST(OfficialArrangementsTest, Year2023GioToAnd30April) {
  Expect({{CivilDay(2023, 4, 24), CivilDay(2023, 4, 28), kWork},
          {CivilDay(2023, 4, 29), CivilDay(2023, 5, 3), kOff},
          {CivilDay(2023, 5, 4), CivilDay(2023, 5, 5), kWork}});
}

TEST(OfficialArrangementsTest, Year2024) {
  Expect({// Tết 8–14/2
          {CivilDay(2024, 2, 5), CivilDay(2024, 2, 7), kWork},
          {CivilDay(2024, 2, 8), CivilDay(2024, 2, 14), kOff},
          {CivilDay(2024, 2, 15), CivilDay(2024, 2, 16), kWork},
          // Giỗ Tổ Thursday 18/4
          {CivilDay(2024, 4, 17), CivilDay(2024, 4, 17), kWork},
          {CivilDay(2024, 4, 18), CivilDay(2024, 4, 18), kOff},
          {CivilDay(2024, 4, 19), CivilDay(2024, 4, 19), kWork},
          // 27/4–1/5 off, Saturday 4/5 worked
          {CivilDay(2024, 4, 22), CivilDay(2024, 4, 26), kWork},
          {CivilDay(2024, 4, 27), CivilDay(2024, 5, 1), kOff},
          {CivilDay(2024, 5, 2), CivilDay(2024, 5, 4), kWork},
          {CivilDay(2024, 5, 5), CivilDay(2024, 5, 5), kOff},
          // Quốc khánh 31/8–3/9
          {CivilDay(2024, 8, 26), CivilDay(2024, 8, 30), kWork},
          {CivilDay(2024, 8, 31), CivilDay(2024, 9, 3), kOff},
          {CivilDay(2024, 9, 4), CivilDay(2024, 9, 6), kWork}});
}

TEST(OfficialArrangementsTest, Year2025) {
  Expect({// Giỗ Tổ 5–7/4
          {CivilDay(2025, 4, 4), CivilDay(2025, 4, 4), kWork},
          {CivilDay(2025, 4, 5), CivilDay(2025, 4, 7), kOff},
          {CivilDay(2025, 4, 8), CivilDay(2025, 4, 11), kWork},
          // Saturday 26/4 worked; 30/4–4/5 off
          {CivilDay(2025, 4, 21), CivilDay(2025, 4, 26), kWork},
          {CivilDay(2025, 4, 27), CivilDay(2025, 4, 27), kOff},
          {CivilDay(2025, 4, 28), CivilDay(2025, 4, 29), kWork},
          {CivilDay(2025, 4, 30), CivilDay(2025, 5, 4), kOff},
          {CivilDay(2025, 5, 5), CivilDay(2025, 5, 9), kWork}});
}

TEST(OfficialArrangementsTest, Year2026) {
  Expect({// Tết 14–22/2 (weekdays 16–20/2)
          {CivilDay(2026, 2, 9), CivilDay(2026, 2, 13), kWork},
          {CivilDay(2026, 2, 14), CivilDay(2026, 2, 22), kOff},
          {CivilDay(2026, 2, 23), CivilDay(2026, 2, 27), kWork},
          // Saturday 22/8 worked; Quốc khánh 29/8–2/9 with Monday 31/8 off
          {CivilDay(2026, 8, 17), CivilDay(2026, 8, 22), kWork},
          {CivilDay(2026, 8, 23), CivilDay(2026, 8, 23), kOff},
          {CivilDay(2026, 8, 24), CivilDay(2026, 8, 28), kWork},
          {CivilDay(2026, 8, 29), CivilDay(2026, 9, 2), kOff},
          {CivilDay(2026, 9, 3), CivilDay(2026, 9, 4), kWork}});
}

TEST(OfficialArrangementsTest, CultureDayIsOffByDefault) {
  Expect({{CivilDay(2026, 11, 23), CivilDay(2026, 11, 27), kWork}});
}

}  // namespace
}  // namespace tdkt::workflow::calendar
