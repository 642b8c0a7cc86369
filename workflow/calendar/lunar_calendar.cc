#include "workflow/calendar/lunar_calendar.h"

#include <cmath>
#include <numbers>

#include "absl/strings/str_cat.h"

namespace tdkt::workflow::calendar {
namespace {

// Vietnam's meridian: new moons and solar terms are dated in UTC+7.
constexpr double kTimeZoneHours = 7.0;
constexpr double kSynodicMonth = 29.530588853;
// Julian day number of the new moon of 1 January 1900, the epoch of the lunation count k.
constexpr double kNewMoonEpoch = 2415021.076998695;
constexpr double kRadians = std::numbers::pi / 180.0;

// Julian day numbers and CivilDay differ by a constant; 2000-01-01 is JDN 2451545.
constexpr int kJdnOf2000 = 2451545;

int ToJdn(absl::CivilDay day) {
  return kJdnOf2000 + static_cast<int>(day - absl::CivilDay(2000, 1, 1));
}

absl::CivilDay FromJdn(int jdn) { return absl::CivilDay(2000, 1, 1) + (jdn - kJdnOf2000); }

// The instant (Julian date, UT) of the k-th new moon after the epoch (Meeus ch. 49, truncated series).
double NewMoon(int k) {
  const double t = k / 1236.85;  // Julian centuries since 1900-01-00
  const double t2 = t * t;
  const double t3 = t2 * t;
  double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * kRadians);
  const double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;  // sun's anomaly
  const double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;  // moon's anomaly
  const double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;  // argument of latitude
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * kRadians) + 0.0021 * std::sin(2 * kRadians * m);
  c1 = c1 - 0.4068 * std::sin(mpr * kRadians) + 0.0161 * std::sin(kRadians * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(kRadians * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(kRadians * 2 * f) - 0.0051 * std::sin(kRadians * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(kRadians * (m - mpr)) + 0.0004 * std::sin(kRadians * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(kRadians * (2 * f - m)) - 0.0006 * std::sin(kRadians * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(kRadians * (2 * f - mpr)) + 0.0005 * std::sin(kRadians * (2 * mpr + m));
  double delta_t;  // ΔT = TT − UT, in days
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - delta_t;
}

// The sun's apparent longitude in radians, [0, 2π), at Julian date `jd` (Meeus ch. 25, low precision).
double SunLongitude(double jd) {
  const double t = (jd - 2451545.0) / 36525;  // Julian centuries since J2000
  const double t2 = t * t;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(kRadians * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(kRadians * 2 * m) + 0.000290 * std::sin(kRadians * 3 * m);
  double l = (l0 + dl) * kRadians;
  l -= 2 * std::numbers::pi * std::floor(l / (2 * std::numbers::pi));
  return l;
}

// The local day (JDN) of the k-th new moon: a lunar month starts on that day.
int NewMoonDay(int k) {
  return static_cast<int>(std::floor(NewMoon(k) + 0.5 + kTimeZoneHours / 24));
}

// Which 30° sector (0–11) of the ecliptic the sun is in at the local midnight starting day `jdn`. A month
// without a change of sector (no major solar term, trung khí) is the leap month.
int SunSector(int jdn) {
  return static_cast<int>(
      std::floor(SunLongitude(jdn - 0.5 - kTimeZoneHours / 24) / std::numbers::pi * 6));
}

// The first day of lunar month 11 (the month containing the winter solstice) in Gregorian year `year`.
int LunarMonth11Start(int year) {
  const int off = ToJdn(absl::CivilDay(year, 12, 31)) - 2415021;
  const int k = static_cast<int>(std::floor(off / kSynodicMonth));
  const int new_moon = NewMoonDay(k);
  // Sector 9 starts at 270°, the winter solstice: a month starting after it cannot be month 11.
  if (SunSector(new_moon) >= 9) return NewMoonDay(k - 1);
  return new_moon;
}

// In a 13-month span starting at month 11 (day `a11`), the position (1–13) of the leap month after it.
int LeapMonthOffset(int a11) {
  const int k = static_cast<int>(std::floor((a11 - kNewMoonEpoch) / kSynodicMonth + 0.5));
  int i = 1;
  int arc = SunSector(NewMoonDay(k + i));
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = SunSector(NewMoonDay(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

std::string FormatLunarDate(const LunarDate& date) {
  return absl::StrCat(date.day, "/", date.month, "/", date.year, date.leap ? " (nhuận)" : "");
}

absl::StatusOr<LunarDate> SolarToLunar(absl::CivilDay day) {
  if (day.year() < kLunarMinYear || day.year() > kLunarMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat("lunar conversion supports the years ", kLunarMinYear,
                                                   "–", kLunarMaxYear, ", not ", day.year()));
  }
  const int jdn = ToJdn(day);
  // The mean lunation count can be one off where the true new moon strays from the mean one (e.g. in
  // 2054): walk to the last new moon on or before the day.
  int k = static_cast<int>(std::floor((jdn - kNewMoonEpoch) / kSynodicMonth)) + 1;
  while (NewMoonDay(k) > jdn) --k;
  while (NewMoonDay(k + 1) <= jdn) ++k;
  const int month_start = NewMoonDay(k);
  const int year = static_cast<int>(day.year());
  int a11 = LunarMonth11Start(year);
  int b11 = a11;
  int lunar_year;
  if (a11 >= month_start) {
    lunar_year = year;
    a11 = LunarMonth11Start(year - 1);
  } else {
    lunar_year = year + 1;
    b11 = LunarMonth11Start(year + 1);
  }
  LunarDate result;
  result.day = jdn - month_start + 1;
  const int diff = (month_start - a11) / 29;  // whole months since month 11
  result.month = diff + 11;
  if (b11 - a11 > 365) {  // 13 months between two months 11: one of them is leap
    const int leap_offset = LeapMonthOffset(a11);
    if (diff >= leap_offset) {
      result.month = diff + 10;
      result.leap = diff == leap_offset;
    }
  }
  if (result.month > 12) result.month -= 12;
  if (result.month >= 11 && diff < 4) lunar_year -= 1;
  result.year = lunar_year;
  return result;
}

absl::StatusOr<absl::CivilDay> LunarToSolar(const LunarDate& date) {
  if (date.year < kLunarMinYear || date.year > kLunarMaxYear) {
    return absl::InvalidArgumentError(absl::StrCat("lunar conversion supports the years ", kLunarMinYear,
                                                   "–", kLunarMaxYear, ", not ", date.year));
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 30) {
    return absl::InvalidArgumentError(
        absl::StrCat("no such lunar date: ", FormatLunarDate(date)));
  }
  int a11;
  int b11;
  if (date.month < 11) {
    a11 = LunarMonth11Start(date.year - 1);
    b11 = LunarMonth11Start(date.year);
  } else {
    a11 = LunarMonth11Start(date.year);
    b11 = LunarMonth11Start(date.year + 1);
  }
  const int k = static_cast<int>(std::floor(0.5 + (a11 - kNewMoonEpoch) / kSynodicMonth));
  int offset = date.month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const int leap_offset = LeapMonthOffset(a11);
    int leap_month = leap_offset - 2;
    if (leap_month < 0) leap_month += 12;
    if (date.leap && date.month != leap_month) {
      return absl::InvalidArgumentError(
          absl::StrCat("no such lunar date: ", FormatLunarDate(date), " (month ", date.month,
                       " is not leap in that year)"));
    }
    if (date.leap || offset >= leap_offset) offset += 1;
  } else if (date.leap) {
    return absl::InvalidArgumentError(absl::StrCat("no such lunar date: ", FormatLunarDate(date),
                                                   " (that year has no leap month)"));
  }
  const int month_start = NewMoonDay(k + offset);
  if (date.day == 30 && NewMoonDay(k + offset + 1) - month_start < 30) {
    return absl::InvalidArgumentError(
        absl::StrCat("no such lunar date: ", FormatLunarDate(date), " (a 29-day month)"));
  }
  return FromJdn(month_start + date.day - 1);
}

}  // namespace tdkt::workflow::calendar
