#include "services/directory/text_rules.h"

#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "absl/strings/str_cat.h"

namespace tdkt::directory {

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      extra = 1;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      extra = 2;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      extra = 3;
      code = byte & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) || (extra == 3 && code < 0x10000) ||
        (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool IsNfc(std::string_view utf8) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return false;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(),
                                                                               static_cast<int32_t>(utf8.size())));
  const bool normalized = nfc->isNormalized(text, error);
  return U_SUCCESS(error) && normalized;
}

absl::Status CheckText(std::string_view field, std::string_view value, TextLimits limits) {
  if (value.empty()) {
    if (!limits.required) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": bắt buộc (required)"));
  }
  if (!IsValidUtf8(value)) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": không phải UTF-8 hợp lệ (invalid UTF-8)"));
  }
  std::size_t chars = 0;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++chars;
    if (byte < 0x20 || byte == 0x7F) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": có ký tự điều khiển (control character)"));
    }
  }
  if (chars > limits.max_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": dài quá ", limits.max_chars, " ký tự (too long)"));
  }
  if (!IsNfc(value)) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": phải ở dạng chuẩn NFC (must be NFC)"));
  }
  return absl::OkStatus();
}

std::string FoldForSearch(std::string_view utf8) {
  // Built once: creating a transliterator parses its rules.
  static const icu::Transliterator* const kFold = [] {
    UErrorCode error = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createInstance(
        "NFD; [:Nonspacing Mark:] Remove; Lower; NFC", UTRANS_FORWARD, error);
    return U_SUCCESS(error) ? t : nullptr;
  }();
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (kFold != nullptr) kFold->transliterate(text);
  // Đ/đ is a letter of its own, not d with a mark: NFD leaves it alone.
  text.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0111)), icu::UnicodeString("d"));
  text.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0110)), icu::UnicodeString("d"));
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace tdkt::directory
