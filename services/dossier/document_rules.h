#pragma once
// What UploadDocument accepts (dossier.proto Document): content types from an allow-list (PDF,
// images, office documents), checked against the content's leading bytes as well as the declared type, and
// file names that are NFC, bounded and free of path separators and control characters.
//
//   if (!IsAllowedContentType(meta.content_type())) return Invalid(...);
//   if (!ContentMatchesType(meta.content_type(), content)) return Invalid(...);
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tdkt::dossier {

inline constexpr size_t kMaxFileNameBytes = 255;

bool IsAllowedContentType(std::string_view content_type);

// Whether `content` starts with the signature of `content_type` (PDF "%PDF-", PNG, JPEG, TIFF, the OLE2
// container of .doc/.xls, the ZIP container of .docx/.xlsx, and for OpenDocument the ZIP's leading
// "mimetype" entry naming the same type).
bool ContentMatchesType(std::string_view content_type, std::string_view content);

// INVALID_ARGUMENT unless `name` is 1–255 bytes of NFC UTF-8 without '/', '\\', control characters, and is
// not "." or ".." (common::CheckText and a path rule). The message never echoes the name.
absl::Status CheckFileName(const std::string& name);

// INVALID_ARGUMENT unless `hex` is 64 lower-case hex digits.
absl::Status CheckSha256Hex(const std::string& hex);

}  // namespace tdkt::dossier
