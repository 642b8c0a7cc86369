#include "services/directory/fold_for_search.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace tdkt::directory {

std::string FoldForSearch(std::string_view utf8) {
  // Built once: creating a transliterator parses its rules.
  static const icu::Transliterator* const kFold = [] {
    UErrorCode error = U_ZERO_ERROR;
    icu::Transliterator* t =
        icu::Transliterator::createInstance("NFD; [:Nonspacing Mark:] Remove; Lower; NFC", UTRANS_FORWARD, error);
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
