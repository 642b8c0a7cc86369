#include "workflow/calendar/year_days_off.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "base/iso_date.h"
#include "workflow/calendar/default_holidays.h"
#include "base/status_macros.h"

namespace tdkt::workflow::calendar {
namespace {

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

std::string PeriodReason(const DayOffPeriod& period, const std::string& source) {
  std::string reason = period.note;
  if (reason.empty()) {
    std::vector<std::string> names;
    for (HolidayKind kind : period.holidays) names.push_back(HolidayName(kind));
    reason = names.empty() ? "nghỉ hoán đổi" : absl::StrJoin(names, ", ");
  }
  if (!source.empty()) absl::StrAppend(&reason, " (", source, ")");
  return reason;
}

}  // namespace

absl::StatusOr<YearDaysOff> ComputeYearDaysOff(int year, const YearArrangement* arrangement,
                                              const std::vector<OptionalHoliday>& optional_holidays) {
  std::set<HolidayKind> arranged_kinds;
  std::set<absl::CivilDay> taken;
  std::set<absl::CivilDay> make_up;
  YearDaysOff result;

  if (arrangement != nullptr) {
    for (const DayOffPeriod& period : arrangement->days_off) {
      if (period.last < period.first) {
        return absl::InvalidArgumentError(absl::StrCat("holidays ", year, ": period ",
                                                       base::FormatIsoDate(period.first), "..",
                                                       base::FormatIsoDate(period.last), " ends before it starts"));
      }
      arranged_kinds.insert(period.holidays.begin(), period.holidays.end());
      const std::string reason = PeriodReason(period, arrangement->source);
      for (absl::CivilDay day = period.first; day <= period.last; ++day) {
        if (taken.insert(day).second) result.days_off.push_back({day, reason});
      }
    }
    for (absl::CivilDay day : arrangement->make_up_working_days) {
      if (!IsWeekend(day)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "holidays ", year, ": make-up working day ", base::FormatIsoDate(day), " is not a Saturday or Sunday"));
      }
      if (taken.contains(day)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "holidays ", year, ": make-up working day ", base::FormatIsoDate(day), " is also a day off"));
      }
      make_up.insert(day);
      result.make_up_working_days.push_back(day);
    }
  }

  TDKT_ASSIGN_OR_RETURN(std::vector<HolidayDay> defaults, DefaultHolidayDays(year, optional_holidays));
  std::erase_if(defaults, [&](const HolidayDay& h) { return arranged_kinds.contains(h.kind); });

  // First every holiday's own day, so that substitutes skip all of them, not only the earlier ones.
  std::vector<const HolidayDay*> displaced;
  for (const HolidayDay& holiday : defaults) {
    const bool fresh = taken.insert(holiday.day).second;
    if (fresh) result.days_off.push_back({holiday.day, HolidayName(holiday.kind)});
    if (!fresh || IsWeekend(holiday.day)) displaced.push_back(&holiday);
  }
  for (const HolidayDay* holiday : displaced) {
    absl::CivilDay substitute = holiday->day + 1;
    while (IsWeekend(substitute) || taken.contains(substitute) || make_up.contains(substitute)) {
      ++substitute;
    }
    taken.insert(substitute);
    result.days_off.push_back({substitute, absl::StrCat("nghỉ bù ", HolidayName(holiday->kind))});
  }

  std::sort(result.days_off.begin(), result.days_off.end(),
            [](const DayOff& a, const DayOff& b) { return a.day < b.day; });
  return result;
}

}  // namespace tdkt::workflow::calendar
