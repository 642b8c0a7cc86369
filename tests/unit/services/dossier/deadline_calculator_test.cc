#include "services/dossier/deadline_calculator.h"

#include <gtest/gtest.h>

#include "workflow/vietnam_time.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::dossier {
namespace {

using workflow::DeadlineOp;
using workflow::DeadlineOpKind;
namespace calendar = workflow::calendar;

constexpr int64_t kVersion = 4;  // the stored calendar version the plans count with

absl::Time Day(int month, int day) {
  return absl::FromCivil(absl::CivilSecond(2025, month, day, 9, 0, 0), workflow::VietnamTimeZone());
}

class DeadlineCalculator : public ::testing::Test {
 protected:
  DeadlineCalculator()
      : calendar_(*calendar::WorkingDayCalendar::Create(
            *workflow::loader::LoadHolidays(std::string(TDKT_SOURCE_DIR) + "/data/holidays"))) {}
  calendar::WorkingDayCalendar calendar_;
};

TEST_F(DeadlineCalculator, StartCountsWorkingDaysFromReceipt) {
  auto plan = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 1, 10, Day(3, 3)}}, "C");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE(plan->live.has_value());
  EXPECT_EQ(plan->live->deadline_no, 1);
  EXPECT_EQ(plan->live->org_id, "C");
  EXPECT_EQ(plan->live->due_date, absl::CivilDay(2025, 3, 17));  // Mon 3/3 + 10 working days
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].kind, DeadlineChangeKind::kSet);
  EXPECT_EQ(plan->changes[0].working_days_remaining, 10);
  EXPECT_EQ(plan->live->calendar_version, kVersion);
}

TEST_F(DeadlineCalculator, HolidaysAreSkipped) {
  // Received Fri 2025-04-04; Giỗ Tổ Hùng Vương closes offices 5–7/4 (data/holidays/2025): due Tue 8/4.
  auto plan = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 0, 1, Day(4, 4)}}, "U");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->live->due_date, absl::CivilDay(2025, 4, 8));
}

TEST_F(DeadlineCalculator, PauseAndResumePushTheDueDate) {
  auto started = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 1, 10, Day(3, 3)}}, "C");
  ASSERT_TRUE(started.ok());
  auto paused = PlanDeadlines(calendar_, kVersion, started->live, 1, {{DeadlineOpKind::kPause, 1, 0, Day(3, 5)}}, "C");
  ASSERT_TRUE(paused.ok());
  EXPECT_EQ(paused->live->state, DeadlineRecordState::kPaused);
  EXPECT_EQ(paused->changes[0].kind, DeadlineChangeKind::kPaused);
  auto resumed = PlanDeadlines(calendar_, kVersion, paused->live, 1, {{DeadlineOpKind::kResume, 1, 0, Day(3, 10)}}, "C");
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->live->state, DeadlineRecordState::kRunning);
  // As in paused_working_days.h: 3 working days paused (6, 7, 10 March), due 2025-03-20.
  EXPECT_EQ(resumed->live->due_date, absl::CivilDay(2025, 3, 20));
  EXPECT_EQ(resumed->changes[0].kind, DeadlineChangeKind::kResumed);
}

TEST_F(DeadlineCalculator, ClearThenStartAtTheNextLevel) {
  auto started = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 0, 10, Day(3, 3)}}, "U");
  ASSERT_TRUE(started.ok());
  auto moved = PlanDeadlines(calendar_, kVersion, started->live, 1,
                             {{DeadlineOpKind::kClear, 0, 0, Day(3, 6)}, {DeadlineOpKind::kStart, 1, 10, Day(3, 6)}},
                             "C");
  ASSERT_TRUE(moved.ok());
  ASSERT_EQ(moved->changes.size(), 2u);
  EXPECT_EQ(moved->changes[0].kind, DeadlineChangeKind::kCleared);
  EXPECT_EQ(moved->changes[0].record.deadline_no, 1);
  EXPECT_EQ(moved->changes[1].kind, DeadlineChangeKind::kSet);
  EXPECT_EQ(moved->live->deadline_no, 2);
  EXPECT_EQ(moved->live->org_id, "C");
}

// 2025 with Friday 14/3 off too: the calendar after a change.
calendar::WorkingDayCalendar WithFourteenthOff() {
  calendar::HolidayData data = *workflow::loader::LoadHolidays(std::string(TDKT_SOURCE_DIR) + "/data/holidays");
  for (calendar::YearArrangement& year : data.arrangements) {
    if (year.year == 2025) {
      year.days_off.push_back({.holidays = {}, .first = absl::CivilDay(2025, 3, 14),
                               .last = absl::CivilDay(2025, 3, 14), .note = "nghỉ thêm"});
    }
  }
  return *calendar::WorkingDayCalendar::Create(data);
}

TEST_F(DeadlineCalculator, RecalculateCountsARunningDeadlineAgainWithTheNewCalendar) {
  auto started = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 1, 10, Day(3, 3)}}, "C");
  ASSERT_TRUE(started.ok());
  ASSERT_EQ(started->live->due_date, absl::CivilDay(2025, 3, 17));
  const calendar::WorkingDayCalendar changed = WithFourteenthOff();
  auto again = PlanDeadlines(changed, kVersion + 1, started->live, 1, {{DeadlineOpKind::kRecalculate, 1, 0, Day(3, 5)}},
                             "C");
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->changes.size(), 1u);
  EXPECT_EQ(again->changes[0].kind, DeadlineChangeKind::kSet);
  EXPECT_EQ(again->live->due_date, absl::CivilDay(2025, 3, 18));
  EXPECT_EQ(again->live->deadline_no, 1) << "the same deadline, counted again";
  EXPECT_EQ(again->live->calendar_version, kVersion + 1);
  EXPECT_EQ(again->changes[0].working_days_remaining, 8);  // 6, 7, 10, 11, 12, 13, 17, 18 March
  EXPECT_EQ(*CountDueDate(changed, *started->live), absl::CivilDay(2025, 3, 18));
}

TEST_F(DeadlineCalculator, RecalculateKeepsAPausedDeadlinePaused) {
  auto started = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 1, 10, Day(3, 3)}}, "C");
  auto paused = PlanDeadlines(calendar_, kVersion, started->live, 1, {{DeadlineOpKind::kPause, 1, 0, Day(3, 5)}}, "C");
  ASSERT_TRUE(paused.ok());
  auto again = PlanDeadlines(WithFourteenthOff(), kVersion + 1, paused->live, 1,
                             {{DeadlineOpKind::kRecalculate, 1, 0, Day(3, 12)}}, "C");
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->changes.size(), 1u);
  EXPECT_EQ(again->changes[0].kind, DeadlineChangeKind::kPaused);
  EXPECT_EQ(again->live->state, DeadlineRecordState::kPaused);
  EXPECT_EQ(again->live->paused_at, Day(3, 5));
  EXPECT_EQ(again->live->due_date, absl::CivilDay(2025, 3, 18));
  // The frozen remainder: from the day it was paused, not from the day of the change.
  EXPECT_EQ(again->changes[0].working_days_remaining, 8);
}

TEST_F(DeadlineCalculator, OperationsForAnotherLevelChangeNothing) {
  auto started = PlanDeadlines(calendar_, kVersion, std::nullopt, 0, {{DeadlineOpKind::kStart, 0, 10, Day(3, 3)}}, "U");
  ASSERT_TRUE(started.ok());
  auto plan = PlanDeadlines(calendar_, kVersion, started->live, 1, {{DeadlineOpKind::kPause, 2, 0, Day(3, 4)}}, "U");
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->changes.empty());
  EXPECT_EQ(plan->live->due_date, started->live->due_date);
  EXPECT_EQ(plan->live->state, DeadlineRecordState::kRunning);
}

}  // namespace
}  // namespace tdkt::dossier

namespace tdkt::dossier {
namespace {

class DossierOverdueDays : public ::testing::Test {
 protected:
  DossierOverdueDays()
      : calendar_(*workflow::calendar::WorkingDayCalendar::Create(
            *workflow::loader::LoadHolidays(std::string(TDKT_SOURCE_DIR) + "/data/holidays"))) {}
  int64_t Overdue(absl::CivilDay due, absl::CivilDay today) const {
    absl::StatusOr<int64_t> days = OverdueWorkingDays(calendar_, due, today);
    EXPECT_TRUE(days.ok()) << days.status();
    return days.value_or(-1);
  }
  workflow::calendar::WorkingDayCalendar calendar_;
};

TEST_F(DossierOverdueDays, NothingIsOverdueUpToTheDueDate) {
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 16), absl::CivilDay(2026, 3, 2)), 0);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 16), absl::CivilDay(2026, 3, 16)), 0);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 16), absl::CivilDay(2026, 3, 17)), 1);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 16), absl::CivilDay(2026, 3, 18)), 2);
}

TEST_F(DossierOverdueDays, WeekendsAfterTheDueDateDoNotCount) {
  // Due Friday 20/3/2026.
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 20), absl::CivilDay(2026, 3, 21)), 0);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 20), absl::CivilDay(2026, 3, 22)), 0);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 3, 20), absl::CivilDay(2026, 3, 23)), 1);
}

TEST_F(DossierOverdueDays, OfficialDaysOffDoNotCountAndMakeUpSaturdaysDo) {
  // Due Friday 24/4/2026; Monday 27/4 is off for Giỗ Tổ (Sunday 26/4), 30/4 and 1/5 are holidays.
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 4, 24), absl::CivilDay(2026, 4, 27)), 0);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 4, 24), absl::CivilDay(2026, 4, 28)), 1);
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 4, 24), absl::CivilDay(2026, 5, 4)), 3);
  // Due Friday 9/1/2026: Saturday 10/1 is a make-up working day (for Friday 2/1).
  EXPECT_EQ(Overdue(absl::CivilDay(2026, 1, 9), absl::CivilDay(2026, 1, 10)), 1);
}

}  // namespace
}  // namespace tdkt::dossier
