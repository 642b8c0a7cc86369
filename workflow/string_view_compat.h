#pragma once
// Debian 12's abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so absl::string_view is its own type and
// absl::StrCat, absl::Status and absl::Cord do not accept std::string_view. The workflow API speaks
// std::string_view; this bridges at the call sites.
#include <string_view>

#include "absl/strings/string_view.h"

namespace tdkt::workflow {

inline absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace tdkt::workflow
