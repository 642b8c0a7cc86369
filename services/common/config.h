#pragma once
// Flags: a service's settings, each from a command-line flag, else an environment variable, else a
// default, validated at start.
//
//   Flags flags("tdkt-directory", "Organisations, people, roles, councils and login.");
//   flags.Define({"listen", "TDKT_DIRECTORY_LISTEN", "127.0.0.1:7101", "gRPC listen address", ValidateHostPort});
//   flags.ParseOrExit(argc, argv);  // --help prints usage and exits 0; a bad value: one line, exit 2
//   std::string listen = flags.Get("listen");
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tdkt::common {

using FlagValidator = std::function<absl::Status(const std::string& value)>;

struct FlagSpec {
  std::string name;           // used as --name=value or --name value
  std::string env;            // environment variable, may be empty
  std::string default_value;
  std::string help;
  FlagValidator validate;     // may be empty
  bool secret = false;        // never echoed in errors or --help defaults
};

class Flags {
 public:
  Flags(std::string program, std::string summary);

  void Define(FlagSpec spec);

  // Parses argv then the environment (`getenv` unless `env` is given). Returns the usage text as
  // absl::Cancelled for --help, INVALID_ARGUMENT with one line naming the flag and its variable otherwise.
  absl::Status Parse(int argc, const char* const* argv,
                     const std::function<const char*(const char*)>& env = nullptr);

  // Parse, then print the usage (exit 0) or "<program>: <error>" (exit 2) when it cannot go on.
  void ParseOrExit(int argc, const char* const* argv);

  const std::string& Get(const std::string& name) const;
  int GetInt(const std::string& name) const;
  std::string Usage() const;

 private:
  std::string program_;
  std::string summary_;
  std::vector<FlagSpec> specs_;
  std::map<std::string, std::string> values_;
};

// Validators for the common kinds of setting.
absl::Status ValidateHostPort(const std::string& value);   // host:port, port 0–65535
absl::Status ValidatePositiveInt(const std::string& value);
absl::Status ValidatePostgresUrl(const std::string& value);  // postgresql://… or postgres://…
absl::Status ValidateRedisUrl(const std::string& value);     // redis://host:port
absl::Status ValidateLogFormat(const std::string& value);    // text | json
absl::Status ValidateLogLevel(const std::string& value);     // trace|debug|info|warn|error
absl::Status ValidateBool(const std::string& value);         // true | false

}  // namespace tdkt::common
