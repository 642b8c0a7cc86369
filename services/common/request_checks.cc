#include "services/common/request_checks.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"
#include "base/utf8.h"
#include "tdkt/v1/common.pb.h"

namespace tdkt::common {
namespace {

constexpr size_t kMaxRequestIdBytes = 128;
constexpr size_t kMaxIdentifierBytes = 128;

absl::Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(base::AsAbsl(field), " ", base::AsAbsl(what)));
}

absl::Status Missing(std::string_view field) {
  return absl::InvalidArgumentError(absl::StrCat("Thiếu ", base::AsAbsl(field)));
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

bool IsBlank(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

bool IsNfc(std::string_view utf8) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return false;
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const bool normalized = nfc->isNormalized(text, error);
  return U_SUCCESS(error) && normalized;
}

std::string ToNfc(std::string_view utf8) {
  if (!base::IsValidUtf8(utf8)) return std::string(utf8);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(utf8);
  const icu::UnicodeString normalized = nfc->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), error);
  if (U_FAILURE(error)) return std::string(utf8);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

absl::Status CheckRequestId(std::string_view value) {
  constexpr std::string_view kField = "mã yêu cầu (request_id)";
  if (value.empty()) return Missing(kField);
  if (value.size() > kMaxRequestIdBytes) return Invalid(kField, absl::StrCat("dài quá ", kMaxRequestIdBytes, " ký tự"));
  for (const char c : value) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                         c == '_' || c == ':' || c == '-';
    if (!allowed) return Invalid(kField, "chỉ được gồm chữ cái không dấu, chữ số và . _ : -");
  }
  return absl::OkStatus();
}

absl::Status CheckIdentifier(std::string_view field, std::string_view value, Presence presence) {
  if (value.empty()) return presence == Presence::kRequired ? Missing(field) : absl::OkStatus();
  if (value.size() > kMaxIdentifierBytes) return Invalid(field, absl::StrCat("dài quá ", kMaxIdentifierBytes, " byte"));
  if (!base::IsValidUtf8(value)) return Invalid(field, "không phải UTF-8 hợp lệ");
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsControl(byte)) return Invalid(field, "chứa ký tự điều khiển");
    if (byte == ' ') return Invalid(field, "không được chứa dấu cách");
  }
  if (!IsNfc(value)) return Invalid(field, "phải ở dạng chuẩn Unicode NFC");
  return absl::OkStatus();
}

absl::Status CheckText(std::string_view field, std::string_view value, TextRule rule) {
  if (IsBlank(value)) {
    if (rule.presence == Presence::kRequired) return Missing(field);
    if (value.empty()) return absl::OkStatus();
  }
  if (!base::IsValidUtf8(value)) return Invalid(field, "không phải UTF-8 hợp lệ");
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsControl(byte) && !(rule.multiline && (c == '\n' || c == '\t'))) {
      return Invalid(field, "chứa ký tự điều khiển");
    }
  }
  if (base::CodePointCount(value) > rule.max_chars) return Invalid(field, absl::StrCat("dài quá ", rule.max_chars, " ký tự"));
  if (!IsNfc(value)) return Invalid(field, "phải ở dạng chuẩn Unicode NFC");
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> CheckDate(std::string_view field, const tdkt::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return Missing(field);
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return Invalid(field, "không phải ngày hợp lệ");
  }
  return day;
}

absl::Status CheckEnum(std::string_view field, int value, bool (*is_valid)(int), Presence presence) {
  if (value == 0) return presence == Presence::kRequired ? Missing(field) : absl::OkStatus();
  if (!is_valid(value)) return Invalid(field, "có giá trị không hợp lệ");
  return absl::OkStatus();
}

absl::Status CheckExpectedVersion(int64_t expected_version, Presence presence) {
  if (expected_version > 0 || (expected_version == 0 && presence == Presence::kOptional)) return absl::OkStatus();
  return absl::InvalidArgumentError("Phiên bản (expected_version) không hợp lệ: phải là số dương");
}

}  // namespace tdkt::common
