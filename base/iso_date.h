#pragma once
// Calendar dates as ISO 8601 text ("2026-03-10"): how dates travel in SQL parameters, JSON snapshots, page
// tokens and CSV files. The one formatter and parser.
//
//   std::string text = base::FormatIsoDate(absl::CivilDay(2026, 3, 10));   // "2026-03-10"
//   std::optional<absl::CivilDay> day = base::ParseIsoDate("2026-02-30");  // nullopt: not a real date
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace tdkt::base {

std::string FormatIsoDate(absl::CivilDay day);

// Exactly YYYY-MM-DD naming a real day; nullopt otherwise (no normalisation of 02-30 to 03-02).
std::optional<absl::CivilDay> ParseIsoDate(std::string_view text);

}  // namespace tdkt::base
