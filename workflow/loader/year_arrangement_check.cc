#include "workflow/loader/year_arrangement_check.h"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::workflow::loader {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::TextFormat;

// 1-based line of `field` (index -1 for a singular field) in `tree`, or `fallback` when it is absent.
int LineOf(const TextFormat::ParseInfoTree* tree, const Descriptor* descriptor, const char* field, int index,
           int fallback) {
  if (tree == nullptr) return fallback;
  const int line = tree->GetLocation(descriptor->FindFieldByName(field), index).line;
  return line >= 0 ? line + 1 : fallback;
}

const TextFormat::ParseInfoTree* Nested(const TextFormat::ParseInfoTree* tree, const Descriptor* descriptor,
                                        const char* field, int index) {
  if (tree == nullptr) return nullptr;
  return tree->GetTreeForNested(descriptor->FindFieldByName(field), index);
}

std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises 31/2 into March: an impossible date does not survive the round trip.
  if (date.year() < 1 || day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

std::string Describe(const v1::Date& date) { return absl::StrCat(date.year(), "-", date.month(), "-", date.day()); }

std::optional<calendar::HolidayKind> ToKind(v1::HolidayKind kind) {
  switch (kind) {
    case v1::HOLIDAY_KIND_NEW_YEAR: return calendar::HolidayKind::kNewYear;
    case v1::HOLIDAY_KIND_TET: return calendar::HolidayKind::kTet;
    case v1::HOLIDAY_KIND_HUNG_KINGS: return calendar::HolidayKind::kHungKings;
    case v1::HOLIDAY_KIND_REUNIFICATION: return calendar::HolidayKind::kReunification;
    case v1::HOLIDAY_KIND_LABOUR_DAY: return calendar::HolidayKind::kLabourDay;
    case v1::HOLIDAY_KIND_NATIONAL_DAY: return calendar::HolidayKind::kNationalDay;
    case v1::HOLIDAY_KIND_CULTURE_DAY: return calendar::HolidayKind::kCultureDay;
    default: return std::nullopt;
  }
}

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

std::string Span(absl::CivilDay first, absl::CivilDay last) {
  return first == last ? base::FormatIsoDate(first)
                       : absl::StrCat(base::FormatIsoDate(first), "..", base::FormatIsoDate(last));
}

// Builds the refusal in the origin's form: the file's line, or the request's field.
class Refusal {
 public:
  Refusal(const ArrangementOrigin& origin, std::string subject) : origin_(origin), subject_(std::move(subject)) {}

  absl::Status operator()(const std::string& field, int line, const std::string& reason) const {
    if (!origin_.file.empty()) return DataError(origin_.file, std::max(line, 1), reason);
    return absl::InvalidArgumentError(absl::StrCat(subject_, ": ", field, ": ", reason));
  }

 private:
  const ArrangementOrigin& origin_;
  const std::string subject_;
};

// A period as checked, with where it stands, for the overlap check.
struct CheckedPeriod {
  calendar::DayOffPeriod period;
  std::string field;
  int line = 0;
};

}  // namespace

absl::StatusOr<calendar::YearArrangement> CheckYearArrangement(const v1::YearArrangement& proto,
                                                               const ArrangementOrigin& origin) {
  const TextFormat::ParseInfoTree* root = origin.locations;
  const Descriptor* file_type = v1::YearArrangement::descriptor();
  const Descriptor* period_type = v1::DayOffPeriod::descriptor();
  const Descriptor* make_up_type = v1::MakeUpWorkingDay::descriptor();
  const int year = proto.year();
  const Refusal refuse(origin, absl::StrCat("Lịch nghỉ năm ", year, " không hợp lệ"));

  if (year < calendar::WorkingDayCalendar::kFirstYear || year > calendar::WorkingDayCalendar::kLastYear) {
    return refuse("year", LineOf(root, file_type, "year", -1, 1),
                  absl::StrCat("năm phải từ ", calendar::WorkingDayCalendar::kFirstYear, " đến ",
                               calendar::WorkingDayCalendar::kLastYear, " (year ", year, " is outside the calendar)"));
  }
  const absl::CivilDay year_first(year, 1, 1);
  const absl::CivilDay year_last(year, 12, 31);
  auto outside_year = [&](const std::string& field, int line, absl::CivilDay day) {
    return refuse(field, line,
                  absl::StrCat("ngày ", base::FormatIsoDate(day), " nằm ngoài năm ", year,
                               " (date outside its year; a break across New Year is stored in each year's "
                               "arrangement)"));
  };

  calendar::YearArrangement arrangement;
  arrangement.year = year;
  arrangement.source = proto.source();
  std::vector<CheckedPeriod> periods;
  std::set<calendar::HolidayKind> named_kinds;
  for (int i = 0; i < proto.days_off_size(); ++i) {
    const v1::DayOffPeriod& period = proto.days_off(i);
    const std::string field = absl::StrCat("days_off[", i, "]");
    const TextFormat::ParseInfoTree* tree = Nested(root, file_type, "days_off", i);
    const int period_line = LineOf(root, file_type, "days_off", i, 1);
    if (!period.has_first()) {
      return refuse(field, period_line, "đợt nghỉ thiếu ngày bắt đầu `first` (a period off needs first)");
    }
    const int first_line = LineOf(tree, period_type, "first", -1, period_line);
    const std::optional<absl::CivilDay> first = ToCivilDay(period.first());
    if (!first) {
      return refuse(field + ".first", first_line,
                    absl::StrCat("không có ngày ", Describe(period.first()), " (no such date)"));
    }
    std::optional<absl::CivilDay> last = first;
    const int last_line = LineOf(tree, period_type, "last", -1, first_line);
    if (period.has_last()) {
      last = ToCivilDay(period.last());
      if (!last) {
        return refuse(field + ".last", last_line,
                      absl::StrCat("không có ngày ", Describe(period.last()), " (no such date)"));
      }
    }
    if (*last < *first) {
      return refuse(field + ".last", last_line,
                    absl::StrCat("đợt nghỉ kết thúc (", base::FormatIsoDate(*last), ") trước khi bắt đầu (",
                                 base::FormatIsoDate(*first), ") (period ends before it starts)"));
    }
    if (*first < year_first || *first > year_last) return outside_year(field + ".first", first_line, *first);
    if (*last > year_last) return outside_year(field + ".last", last_line, *last);
    if (absl::StripAsciiWhitespace(period.note()).empty()) {
      return refuse(field + ".note", period_line,
                    absl::StrCat("đợt nghỉ ", Span(*first, *last),
                                 " chưa có tên `note`, lý do hiện cho các ngày nghỉ (a period needs a name)"));
    }
    CheckedPeriod checked{{.holidays = {}, .first = *first, .last = *last, .note = period.note()}, field, period_line};
    for (int k = 0; k < period.holidays_size(); ++k) {
      const int kind_line = LineOf(tree, period_type, "holidays", k, period_line);
      const std::string kind_field = absl::StrCat(field, ".holidays[", k, "]");
      const std::optional<calendar::HolidayKind> kind = ToKind(period.holidays(k));
      if (!kind) return refuse(kind_field, kind_line, "chưa chọn loại ngày lễ (holiday kind must be set)");
      if (!named_kinds.insert(*kind).second) {
        return refuse(kind_field, kind_line,
                      absl::StrCat(calendar::HolidayName(*kind), " được nêu ở hai đợt nghỉ (named by two periods)"));
      }
      checked.period.holidays.push_back(*kind);
    }
    periods.push_back(std::move(checked));
  }

  // Overlaps: in date order, a period must start after the end of every one before it.
  std::vector<const CheckedPeriod*> by_date;
  for (const CheckedPeriod& p : periods) by_date.push_back(&p);
  std::stable_sort(by_date.begin(), by_date.end(), [](const CheckedPeriod* a, const CheckedPeriod* b) {
    return a->period.first < b->period.first;
  });
  for (size_t i = 1; i < by_date.size(); ++i) {
    const CheckedPeriod& earlier = *by_date[i - 1];
    const CheckedPeriod& later = *by_date[i];
    if (later.period.first <= earlier.period.last) {
      // Name the one written further down, so that the line points at the second of the two.
      const bool later_written_after = later.line >= earlier.line;
      const CheckedPeriod& at = later_written_after ? later : earlier;
      const CheckedPeriod& other = later_written_after ? earlier : later;
      return refuse(at.field, at.line,
                    absl::StrCat("đợt nghỉ «", at.period.note, "» ", Span(at.period.first, at.period.last),
                                 " trùng với đợt «", other.period.note, "» ", Span(other.period.first, other.period.last),
                                 " (overlapping periods)"));
    }
  }
  for (CheckedPeriod& p : periods) arrangement.days_off.push_back(std::move(p.period));

  std::set<absl::CivilDay> make_up_days;
  for (int i = 0; i < proto.make_up_working_days_size(); ++i) {
    const v1::MakeUpWorkingDay& make_up = proto.make_up_working_days(i);
    const std::string field = absl::StrCat("make_up_working_days[", i, "].date");
    const int entry_line = LineOf(root, file_type, "make_up_working_days", i, 1);
    const int line =
        LineOf(Nested(root, file_type, "make_up_working_days", i), make_up_type, "date", -1, entry_line);
    const std::optional<absl::CivilDay> day = ToCivilDay(make_up.date());
    if (!day) return refuse(field, line, absl::StrCat("không có ngày ", Describe(make_up.date()), " (no such date)"));
    if (*day < year_first || *day > year_last) return outside_year(field, line, *day);
    if (!IsWeekend(*day)) {
      return refuse(field, line,
                    absl::StrCat("ngày làm bù ", base::FormatIsoDate(*day),
                                 " không phải thứ Bảy hay Chủ nhật (make-up working day is not a Saturday or Sunday)"));
    }
    for (const calendar::DayOffPeriod& period : arrangement.days_off) {
      if (*day >= period.first && *day <= period.last) {
        return refuse(field, line,
                      absl::StrCat("ngày làm bù ", base::FormatIsoDate(*day), " nằm trong đợt nghỉ «", period.note,
                                   "» (make-up working day inside a period off)"));
      }
    }
    if (!make_up_days.insert(*day).second) {
      return refuse(field, line,
                    absl::StrCat("ngày làm bù ", base::FormatIsoDate(*day),
                                 " được nêu hai lần (make-up working day listed twice)"));
    }
    arrangement.make_up_working_days.push_back(*day);
  }
  return arrangement;
}

absl::StatusOr<std::vector<calendar::OptionalHoliday>> CheckOptionalHolidays(const v1::OptionalHolidays& proto,
                                                                             const ArrangementOrigin& origin) {
  const TextFormat::ParseInfoTree* root = origin.locations;
  const Descriptor* file_type = v1::OptionalHolidays::descriptor();
  const Descriptor* holiday_type = v1::OptionalHoliday::descriptor();
  const Refusal refuse(origin, "Ngày lễ tùy chọn không hợp lệ");
  std::vector<calendar::OptionalHoliday> holidays;
  for (int i = 0; i < proto.holidays_size(); ++i) {
    const v1::OptionalHoliday& holiday = proto.holidays(i);
    const std::string field = absl::StrCat("holidays[", i, "]");
    const int entry_line = LineOf(root, file_type, "holidays", i, 1);
    const TextFormat::ParseInfoTree* tree = Nested(root, file_type, "holidays", i);
    const std::optional<calendar::HolidayKind> kind = ToKind(holiday.kind());
    if (!kind) {
      return refuse(field + ".kind", LineOf(tree, holiday_type, "kind", -1, entry_line),
                    "chưa chọn loại ngày lễ (holiday kind must be set)");
    }
    // A non-leap year: a fixed holiday on 29/2 would vanish three years out of four.
    v1::Date probe;
    probe.set_year(2001);
    probe.set_month(holiday.month());
    probe.set_day(holiday.day());
    if (!ToCivilDay(probe)) {
      return refuse(field + ".day", LineOf(tree, holiday_type, "day", -1, entry_line),
                    absl::StrCat("không có ngày ", holiday.day(), "/", holiday.month(),
                                 " trong mọi năm (no such day of the year: ", holiday.day(), "/", holiday.month(),
                                 ")"));
    }
    // A holiday announced as policy but not yet in law has no first year; switching it on needs one.
    if (holiday.enabled() && holiday.first_year() < 1) {
      return refuse(field + ".enabled", LineOf(tree, holiday_type, "enabled", -1, entry_line),
                    "ngày lễ được bật cần năm áp dụng đầu tiên first_year (an enabled holiday needs first_year)");
    }
    if (holiday.first_year() < 0) {
      return refuse(field + ".first_year", LineOf(tree, holiday_type, "first_year", -1, entry_line),
                    "first_year không được âm (first_year must not be negative)");
    }
    holidays.push_back({.kind = *kind,
                        .month = holiday.month(),
                        .day = holiday.day(),
                        .first_year = holiday.first_year(),
                        .enabled = holiday.enabled()});
  }
  return holidays;
}

}  // namespace tdkt::workflow::loader
