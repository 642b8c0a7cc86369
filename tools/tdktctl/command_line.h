#pragma once
// CommandLine: the words a subcommand gets after the global options — its options ("--name VALUE",
// "--name=VALUE", switches without a value, options given several times) and its positional arguments — checked
// against what the subcommand declares, so that a typo is a usage error (exit 2) instead of being ignored.
//
//   CommandLine line({{"--reason", kValue}, {"--missing", kRepeated}, {"--force", kSwitch}});
//   if (absl::Status s = line.Parse(words); !s.ok()) … usage …
//   line.Value("--reason"); line.Values("--missing"); line.Has("--force"); line.positional();
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tdkt::tdktctl {

enum OptionKind { kValue, kRepeated, kSwitch };

struct OptionSpec {
  const char* name;  // with the dashes, e.g. "--reason"
  OptionKind kind;
};

class CommandLine {
 public:
  explicit CommandLine(std::vector<OptionSpec> specs) : specs_(std::move(specs)) {}

  // INVALID_ARGUMENT (a Vietnamese message) for an unknown option, a value missing, a value given to a switch, or
  // an option that takes one value given twice. "--" ends the options.
  absl::Status Parse(const std::vector<std::string>& words);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Value(const std::string& name) const;
  std::vector<std::string> Values(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  const OptionSpec* Find(const std::string& name) const;

  std::vector<OptionSpec> specs_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// A subcommand's verb ("timers upcoming", "calendar set-year"): the first word that is one of `verbs`, taken out of
// `words` (the words before it, global options among them, stay); nullopt when none is there.
std::optional<std::string> TakeVerb(std::vector<std::string>& words, const std::vector<std::string>& verbs);

}  // namespace tdkt::tdktctl
