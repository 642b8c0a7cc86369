#pragma once
// WorkingDayCalendar: which days are working days for public bodies in Vietnam (Asia/Ho_Chi_Minh), and
// deadline arithmetic in working days, for 1900-01-01 … 2100-12-31.
//
// A working day is a Monday–Friday that is not a day off, or a make-up Saturday/Sunday of an official
// arrangement. Days off come from ComputeYearDaysOff (statutory holidays, weekend substitutes, the year's
// official arrangement from data/holidays/).
//
// Conventions (every deadline in tdkt follows them):
//  - AddWorkingDays(d, n) is the n-th working day strictly after d; n = 0 gives d itself. A dossier received
//    on d with a 10-working-day limit is due on AddWorkingDays(d, 10), whatever kind of day d is.
//  - WorkingDaysBetween(from, to) counts the working days in the half-open interval (from, to]; it is
//    negative when to < from. So AddWorkingDays(d, WorkingDaysBetween(d, t)) == t for a working day t.
//
// Built once (about a millisecond: it converts 201 lunar years), then every query is a bitmap lookup: each
// day is one bit, with a running count of working days per 64-day word.
//
//   TDKT_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, WorkingDayCalendar::Create(holiday_data));
//   TDKT_ASSIGN_OR_RETURN(absl::CivilDay due, calendar.AddWorkingDays(received_on, 10));
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/calendar/holiday_rules.h"
#include "workflow/calendar/year_days_off.h"

namespace tdkt::workflow::calendar {

class WorkingDayCalendar {
 public:
  static constexpr int kFirstYear = 1900;
  static constexpr int kLastYear = 2100;

  // INVALID_ARGUMENT when the data is inconsistent (see ComputeYearDaysOff) or names a year twice.
  // Arrangements outside kFirstYear–kLastYear are ignored.
  static absl::StatusOr<WorkingDayCalendar> Create(const HolidayData& data);

  static absl::CivilDay FirstDay() { return absl::CivilDay(kFirstYear, 1, 1); }
  static absl::CivilDay LastDay() { return absl::CivilDay(kLastYear, 12, 31); }
  static bool Covers(absl::CivilDay day) { return day >= FirstDay() && day <= LastDay(); }

  // INVALID_ARGUMENT outside FirstDay()–LastDay().
  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;

  // The n-th working day after `from` (n ≥ 0; n = 0 gives `from`). INVALID_ARGUMENT for n < 0, a `from`
  // outside the calendar, or a result beyond LastDay().
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay from, int64_t n) const;

  // The n-th working day before `from` (n ≥ 0; n = 0 gives `from`): the day d with
  // WorkingDaysBetween(d, from) == n when `from` is a working day. Used for "T−3 working days" reminders.
  absl::StatusOr<absl::CivilDay> SubtractWorkingDays(absl::CivilDay from, int64_t n) const;

  // The number of working days in (from, to]; minus the number in (to, from] when to < from.
  absl::StatusOr<int64_t> WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;

  // The days off of `year` with their reasons (empty outside the calendar), e.g. for `tdktctl calendar`.
  const std::vector<DayOff>& DaysOff(int year) const;

 private:
  WorkingDayCalendar() = default;

  static int64_t Index(absl::CivilDay day) { return day - FirstDay(); }
  // The number of working days with an index below `index`.
  int64_t Rank(int64_t index) const;
  // The index of the working day with `rank` working days before it (0 ≤ rank < total), scanning forward
  // from `word` when the caller knows it is close, else by binary search.
  int64_t Select(int64_t rank, size_t word, bool near) const;

  int64_t day_count_ = 0;
  std::vector<uint64_t> working_bits_;       // bit i of word w: day w*64+i is a working day
  std::vector<int64_t> working_before_word_;  // working days in the words before w; one extra at the end
  std::vector<std::vector<DayOff>> days_off_by_year_;
};

}  // namespace tdkt::workflow::calendar
