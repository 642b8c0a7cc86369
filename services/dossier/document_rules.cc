#include "base/utf8.h"
#include "services/dossier/document_rules.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>

#include "workflow/text_checks.h"

namespace tdkt::dossier {
namespace {

using namespace std::string_view_literals;

struct AllowedType {
  std::string_view content_type;
  std::string_view signature;       // the content starts with it
  std::string_view alt_signature;   // or with this one (TIFF byte orders); empty = none
  std::string_view odf_mimetype;    // OpenDocument: the ZIP's first entry "mimetype" holds this
};

constexpr std::string_view kZip = "PK\x03\x04"sv;
constexpr std::string_view kOle2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv;

constexpr std::array<AllowedType, 10> kAllowed = {{
    {"application/pdf", "%PDF-"sv, ""sv, ""sv},
    {"image/jpeg", "\xFF\xD8\xFF"sv, ""sv, ""sv},
    {"image/png", "\x89PNG\r\n\x1A\n"sv, ""sv, ""sv},
    {"image/tiff", "II*\0"sv, "MM\0*"sv, ""sv},
    {"application/msword", kOle2, ""sv, ""sv},
    {"application/vnd.ms-excel", kOle2, ""sv, ""sv},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", kZip, ""sv, ""sv},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kZip, ""sv, ""sv},
    {"application/vnd.oasis.opendocument.text", kZip, ""sv, "application/vnd.oasis.opendocument.text"sv},
    {"application/vnd.oasis.opendocument.spreadsheet", kZip, ""sv,
     "application/vnd.oasis.opendocument.spreadsheet"sv},
}};

const AllowedType* Find(std::string_view content_type) {
  for (const AllowedType& t : kAllowed) {
    if (t.content_type == content_type) return &t;
  }
  return nullptr;
}

bool IsNfc(std::string_view utf8) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return false;
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const bool normalized = nfc->isNormalized(text, error);
  return U_SUCCESS(error) && normalized;
}

}  // namespace

bool IsAllowedContentType(std::string_view content_type) { return Find(content_type) != nullptr; }

bool ContentMatchesType(std::string_view content_type, std::string_view content) {
  const AllowedType* t = Find(content_type);
  if (t == nullptr) return false;
  const bool signed_ok = content.substr(0, t->signature.size()) == t->signature ||
                         (!t->alt_signature.empty() && content.substr(0, t->alt_signature.size()) == t->alt_signature);
  if (!signed_ok) return false;
  if (t->odf_mimetype.empty()) return true;
  // ZIP local file header: the name starts at offset 30, the (stored) data right after it.
  constexpr size_t kNameOffset = 30;
  constexpr std::string_view kEntry = "mimetype";
  return content.substr(kNameOffset, kEntry.size()) == kEntry &&
         content.substr(kNameOffset + kEntry.size(), t->odf_mimetype.size()) == t->odf_mimetype;
}

absl::Status CheckFileName(const std::string& name) {
  if (name.empty()) return absl::InvalidArgumentError("Thiếu tên tệp");
  if (name.size() > kMaxFileNameBytes) return absl::InvalidArgumentError("Tên tệp dài quá 255 byte");
  if (!base::IsValidUtf8(name)) return absl::InvalidArgumentError("Tên tệp không phải UTF-8 hợp lệ");
  if (name == "." || name == "..") return absl::InvalidArgumentError("Tên tệp không hợp lệ");
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || byte < 0x20 || byte == 0x7F) {
      return absl::InvalidArgumentError("Tên tệp không được chứa dấu phân cách thư mục hay ký tự điều khiển");
    }
  }
  if (!IsNfc(name)) return absl::InvalidArgumentError("Tên tệp phải ở dạng chuẩn NFC");
  return absl::OkStatus();
}

absl::Status CheckSha256Hex(const std::string& hex) {
  if (hex.size() != 64) return absl::InvalidArgumentError("SHA-256 phải gồm 64 chữ số hex viết thường");
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return absl::InvalidArgumentError("SHA-256 phải gồm 64 chữ số hex viết thường");
    }
  }
  return absl::OkStatus();
}

}  // namespace tdkt::dossier
