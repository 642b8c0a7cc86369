#include "services/dossier/tracking_code.h"

#include <cstring>

namespace tdkt::dossier {

std::optional<std::string> CanonicalTrackingCode(const std::string& typed) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  static constexpr size_t kSymbols = 16;
  if (typed.size() > 64) return std::nullopt;
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
    if (c == '\0' || std::strchr(kCrockford, c) == nullptr) return std::nullopt;
    symbols += c;
  }
  if (symbols.size() != kSymbols) return std::nullopt;
  std::string code;
  for (size_t i = 0; i < kSymbols; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += symbols[i];
  }
  return code;
}

}  // namespace tdkt::dossier
