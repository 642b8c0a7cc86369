#pragma once
// The table of tdktctl subcommands. A new subcommand adds one row (name, one-line summary, its --help text and
// the function that runs it) and its own source file; the calendar subcommand stays untouched.
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

struct Subcommand {
  const char* name;
  const char* summary;
  // What `tdktctl <name> --help` prints: the usage line and the options.
  const char* help;
  // Receives the words after the subcommand's name; returns the process exit code (exit_codes.h).
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

const std::vector<Subcommand>& Subcommands();

// Runs the subcommand named by the first word after any leading global options (--directory, --dossier,
// --notifier, --user, --data-dir, --output, which are passed on to it). `tdktctl --help` (or no subcommand: on
// `err`, exit 2) lists the subcommands, the global options and the exit codes; `tdktctl <name> --help` (or -h)
// prints the subcommand's help on `out` and exits 0 without running it.
int Dispatch(const std::vector<std::string>& given, std::ostream& out, std::ostream& err);

}  // namespace tdkt::tdktctl
