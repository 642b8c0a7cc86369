#include "workflow/loader/text_proto_file.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"

namespace tdkt::workflow::loader {
namespace {

// Keeps the first error only: later ones are usually consequences of it.
class FirstErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!has_error_) {
      has_error_ = true;
      line_ = line + 1;  // the parser counts from 0
      column_ = column + 1;
      message_ = message;
    }
  }
  bool has_error() const { return has_error_; }
  std::string Describe(const std::string& name) const {
    return absl::StrCat(name, ":", line_, ":", column_, ": ", message_);
  }

 private:
  bool has_error_ = false;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

}  // namespace

absl::Status ParseTextProto(const std::string& text, const std::string& name,
                            google::protobuf::Message* message) {
  FirstErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, message)) {
    return absl::InvalidArgumentError(errors.has_error() ? errors.Describe(name)
                                                         : absl::StrCat(name, ": cannot parse"));
  }
  return absl::OkStatus();
}

absl::Status ParseTextProtoFile(const std::string& path, google::protobuf::Message* message) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open data file"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseTextProto(text.str(), path, message);
}

absl::Status DataError(const std::string& path, int line, const std::string& reason) {
  return absl::InvalidArgumentError(line > 0 ? absl::StrCat(path, ":", line, ": ", reason)
                                             : absl::StrCat(path, ": ", reason));
}

}  // namespace tdkt::workflow::loader
