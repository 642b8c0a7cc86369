// tdktctl: the command-line client. Each subcommand lives in its own file and library; main only
// dispatches. `calendar` works offline (no server, no gRPC).
#include <iostream>
#include <string>
#include <vector>

#include "tools/tdktctl/subcommands.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return tdkt::tdktctl::Dispatch(args, std::cout, std::cerr);
}
