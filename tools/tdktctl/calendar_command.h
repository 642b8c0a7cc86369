#pragma once
// `tdktctl calendar …`: the working-day calendar offline, from the holiday data files (no server, no gRPC). The
// stored calendar the services count with (set-year, show-year, changes) is calendar_admin_command.h's.
//
//   tdktctl calendar lunar 2026-02-17                          → 1/1/2026
//   tdktctl calendar is-working-day 2025-04-26                 → yes
//   tdktctl calendar add-working-days 2026-02-13 1             → 2026-02-23
//   tdktctl calendar working-days-between 2026-02-13 2026-02-23 → 1
//   [--data-dir DIR]  the data/ directory (its holidays/ subfolder is read); default $TDKT_DATA_DIR, else the
//                     source tree's data/ (TDKT_SOURCE_DATA_DIR, fixed at compile time)
//
// Exit codes: 0 done; 1 the holiday data cannot be loaded; 2 bad usage (unknown subcommand, wrong number of
// arguments, malformed or out-of-range date or number).
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

// `args` are the words after "calendar". Writes the answer line to `out`, one error line to `err`.
int RunCalendarCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tdkt::tdktctl
