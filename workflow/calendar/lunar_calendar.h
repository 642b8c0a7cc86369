#pragma once
// The Vietnamese lunisolar calendar (âm lịch), computed for the UTC+7 meridian.
//
// Vietnam and China use the same rules but different meridians, so new moons and solar terms that fall near
// midnight can land on different days: Tết 1985 is 21 January in Vietnam (20 February in China), Tết 2007 is
// 17 February (18 February in China). The astronomy is Hồ Ngọc Đức's algorithm (new moons and the sun's
// longitude after Meeus, "Astronomical Algorithms"), evaluated with timeZone = 7.
//
//   absl::StatusOr<LunarDate> tet = SolarToLunar(absl::CivilDay(2026, 2, 17));  // {1, 1, 2026, false}
//   absl::StatusOr<absl::CivilDay> gio_to = LunarToSolar({10, 3, 2026, false});  // 2026-04-26
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace tdkt::workflow::calendar {

// The years both conversions accept (Gregorian years for SolarToLunar, lunar years for LunarToSolar). The
// astronomical series stays within minutes of the ephemeris over this span.
inline constexpr int kLunarMinYear = 1800;
inline constexpr int kLunarMaxYear = 2199;

// LunarDate: a day of the lunar calendar. `year` is the Gregorian year in which its Tết (1 Giêng) falls, so
// 29 Chạp of Ất Tỵ (that month's last day), on 16 February 2026, is {29, 12, 2025, false}. A leap month
// (tháng nhuận) repeats the number of the month before it and has `leap` set.
struct LunarDate {
  int day = 0;    // 1–30
  int month = 0;  // 1–12
  int year = 0;
  bool leap = false;

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

// "D/M/YYYY", with " (nhuận)" for a day of a leap month: "1/1/2026", "15/6/2025 (nhuận)".
std::string FormatLunarDate(const LunarDate& date);

// SolarToLunar: the lunar date of a Gregorian day. INVALID_ARGUMENT outside kLunarMinYear–kLunarMaxYear.
absl::StatusOr<LunarDate> SolarToLunar(absl::CivilDay day);

// LunarToSolar: the Gregorian day of a lunar date. INVALID_ARGUMENT when the date does not exist (a month
// that is not leap that year, day 30 of a 29-day month) or lies outside the supported years.
absl::StatusOr<absl::CivilDay> LunarToSolar(const LunarDate& date);

}  // namespace tdkt::workflow::calendar
