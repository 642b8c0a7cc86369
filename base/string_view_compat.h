#pragma once
// Debian 12's abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view is its own type and
// absl::StrCat, absl::Status and absl::Cord do not accept std::string_view. Code that speaks std::string_view
// bridges at the call sites:
//
//   absl::Status status(code, base::AsAbsl(message_vi));
#include <string_view>

#include "absl/strings/string_view.h"

namespace tdkt::base {

inline absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace tdkt::base
