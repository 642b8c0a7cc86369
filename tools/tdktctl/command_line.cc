#include "tools/tdktctl/command_line.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace tdkt::tdktctl {

const OptionSpec* CommandLine::Find(const std::string& name) const {
  for (const OptionSpec& spec : specs_) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

absl::Status CommandLine::Parse(const std::vector<std::string>& words) {
  bool options_ended = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (options_ended || word.size() < 2 || word.rfind("--", 0) != 0) {
      positional_.push_back(word);
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    const size_t equals = word.find('=');
    const std::string name = word.substr(0, equals);
    const OptionSpec* spec = Find(name);
    if (spec == nullptr) return absl::InvalidArgumentError(absl::StrCat("tham số không rõ \"", name, "\""));
    if (spec->kind == kSwitch) {
      if (equals != std::string::npos) return absl::InvalidArgumentError(absl::StrCat(name, " không nhận giá trị"));
      values_[name].push_back("");
      continue;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = word.substr(equals + 1);
    } else if (i + 1 < words.size()) {
      value = words[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " cần một giá trị"));
    }
    if (spec->kind == kValue && Has(name)) {
      return absl::InvalidArgumentError(absl::StrCat(name, " chỉ được cho một lần"));
    }
    values_[name].push_back(value);
  }
  return absl::OkStatus();
}

std::optional<std::string> CommandLine::Value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

std::vector<std::string> CommandLine::Values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

std::optional<std::string> TakeVerb(std::vector<std::string>& words, const std::vector<std::string>& verbs) {
  const auto verb = std::find_first_of(words.begin(), words.end(), verbs.begin(), verbs.end());
  if (verb == words.end()) return std::nullopt;
  std::string taken = *verb;
  words.erase(verb);
  return taken;
}

}  // namespace tdkt::tdktctl
