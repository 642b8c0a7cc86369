#pragma once
// Tracking codes as clients type them: case-insensitive, separators ignored, Crockford's look-alikes
// (I, L → 1; O → 0) accepted. The canonical form is what NewTrackingCode (random_ids.h) issues:
// 16 Crockford base32 symbols (80 random bits) in groups of four, "7Q2M-0XKD-…".
#include <optional>
#include <string>

namespace tdkt::dossier {

// nullopt when `typed` cannot be a tracking code.
std::optional<std::string> CanonicalTrackingCode(const std::string& typed);

}  // namespace tdkt::dossier
