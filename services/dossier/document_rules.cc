#include "services/dossier/document_rules.h"

#include <array>

#include "base/status_macros.h"
#include "services/common/request_checks.h"

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
  TDKT_RETURN_IF_ERROR(common::CheckText("tên tệp (file_name)", name,
                                         {.max_chars = kMaxFileNameBytes, .presence = common::Presence::kRequired}));
  if (name.size() > kMaxFileNameBytes) return absl::InvalidArgumentError("Tên tệp (file_name) dài quá 255 byte");
  if (name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos) {
    return absl::InvalidArgumentError("Tên tệp (file_name) không được là . hay .. hay chứa dấu phân cách thư mục");
  }
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
