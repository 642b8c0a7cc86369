// The directory's format rules (request_rules.h), each on top of a kit check.
#include "services/directory/request_rules.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "base/utf8.h"

namespace tdkt::directory {
namespace {

using common::Presence;

constexpr std::string_view kValidFrom = "ngày bắt đầu hiệu lực (valid_from)";
constexpr std::string_view kValidUntil = "ngày kết thúc hiệu lực (valid_until)";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }

// Every character a letter or digit of ASCII (only lower-case letters when `lower_only`) or one of `extra`.
bool OnlyOf(std::string_view text, std::string_view extra, bool lower_only = false) {
  for (const char c : text) {
    const bool letter_or_digit = lower_only ? IsDigit(c) || IsLower(c) : IsAlnum(c);
    if (!letter_or_digit && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

absl::Status CheckId(std::string_view field, std::string_view id, Presence presence) {
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier(field, id, presence));
  if (id.empty()) return absl::OkStatus();
  int64_t value = 0;
  if (id.size() > 19 || !AllDigits(id) || !absl::SimpleAtoi(base::AsAbsl(id), &value) || value <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(base::AsAbsl(field), " không hợp lệ: phải là số nguyên dương (malformed id)"));
  }
  return absl::OkStatus();
}

absl::Status CheckCode(std::string_view field, std::string_view code) {
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier(field, code));
  if (code.size() > 64 || !OnlyOf(code, "._-")) {
    return absl::InvalidArgumentError(
        absl::StrCat(base::AsAbsl(field), " chỉ gồm 1–64 chữ cái không dấu, chữ số và . _ - (malformed code)"));
  }
  return absl::OkStatus();
}

absl::Status CheckUsername(std::string_view field, std::string_view username) {
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier(field, username));
  if (username.size() < 3 || username.size() > 64 || !OnlyOf(username, "._-", /*lower_only=*/true)) {
    return absl::InvalidArgumentError(
        absl::StrCat(base::AsAbsl(field), " chỉ gồm 3–64 chữ thường không dấu, chữ số và . _ - (malformed username)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPassword(std::string_view field, const std::string& password) {
  if (password.empty()) return absl::OkStatus();
  TDKT_RETURN_IF_ERROR(common::CheckText(field, password, {.max_chars = 128}));
  if (base::CodePointCount(password) < 10) {
    return absl::InvalidArgumentError(
        absl::StrCat(base::AsAbsl(field), " phải có ít nhất 10 ký tự (at least 10 characters)"));
  }
  return absl::OkStatus();
}

absl::Status CheckServiceAccountPassword(std::string_view field, const std::string& password) {
  TDKT_RETURN_IF_ERROR(CheckPassword(field, password));
  if (!password.empty() && base::CodePointCount(password) < kMinServicePasswordChars) {
    return absl::InvalidArgumentError(absl::StrCat(base::AsAbsl(field), " của tài khoản dịch vụ phải có ít nhất ",
                                                   kMinServicePasswordChars, " ký tự (at least ",
                                                   kMinServicePasswordChars, " characters for a service account)"));
  }
  return absl::OkStatus();
}

absl::Status CheckPeriod(std::string_view from_field, const tdkt::v1::Date& from, std::string_view until_field,
                         bool has_until, const tdkt::v1::Date& until) {
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay first, common::CheckDate(from_field, from));
  if (!has_until) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay last, common::CheckDate(until_field, until));
  if (last < first) {
    return absl::InvalidArgumentError(absl::StrCat(base::AsAbsl(until_field), " trước ngày bắt đầu (before the start)"));
  }
  return absl::OkStatus();
}

absl::Status CheckOrganization(const tdkt::v1::Organization& org) {
  TDKT_RETURN_IF_ERROR(CheckCode("mã đơn vị (code)", org.code()));
  TDKT_RETURN_IF_ERROR(
      common::CheckText("tên đơn vị (name_vi)", org.name_vi(), {.max_chars = 300, .presence = Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(common::CheckText("tên viết tắt (short_name_vi)", org.short_name_vi(), {.max_chars = 100}));
  TDKT_RETURN_IF_ERROR(common::CheckEnum("cấp (level)", org.level(), tdkt::v1::OrgLevel_IsValid));
  TDKT_RETURN_IF_ERROR(CheckId("đơn vị cấp trên (parent_id)", org.parent_id(), Presence::kOptional));
  TDKT_RETURN_IF_ERROR(CheckId("đơn vị kế thừa (successor_id)", org.successor_id(), Presence::kOptional));
  TDKT_RETURN_IF_ERROR(
      CheckPeriod(kValidFrom, org.valid_from(), kValidUntil, org.has_valid_until(), org.valid_until()));
  if (!org.successor_id().empty() && !org.has_valid_until()) {
    return absl::InvalidArgumentError(
        "đơn vị kế thừa (successor_id) chỉ đặt khi đơn vị đã kết thúc: cần ngày kết thúc hiệu lực (valid_until "
        "required)");
  }
  return absl::OkStatus();
}

absl::Status CheckPerson(const tdkt::v1::Person& person) {
  TDKT_RETURN_IF_ERROR(common::CheckText("họ và tên (full_name)", person.full_name(),
                                         {.max_chars = 200, .presence = Presence::kRequired}));
  if (!person.username().empty()) TDKT_RETURN_IF_ERROR(CheckUsername("tên đăng nhập (username)", person.username()));
  const std::string& id_number = person.id_number();
  if (!id_number.empty() && (!AllDigits(id_number) || (id_number.size() != 12 && id_number.size() != 9))) {
    return absl::InvalidArgumentError(
        "số định danh cá nhân (id_number) phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND)");
  }
  TDKT_RETURN_IF_ERROR(common::CheckText("thư điện tử (email)", person.email(), {.max_chars = 254}));
  if (!person.email().empty() && person.email().find('@') == std::string::npos) {
    return absl::InvalidArgumentError("thư điện tử (email) không hợp lệ (malformed email)");
  }
  if (!person.phone().empty() && (person.phone().size() > 16 || !OnlyOf(person.phone(), "+ .-"))) {
    return absl::InvalidArgumentError("số điện thoại (phone) không hợp lệ (malformed phone)");
  }
  return absl::OkStatus();
}

absl::Status CheckRoleAssignment(const tdkt::v1::RoleAssignment& assignment) {
  TDKT_RETURN_IF_ERROR(CheckId("người được giao (person_id)", assignment.person_id()));
  TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", assignment.org_id()));
  TDKT_RETURN_IF_ERROR(common::CheckEnum("vai trò (role)", assignment.role(), tdkt::v1::Role_IsValid));
  if (assignment.role() == tdkt::v1::ROLE_COUNCIL_MEMBER || assignment.role() == tdkt::v1::ROLE_COUNCIL_CHAIR) {
    return absl::InvalidArgumentError(
        "vai trò (role) hội đồng không giao riêng: lấy từ thành phần hội đồng (council roles come from councils)");
  }
  return CheckPeriod(kValidFrom, assignment.valid_from(), kValidUntil, assignment.has_valid_until(),
                     assignment.valid_until());
}

absl::Status CheckCouncil(const tdkt::v1::Council& council) {
  TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", council.org_id()));
  TDKT_RETURN_IF_ERROR(common::CheckText("tên hội đồng (name_vi)", council.name_vi(),
                                         {.max_chars = 300, .presence = Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(common::CheckText("quyết định thành lập (establishing_decision)",
                                         council.establishing_decision(), {.max_chars = 100}));
  TDKT_RETURN_IF_ERROR(CheckPeriod("ngày bắt đầu nhiệm kỳ (term_from)", council.term_from(),
                                   "ngày kết thúc nhiệm kỳ (term_until)", council.has_term_until(),
                                   council.term_until()));
  if (council.members().empty() || council.members_size() > 200) {
    return absl::InvalidArgumentError("thành viên (members) phải có từ 1 đến 200 người (1 to 200 members)");
  }
  std::set<std::string> seen;
  int chairs = 0;
  for (const tdkt::v1::CouncilMember& member : council.members()) {
    TDKT_RETURN_IF_ERROR(CheckId("thành viên (members.person_id)", member.person_id()));
    if (!seen.insert(member.person_id()).second) {
      return absl::InvalidArgumentError(
          "thành viên (members) có một người xuất hiện hai lần (a person is listed twice)");
    }
    TDKT_RETURN_IF_ERROR(
        common::CheckEnum("chức danh (members.position)", member.position(), tdkt::v1::CouncilPosition_IsValid));
    if (member.position() == tdkt::v1::COUNCIL_POSITION_CHAIR) ++chairs;
    TDKT_RETURN_IF_ERROR(common::CheckText("chức vụ (members.title_vi)", member.title_vi(), {.max_chars = 200}));
  }
  if (chairs != 1) {
    return absl::InvalidArgumentError("thành viên (members) phải có đúng một Chủ tịch (exactly one chair)");
  }
  return absl::OkStatus();
}

}  // namespace tdkt::directory
