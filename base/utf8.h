#pragma once
// UTF-8 well-formedness, the one implementation for every library (the workflow core's text checks, the
// services' request checks, the CSV import).
//
//   if (!base::IsValidUtf8(text)) return absl::InvalidArgumentError("… không phải UTF-8 hợp lệ");
#include <cstddef>
#include <string_view>

namespace tdkt::base {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// The number of code points of well-formed UTF-8 `text` (bytes that do not continue a sequence).
size_t CodePointCount(std::string_view text);

}  // namespace tdkt::base
