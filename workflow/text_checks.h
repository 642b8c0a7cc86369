#pragma once
// Checks on free text and identifiers that reach the state machine (reasons, decision numbers, ids).
#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "workflow/reasons.h"

namespace tdkt::workflow {

// INVALID_ARGUMENT when `text` is blank (reason `when_blank`, message "Thiếu <field_vi>"), longer than
// `max_bytes` or not UTF-8 (kInvalidText).
absl::Status CheckRequiredText(std::string_view text, std::string_view field_vi, size_t max_bytes,
                               ReasonCode when_blank);

// As CheckRequiredText, but blank is accepted.
absl::Status CheckOptionalText(std::string_view text, std::string_view field_vi, size_t max_bytes);

}  // namespace tdkt::workflow
