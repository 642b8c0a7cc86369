#include "services/directory/request_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/directory/text_rules.h"
#include "base/status_macros.h"

namespace tdkt::directory {
namespace {

absl::Status Invalid(const std::string& field, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", reason));
}

bool AllOf(const std::string& text, const char* extra) {
  for (const char c : text) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string(extra).find(c) == std::string::npos) return false;
  }
  return true;
}

bool Digits(const std::string& text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.empty() || request_id.size() > 128 || !AllOf(request_id, "._:-")) {
    return Invalid("request_id", "bắt buộc, 1–128 ký tự [A-Za-z0-9._:-] (required idempotency key)");
  }
  return absl::OkStatus();
}

absl::Status CheckId(const std::string& field, const std::string& id, bool required) {
  if (id.empty()) return required ? Invalid(field, "bắt buộc (required)") : absl::OkStatus();
  long long value = 0;
  if (id.size() > 19 || !Digits(id) || !absl::SimpleAtoi(id, &value) || value <= 0) {
    return Invalid(field, "mã định danh không hợp lệ (malformed id)");
  }
  return absl::OkStatus();
}

absl::Status CheckCode(const std::string& field, const std::string& code) {
  if (code.empty() || code.size() > 64 || !AllOf(code, "._-")) {
    return Invalid(field, "1–64 ký tự [A-Za-z0-9._-] (malformed code)");
  }
  return absl::OkStatus();
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<std::string> DateText(const std::string& field, const tdkt::v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return Invalid(field, "ngày không hợp lệ (invalid date)");
  }
  return FormatDay(day);
}

absl::StatusOr<absl::CivilDay> ParseDate(const std::string& field, const std::string& text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return Invalid(field, "ngày phải có dạng YYYY-MM-DD (date must be YYYY-MM-DD)");
  }
  tdkt::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  TDKT_RETURN_IF_ERROR(DateText(field, date).status());
  return absl::CivilDay(year, month, day);
}

absl::Status CheckRange(const std::string& field, const tdkt::v1::Date& from, bool has_until,
                        const tdkt::v1::Date& until) {
  TDKT_ASSIGN_OR_RETURN(const std::string from_text, DateText(field + "_from", from));
  if (!has_until) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(const std::string until_text, DateText(field + "_until", until));
  if (until_text < from_text) return Invalid(field + "_until", "trước ngày bắt đầu (before the start)");
  return absl::OkStatus();
}

absl::Status CheckOrganization(const tdkt::v1::Organization& org) {
  TDKT_RETURN_IF_ERROR(CheckCode("code", org.code()));
  TDKT_RETURN_IF_ERROR(CheckText("name_vi", org.name_vi(), {.max_chars = 300}));
  TDKT_RETURN_IF_ERROR(CheckText("short_name_vi", org.short_name_vi(), {.max_chars = 100, .required = false}));
  if (!tdkt::v1::OrgLevel_IsValid(org.level()) || org.level() == tdkt::v1::ORG_LEVEL_UNSPECIFIED) {
    return Invalid("level", "cấp không hợp lệ (unknown OrgLevel)");
  }
  TDKT_RETURN_IF_ERROR(CheckId("parent_id", org.parent_id(), false));
  TDKT_RETURN_IF_ERROR(CheckId("successor_id", org.successor_id(), false));
  if (!org.has_valid_from()) return Invalid("valid_from", "bắt buộc (required)");
  TDKT_RETURN_IF_ERROR(CheckRange("valid", org.valid_from(), org.has_valid_until(), org.valid_until()));
  if (!org.successor_id().empty() && !org.has_valid_until()) {
    return Invalid("successor_id", "chỉ đặt khi đơn vị đã kết thúc (valid_until required with a successor)");
  }
  return absl::OkStatus();
}

absl::Status CheckPerson(const tdkt::v1::Person& person) {
  TDKT_RETURN_IF_ERROR(CheckText("full_name", person.full_name(), {.max_chars = 200}));
  if (!person.username().empty() &&
      (person.username().size() < 3 || person.username().size() > 64 || !AllOf(person.username(), "._-") ||
       person.username() != absl::AsciiStrToLower(person.username()))) {
    return Invalid("username", "3–64 ký tự [a-z0-9._-] (malformed username)");
  }
  const std::string& id_number = person.id_number();
  if (!id_number.empty() && (!Digits(id_number) || (id_number.size() != 12 && id_number.size() != 9))) {
    return Invalid("id_number", "số CCCD gồm 12 chữ số (or a 9-digit CMND)");
  }
  TDKT_RETURN_IF_ERROR(CheckText("email", person.email(), {.max_chars = 254, .required = false}));
  if (!person.email().empty() && person.email().find('@') == std::string::npos) {
    return Invalid("email", "địa chỉ email không hợp lệ (malformed email)");
  }
  if (!person.phone().empty() && (person.phone().size() > 16 || !AllOf(person.phone(), "+ .-"))) {
    return Invalid("phone", "số điện thoại không hợp lệ (malformed phone)");
  }
  return absl::OkStatus();
}

absl::Status CheckRoleAssignment(const tdkt::v1::RoleAssignment& assignment) {
  TDKT_RETURN_IF_ERROR(CheckId("person_id", assignment.person_id()));
  TDKT_RETURN_IF_ERROR(CheckId("org_id", assignment.org_id()));
  switch (assignment.role()) {
    case tdkt::v1::ROLE_SUBMITTER:
    case tdkt::v1::ROLE_APPRAISER:
    case tdkt::v1::ROLE_DECIDER:
    case tdkt::v1::ROLE_ADMIN:
      break;
    case tdkt::v1::ROLE_COUNCIL_MEMBER:
    case tdkt::v1::ROLE_COUNCIL_CHAIR:
      return Invalid("role", "vai trò hội đồng lấy từ danh sách hội đồng (council roles come from councils)");
    default:
      return Invalid("role", "vai trò không hợp lệ (unknown Role)");
  }
  if (!assignment.has_valid_from()) return Invalid("valid_from", "bắt buộc (required)");
  return CheckRange("valid", assignment.valid_from(), assignment.has_valid_until(), assignment.valid_until());
}

absl::Status CheckCouncil(const tdkt::v1::Council& council) {
  TDKT_RETURN_IF_ERROR(CheckId("org_id", council.org_id()));
  TDKT_RETURN_IF_ERROR(CheckText("name_vi", council.name_vi(), {.max_chars = 300}));
  TDKT_RETURN_IF_ERROR(
      CheckText("establishing_decision", council.establishing_decision(), {.max_chars = 100, .required = false}));
  if (!council.has_term_from()) return Invalid("term_from", "bắt buộc (required)");
  TDKT_RETURN_IF_ERROR(CheckRange("term", council.term_from(), council.has_term_until(), council.term_until()));
  if (council.members().empty() || council.members_size() > 200) {
    return Invalid("members", "1–200 thành viên (1 to 200 members)");
  }
  std::set<std::string> seen;
  int chairs = 0;
  for (const tdkt::v1::CouncilMember& member : council.members()) {
    TDKT_RETURN_IF_ERROR(CheckId("members.person_id", member.person_id()));
    if (!seen.insert(member.person_id()).second) {
      return Invalid("members", "một người xuất hiện hai lần (a person is listed twice)");
    }
    if (!tdkt::v1::CouncilPosition_IsValid(member.position()) ||
        member.position() == tdkt::v1::COUNCIL_POSITION_UNSPECIFIED) {
      return Invalid("members.position", "chức danh không hợp lệ (unknown CouncilPosition)");
    }
    if (member.position() == tdkt::v1::COUNCIL_POSITION_CHAIR) ++chairs;
    TDKT_RETURN_IF_ERROR(CheckText("members.title_vi", member.title_vi(), {.max_chars = 200, .required = false}));
  }
  if (chairs != 1) return Invalid("members", "phải có đúng một Chủ tịch (exactly one chair)");
  return absl::OkStatus();
}

absl::Status CheckPassword(const std::string& field, const std::string& password) {
  if (password.empty()) return absl::OkStatus();
  TDKT_RETURN_IF_ERROR(CheckText(field, password, {.max_chars = 128}));
  std::size_t chars = 0;
  for (const char c : password) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < 10) return Invalid(field, "tối thiểu 10 ký tự (at least 10 characters)");
  return absl::OkStatus();
}

}  // namespace tdkt::directory
