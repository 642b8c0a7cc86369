#include "workflow/calendar/working_day_calendar.h"

#include <algorithm>
#include <bit>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/status_macros.h"

namespace tdkt::workflow::calendar {
namespace {

absl::Status OutsideCalendar(absl::CivilDay day) {
  return absl::InvalidArgumentError(
      absl::StrCat("date ", absl::FormatCivilTime(day), " is outside the working-day calendar (",
                   WorkingDayCalendar::kFirstYear, "–", WorkingDayCalendar::kLastYear, ")"));
}

}  // namespace

absl::StatusOr<WorkingDayCalendar> WorkingDayCalendar::Create(const HolidayData& data) {
  std::map<int, const YearArrangement*> arrangements;
  for (const YearArrangement& arrangement : data.arrangements) {
    if (!arrangements.emplace(arrangement.year, &arrangement).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("holidays: two arrangements for the year ", arrangement.year));
    }
  }

  WorkingDayCalendar calendar;
  calendar.day_count_ = Index(LastDay()) + 1;
  const size_t word_count = static_cast<size_t>(calendar.day_count_ / 64 + 1);
  calendar.working_bits_.assign(word_count, 0);
  auto set_working = [&calendar](absl::CivilDay day, bool working) {
    if (!Covers(day)) return;
    const int64_t index = Index(day);
    const uint64_t bit = uint64_t{1} << (index % 64);
    if (working) {
      calendar.working_bits_[index / 64] |= bit;
    } else {
      calendar.working_bits_[index / 64] &= ~bit;
    }
  };
  for (absl::CivilDay day = FirstDay(); day <= LastDay(); ++day) {
    const absl::Weekday weekday = absl::GetWeekday(day);
    set_working(day, weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday);
  }

  calendar.days_off_by_year_.resize(kLastYear - kFirstYear + 1);
  for (int year = kFirstYear; year <= kLastYear; ++year) {
    const auto it = arrangements.find(year);
    TDKT_ASSIGN_OR_RETURN(
        YearDaysOff year_days_off,
        ComputeYearDaysOff(year, it == arrangements.end() ? nullptr : it->second, data.optional_holidays));
    for (const DayOff& day_off : year_days_off.days_off) set_working(day_off.day, false);
    for (absl::CivilDay day : year_days_off.make_up_working_days) set_working(day, true);
    calendar.days_off_by_year_[year - kFirstYear] = std::move(year_days_off.days_off);
  }

  calendar.working_before_word_.resize(word_count + 1);
  int64_t running = 0;
  for (size_t w = 0; w < word_count; ++w) {
    calendar.working_before_word_[w] = running;
    running += std::popcount(calendar.working_bits_[w]);
  }
  calendar.working_before_word_[word_count] = running;
  return calendar;
}

int64_t WorkingDayCalendar::Rank(int64_t index) const {
  const uint64_t below = (uint64_t{1} << (index % 64)) - 1;
  return working_before_word_[index / 64] + std::popcount(working_bits_[index / 64] & below);
}

absl::StatusOr<bool> WorkingDayCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (!Covers(day)) return OutsideCalendar(day);
  const int64_t index = Index(day);
  return (working_bits_[index / 64] >> (index % 64)) & 1;
}

absl::StatusOr<absl::CivilDay> WorkingDayCalendar::AddWorkingDays(absl::CivilDay from, int64_t n) const {
  if (!Covers(from)) return OutsideCalendar(from);
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot add a negative number of working days (", n, ")"));
  }
  if (n == 0) return from;
  // The wanted day is the working day with exactly `wanted` working days before it.
  const int64_t wanted = Rank(Index(from) + 1) + n - 1;
  const size_t word_count = working_bits_.size();
  if (wanted >= working_before_word_[word_count]) {
    return absl::InvalidArgumentError(absl::StrCat("adding ", n, " working days to ",
                                                   absl::FormatCivilTime(from), " goes beyond ",
                                                   absl::FormatCivilTime(LastDay())));
  }
  const int64_t index =
      Select(wanted, static_cast<size_t>((Index(from) + 1) / 64), /*near=*/n <= 512);
  return FirstDay() + index;
}

absl::StatusOr<absl::CivilDay> WorkingDayCalendar::SubtractWorkingDays(absl::CivilDay from,
                                                                       int64_t n) const {
  if (!Covers(from)) return OutsideCalendar(from);
  if (n < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot subtract a negative number of working days (", n, ")"));
  }
  if (n == 0) return from;
  const int64_t wanted = Rank(Index(from)) - n;
  if (wanted < 0) {
    return absl::InvalidArgumentError(absl::StrCat("subtracting ", n, " working days from ",
                                                   absl::FormatCivilTime(from), " goes before ",
                                                   absl::FormatCivilTime(FirstDay())));
  }
  return FirstDay() + Select(wanted, 0, /*near=*/false);
}

int64_t WorkingDayCalendar::Select(int64_t rank, size_t word, bool near) const {
  if (near) {
    while (working_before_word_[word + 1] <= rank) ++word;
  } else {
    // The last word with at most `rank` working days before it holds the wanted day.
    word = static_cast<size_t>(std::upper_bound(working_before_word_.begin() + word,
                                                working_before_word_.end(), rank) -
                               working_before_word_.begin() - 1);
  }
  uint64_t bits = working_bits_[word];
  for (int64_t skip = rank - working_before_word_[word]; skip > 0; --skip) bits &= bits - 1;
  return static_cast<int64_t>(word) * 64 + std::countr_zero(bits);
}

absl::StatusOr<int64_t> WorkingDayCalendar::WorkingDaysBetween(absl::CivilDay from,
                                                               absl::CivilDay to) const {
  if (!Covers(from)) return OutsideCalendar(from);
  if (!Covers(to)) return OutsideCalendar(to);
  return Rank(Index(to) + 1) - Rank(Index(from) + 1);
}

const std::vector<DayOff>& WorkingDayCalendar::DaysOff(int year) const {
  static const std::vector<DayOff>* const kNone = new std::vector<DayOff>();
  if (year < kFirstYear || year > kLastYear) return *kNone;
  return days_off_by_year_[year - kFirstYear];
}

}  // namespace tdkt::workflow::calendar
