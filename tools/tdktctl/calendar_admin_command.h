#pragma once
// `tdktctl calendar set-year | show-year | changes`: the working-day calendar the dossier service stores
// (CalendarService, proto/tdkt/v1/calendar.proto), online with the saved session of `tdktctl login` (or --user and
// TDKT_PASSWORD) and the global options, as the other online subcommands.
//
//   tdktctl calendar set-year data/holidays/2027.textproto --reason "Thông báo …/TB-BNV" --user quantri
//       the year's official arrangement from a file (tdkt.v1.YearArrangement in text format, as data/holidays/):
//       checked first — a refusal names FILE:LINE and the reason, and nothing is sent — then stored as the new
//       calendar version (the system administrator only). The same file again changes nothing.
//   tdktctl calendar show-year 2026 --user vp.dongtan   the stored arrangement and every day off it gives
//   tdktctl calendar changes [--year 2026] --user quantri   the audit: who changed which year, when and why
//
// Exit codes (exit_codes.h): 0 done (or nothing to change); 1 a bad file or a refused call; 2 bad usage; 3 the
// dossier service unreachable; 4 not logged in.
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

// Whether `word` is one of the online verbs above (the offline `calendar` verbs are calendar_command.h's).
bool IsCalendarAdminVerb(const std::string& word);

// `args` are the words after "calendar" (global options included), one of them a verb above.
int RunCalendarAdminCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The usage of the three verbs, for `tdktctl calendar --help`.
const char* CalendarAdminHelp();

}  // namespace tdkt::tdktctl
