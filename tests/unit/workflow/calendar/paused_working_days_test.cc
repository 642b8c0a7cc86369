#include "workflow/calendar/paused_working_days.h"

#include <gtest/gtest.h>

#include "tests/unit/workflow/calendar/calendar_test_data.h"

namespace tdkt::workflow::calendar {
namespace {

using absl::CivilDay;

const WorkingDayCalendar& Calendar() {
  static const WorkingDayCalendar* const calendar = new WorkingDayCalendar(
      *WorkingDayCalendar::Create({.arrangements = {testing::Arrangement2026()}, .optional_holidays = {}}));
  return *calendar;
}

// Received Monday 3/3/2025 with 10 working days: due Monday 17/3 without pauses.
constexpr CivilDay kReceived(2025, 3, 3);

TEST(PausedWorkingDaysTest, NoPauseIsPlainArithmetic) {
  EXPECT_EQ(*AddWorkingDaysWithPauses(Calendar(), kReceived, 10, {}), CivilDay(2025, 3, 17));
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 17), {}), 10);
}

TEST(PausedWorkingDaysTest, APausePushesTheDueDateByItsWorkingDays) {
  // Returned Wednesday 5/3, resubmitted Monday 10/3: (5/3, 10/3] holds 6/3, 7/3 and 10/3.
  const std::vector<ClockPause> pause = {{CivilDay(2025, 3, 5), CivilDay(2025, 3, 10)}};
  EXPECT_EQ(*AddWorkingDaysWithPauses(Calendar(), kReceived, 10, pause), CivilDay(2025, 3, 20));
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 20), pause), 10);
  // On the day of resubmission the clock shows the two days before the return.
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 10), pause), 2);
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 7), pause), 2);
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), CivilDay(2025, 3, 20), kReceived, pause), -10);
}

TEST(PausedWorkingDaysTest, PausesAreMergedClippedAndOrderFree) {
  const std::vector<ClockPause> pauses = {
      {CivilDay(2025, 3, 12), CivilDay(2025, 3, 13)},  // 1 day
      {CivilDay(2025, 2, 20), CivilDay(2025, 3, 4)},   // before receipt: only 4/3 counts
      {CivilDay(2025, 3, 5), CivilDay(2025, 3, 7)},    // 6/3, 7/3
      {CivilDay(2025, 3, 6), CivilDay(2025, 3, 10)},   // overlaps: adds 10/3
  };
  // Paused: 4/3, 6/3, 7/3, 10/3, 13/3 = 5 days.
  EXPECT_EQ(*AddWorkingDaysWithPauses(Calendar(), kReceived, 10, pauses), CivilDay(2025, 3, 24));
  EXPECT_EQ(*WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 24), pauses), 10);
}

TEST(PausedWorkingDaysTest, PausesThatChangeNothing) {
  const std::vector<ClockPause> pauses = {
      {CivilDay(2025, 3, 5), CivilDay(2025, 3, 5)},    // resubmitted the same day
      {CivilDay(2025, 3, 7), CivilDay(2025, 3, 9)},    // over a weekend only
      {CivilDay(2025, 3, 17), CivilDay(2025, 3, 30)},  // from the due day on
      {CivilDay(2025, 1, 1), CivilDay(2025, 2, 1)},    // before receipt
  };
  EXPECT_EQ(*AddWorkingDaysWithPauses(Calendar(), kReceived, 10, pauses), CivilDay(2025, 3, 17));
}

TEST(PausedWorkingDaysTest, PauseOverTet) {
  // Received Monday 9/2/2026, 5 working days; returned 10/2, resubmitted Monday 23/2 (11–13/2 and 23/2
  // paused, Tết in between is not a working day anyway): 10/2 counts, then 24, 25, 26, 27/2.
  const std::vector<ClockPause> pause = {{CivilDay(2026, 2, 10), CivilDay(2026, 2, 23)}};
  EXPECT_EQ(*AddWorkingDaysWithPauses(Calendar(), CivilDay(2026, 2, 9), 5, pause), CivilDay(2026, 2, 27));
}

TEST(PausedWorkingDaysTest, BackwardsPauseIsRejected) {
  const std::vector<ClockPause> pause = {{CivilDay(2025, 3, 10), CivilDay(2025, 3, 5)}};
  EXPECT_EQ(AddWorkingDaysWithPauses(Calendar(), kReceived, 10, pause).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WorkingDaysBetweenWithPauses(Calendar(), kReceived, CivilDay(2025, 3, 20), pause).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::workflow::calendar
