#pragma once
// The working-day calendar built from the shipped data/holidays/ files, for the tests that check those files.
#include <gtest/gtest.h>

#include "workflow/calendar/working_day_calendar.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::workflow::calendar::testing {

// Built once per test binary; a file that does not load fails the test that asked for it.
inline const WorkingDayCalendar& ShippedCalendar() {
  static const WorkingDayCalendar* const calendar = [] {
    absl::StatusOr<HolidayData> data = loader::LoadHolidays(TDKT_SOURCE_DATA_DIR "/holidays");
    EXPECT_TRUE(data.ok()) << data.status();
    absl::StatusOr<WorkingDayCalendar> built = WorkingDayCalendar::Create(data.ok() ? *data : HolidayData{});
    EXPECT_TRUE(built.ok()) << built.status();
    return new WorkingDayCalendar(*std::move(built));
  }();
  return *calendar;
}

}  // namespace tdkt::workflow::calendar::testing
