#include "services/common/config.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::common {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, const std::string& name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

absl::Status Invalid(const FlagSpec& spec, const std::string& value, const absl::Status& why) {
  std::string source = absl::StrCat("--", spec.name);
  if (!spec.env.empty()) absl::StrAppend(&source, " / ", spec.env);
  return absl::InvalidArgumentError(absl::StrCat("invalid value ", spec.secret ? "(hidden)" : "'" + value + "'",
                                                 " for ", source, ": ", why.message()));
}

}  // namespace

Flags::Flags(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {
  Define({"help", "", "", "print this help and exit", nullptr});
}

void Flags::Define(FlagSpec spec) {
  values_[spec.name] = spec.default_value;
  specs_.push_back(std::move(spec));
}

absl::Status Flags::Parse(int argc, const char* const* argv,
                          const std::function<const char*(const char*)>& env) {
  std::map<std::string, std::string> from_args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg, "' (see --help)"));
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "help") return absl::CancelledError(Usage());
    const FlagSpec* spec = FindSpec(specs_, name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag '--", name, "' (see --help)"));
    }
    if (!has_value) {
      if (i + 1 >= argc) return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      value = argv[++i];
    }
    from_args[name] = value;
  }
  for (const auto& spec : specs_) {
    if (spec.name == "help") continue;
    std::string value = spec.default_value;
    const char* from_env = nullptr;
    if (!spec.env.empty()) from_env = env ? env(spec.env.c_str()) : std::getenv(spec.env.c_str());
    if (from_env != nullptr) value = from_env;
    if (auto it = from_args.find(spec.name); it != from_args.end()) value = it->second;
    if (spec.validate) {
      if (absl::Status status = spec.validate(value); !status.ok()) return Invalid(spec, value, status);
    }
    values_[spec.name] = value;
  }
  return absl::OkStatus();
}

void Flags::ParseOrExit(int argc, const char* const* argv) {
  absl::Status status = Parse(argc, argv);
  if (status.ok()) return;
  if (absl::IsCancelled(status)) {
    std::fputs(std::string(status.message()).c_str(), stdout);
    std::exit(0);
  }
  std::fprintf(stderr, "%s: %s\n", program_.c_str(), std::string(status.message()).c_str());
  std::exit(2);
}

const std::string& Flags::Get(const std::string& name) const { return values_.at(name); }

int Flags::GetInt(const std::string& name) const {
  int value = 0;
  (void)absl::SimpleAtoi(Get(name), &value);  // validated at parse time
  return value;
}

std::string Flags::Usage() const {
  std::string out = absl::StrCat("Usage: ", program_, " [flags]\n", summary_, "\n\nFlags (a flag wins over its environment variable):\n");
  for (const auto& spec : specs_) {
    absl::StrAppend(&out, "  --", spec.name);
    if (!spec.env.empty()) absl::StrAppend(&out, " (", spec.env, ")");
    absl::StrAppend(&out, "\n      ", spec.help);
    if (!spec.default_value.empty() && !spec.secret) absl::StrAppend(&out, " [default: ", spec.default_value, "]");
    absl::StrAppend(&out, "\n");
  }
  return out;
}

absl::Status ValidateHostPort(const std::string& value) {
  auto colon = value.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 || !absl::SimpleAtoi(value.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError("expected host:port with a port from 0 to 65535");
  }
  return absl::OkStatus();
}

absl::Status ValidatePositiveInt(const std::string& value) {
  int n = 0;
  if (!absl::SimpleAtoi(value, &n) || n <= 0) return absl::InvalidArgumentError("expected a positive integer");
  return absl::OkStatus();
}

absl::Status ValidatePostgresUrl(const std::string& value) {
  if (!absl::StartsWith(value, "postgresql://") && !absl::StartsWith(value, "postgres://")) {
    return absl::InvalidArgumentError("expected a URL like postgresql://user@127.0.0.1:5432/tdkt");
  }
  return absl::OkStatus();
}

absl::Status ValidateRedisUrl(const std::string& value) {
  if (!absl::StartsWith(value, "redis://")) {
    return absl::InvalidArgumentError("expected a URL like redis://127.0.0.1:6379");
  }
  return ValidateHostPort(value.substr(8));
}

absl::Status ValidateBool(const std::string& value) {
  if (value == "true" || value == "false") return absl::OkStatus();
  return absl::InvalidArgumentError("must be true or false");
}

absl::Status ValidateLogFormat(const std::string& value) {
  if (value != "text" && value != "json") return absl::InvalidArgumentError("expected 'text' or 'json'");
  return absl::OkStatus();
}

absl::Status ValidateLogLevel(const std::string& value) {
  for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
    if (value == level) return absl::OkStatus();
  }
  return absl::InvalidArgumentError("expected one of trace, debug, info, warn, error");
}

}  // namespace tdkt::common
