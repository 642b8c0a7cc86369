#pragma once
// The table of tdktctl subcommands. A new subcommand (e.g. a gRPC one) adds one row in subcommands.cc and
// its own source file/library; the calendar subcommand stays untouched.
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

struct Subcommand {
  const char* name;
  const char* summary;
  // Receives the words after the subcommand's name; returns the process exit code.
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

const std::vector<Subcommand>& Subcommands();

// Runs the subcommand named by the first word after any leading global options (--directory, --dossier, --notifier,
// --user, --data-dir, which are passed on to it); usage on `err` and exit code 2 when there is none.
int Dispatch(const std::vector<std::string>& given, std::ostream& out, std::ostream& err);

}  // namespace tdkt::tdktctl
