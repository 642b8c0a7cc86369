#include "workflow/calendar/holiday_rules.h"

namespace tdkt::workflow::calendar {

const char* HolidayName(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::kNewYear:
      return "Tết Dương lịch";
    case HolidayKind::kTet:
      return "Tết Nguyên đán";
    case HolidayKind::kHungKings:
      return "Giỗ Tổ Hùng Vương";
    case HolidayKind::kReunification:
      return "Ngày Chiến thắng 30/4";
    case HolidayKind::kLabourDay:
      return "Ngày Quốc tế Lao động";
    case HolidayKind::kNationalDay:
      return "Quốc khánh";
    case HolidayKind::kCultureDay:
      return "Ngày Văn hóa Việt Nam";
  }
  return "ngày lễ";
}

}  // namespace tdkt::workflow::calendar
