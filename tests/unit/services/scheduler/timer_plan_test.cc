// TimerPlanner, pure: the plan of a deadline on the real data/holidays calendar.
#include "services/scheduler/timer_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "workflow/loader/holidays_loader.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {
namespace {

using ::testing::ElementsAre;

workflow::calendar::HolidayData Holidays() {
  return *workflow::loader::LoadHolidays(std::string(TDKT_SOURCE_DATA_DIR) + "/holidays");
}

absl::Time At(absl::CivilDay day, int hour) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0),
                         workflow::VietnamTimeZone());
}

std::vector<std::string> Describe(const std::vector<PlannedTimer>& timers) {
  std::vector<std::string> out;
  for (const PlannedTimer& t : timers) {
    const std::string kind =
        t.kind == tdkt::v1::TIMER_KIND_ESCALATION ? "ESC" : tdkt::v1::ReminderKind_Name(t.reminder_kind).substr(14);
    out.push_back(absl::StrCat(kind, "/", t.step, " ", base::FormatIsoDate(t.fire_on), " ",
                               absl::FormatTime("%H:%M", t.fire_at, workflow::VietnamTimeZone())));
  }
  return out;
}

class TimerPlanTest : public ::testing::Test {
 protected:
  TimerPlanTest() : calendar_(*workflow::calendar::WorkingDayCalendar::Create(Holidays())) {}
  workflow::calendar::WorkingDayCalendar calendar_;
};

TEST_F(TimerPlanTest, EscalationComesAfterTheFirstOverdueWorkingDayAndOnlyOnce) {
  const TimerPlanner planner(calendar_, {.hour = 8}, /*escalate=*/true);
  auto plan = planner.Plan(absl::CivilDay(2026, 1, 9), At(absl::CivilDay(2025, 12, 29), 9));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(Describe(*plan),
              ElementsAre("BEFORE_DUE/3 2026-01-06 08:00", "BEFORE_DUE/1 2026-01-08 08:00",
                          "DUE_TODAY/0 2026-01-09 08:00", "OVERDUE/1 2026-01-10 08:00", "ESC/2 2026-01-12 08:00"));
}

TEST_F(TimerPlanTest, TheLocalHourIsConfigurable) {
  const TimerPlanner planner(calendar_, {.hour = 13, .minute = 30}, /*escalate=*/false);
  auto plan = planner.Plan(absl::CivilDay(2026, 3, 20), At(absl::CivilDay(2026, 3, 2), 9));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(Describe(*plan), ElementsAre("BEFORE_DUE/3 2026-03-17 13:30", "BEFORE_DUE/1 2026-03-19 13:30",
                                           "DUE_TODAY/0 2026-03-20 13:30", "OVERDUE/1 2026-03-23 13:30"));
}

TEST_F(TimerPlanTest, ADeadlineSeenWhenAlreadyOverdueGetsItsNextOverdueReminderAndTheEscalation) {
  const TimerPlanner planner(calendar_, {.hour = 8}, /*escalate=*/true);
  // Resumed on Wed 25/03 at 10:00 with the due date Fri 20/03 already passed (3 overdue working days).
  auto plan = planner.Plan(absl::CivilDay(2026, 3, 20), At(absl::CivilDay(2026, 3, 25), 10));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(Describe(*plan), ElementsAre("OVERDUE/4 2026-03-26 08:00", "ESC/4 2026-03-26 08:00"));
}

TEST_F(TimerPlanTest, NextOverdueSkipsTheDaysOffOfTet2027) {
  const TimerPlanner planner(calendar_, {.hour = 8}, /*escalate=*/false);
  // Due Thu 4/02/2027, the last working day before Tết: the next overdue day is Fri 12/02.
  auto next = planner.NextOverdue(absl::CivilDay(2027, 2, 4), At(absl::CivilDay(2027, 2, 4), 8));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_THAT(Describe({*next}), ElementsAre("OVERDUE/1 2027-02-12 08:00"));
}

TEST_F(TimerPlanTest, TimerIdsNameDeadlineDueDateKindAndStep) {
  PlannedTimer timer;
  timer.reminder_kind = tdkt::v1::REMINDER_KIND_BEFORE_DUE;
  timer.step = 3;
  EXPECT_EQ(TimerId("d-1/2", absl::CivilDay(2026, 3, 20), timer), "d-1/2|2026-03-20|R1|3");
  timer.kind = tdkt::v1::TIMER_KIND_ESCALATION;
  timer.reminder_kind = tdkt::v1::REMINDER_KIND_UNSPECIFIED;
  timer.step = 2;
  EXPECT_EQ(TimerId("d-1/2", absl::CivilDay(2026, 3, 20), timer), "d-1/2|2026-03-20|E0|2");
}

}  // namespace
}  // namespace tdkt::scheduler
