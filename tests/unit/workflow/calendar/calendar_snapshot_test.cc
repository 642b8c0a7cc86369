// The calendar alarm on the shipped holiday data, and CalendarHolder: versions only move forward, listeners hear
// each swap, and readers racing a swap always see one whole snapshot.
#include "workflow/calendar/calendar_snapshot.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflow/calendar/calendar_alarm.h"
#include "workflow/loader/holidays_loader.h"

namespace tdkt::workflow::calendar {
namespace {

using ::testing::ElementsAre;

HolidayData Shipped() { return *loader::LoadHolidays(TDKT_SOURCE_DATA_DIR "/holidays"); }

TEST(CalendarAlarm, CountsTheDaysInYearsWithoutAnOfficialArrangement) {
  const HolidayData data = Shipped();  // 2024–2026 arranged
  EXPECT_EQ(UncoveredDays(data, absl::CivilDay(2026, 6, 1)), 0);
  EXPECT_EQ(UncoveredDays(data, absl::CivilDay(2026, 11, 2)), 0) << "60 days from 2/11 end on 31/12";
  EXPECT_EQ(UncoveredDays(data, absl::CivilDay(2026, 11, 3)), 1);
  EXPECT_EQ(UncoveredDays(data, absl::CivilDay(2026, 12, 1)), 29);
  EXPECT_THAT(UncoveredYears(data, absl::CivilDay(2026, 12, 1)), ElementsAre(2027));
}

// A 2026 with one extra day off, Friday 13/3, so that the two calendars disagree about that day.
HolidayData WithExtraDayOff() {
  HolidayData data = Shipped();
  for (YearArrangement& year : data.arrangements) {
    if (year.year == 2026) {
      year.days_off.push_back({.holidays = {}, .first = absl::CivilDay(2026, 3, 13),
                               .last = absl::CivilDay(2026, 3, 13), .note = "nghỉ thêm"});
    }
  }
  return data;
}

TEST(CalendarHolderTest, OnlyANewerVersionIsSwappedInAndListenersHearIt) {
  CalendarHolder holder(*CalendarSnapshot::Build(3, Shipped()));
  std::vector<int64_t> heard;
  holder.AddListener([&heard](const CalendarSnapshot& s) { heard.push_back(s.version()); });
  EXPECT_FALSE(holder.Offer(*CalendarSnapshot::Build(2, WithExtraDayOff()))) << "older";
  EXPECT_FALSE(holder.Offer(*CalendarSnapshot::Build(3, WithExtraDayOff()))) << "the same version";
  EXPECT_EQ(holder.Current()->version(), 3);
  EXPECT_TRUE(*holder.Current()->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 13)));
  EXPECT_TRUE(holder.Offer(*CalendarSnapshot::Build(4, WithExtraDayOff())));
  EXPECT_EQ(holder.Current()->version(), 4);
  EXPECT_FALSE(*holder.Current()->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 13)));
  EXPECT_THAT(heard, ElementsAre(4));
}

TEST(CalendarHolderTest, AReaderKeepsItsSnapshotWhileSwapsGoOn) {
  CalendarHolder holder(*CalendarSnapshot::Build(1, Shipped()));
  const std::shared_ptr<const CalendarSnapshot> plain = holder.Current();
  std::atomic<bool> stop{false};
  std::atomic<int64_t> mixed{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!stop) {
        // One snapshot for the whole piece of work: its version and its days always belong together.
        const std::shared_ptr<const CalendarSnapshot> s = holder.Current();
        const bool working = *s->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 13));
        const absl::CivilDay due = *s->calendar().AddWorkingDays(absl::CivilDay(2026, 3, 12), 1);
        const bool as_plain = working && due == absl::CivilDay(2026, 3, 13);
        const bool as_extra = !working && due == absl::CivilDay(2026, 3, 16);
        if (!(s->version() % 2 == 1 ? as_plain : as_extra)) ++mixed;
        ++reads;
      }
    });
  }
  // Swaps back and forth through ever higher versions, each with the data of its parity.
  for (int64_t v = 2; v < 40; ++v) {
    ASSERT_TRUE(holder.Offer(*CalendarSnapshot::Build(v, v % 2 == 1 ? Shipped() : WithExtraDayOff())));
  }
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  EXPECT_EQ(plain->version(), 1) << "a snapshot taken before the swaps is still whole";
  EXPECT_TRUE(*plain->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 13)));
}

}  // namespace
}  // namespace tdkt::workflow::calendar
