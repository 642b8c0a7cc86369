#pragma once
// ParseTextProtoFile: reads one data file in protobuf text format into `message`, or fails with
// INVALID_ARGUMENT "<path>:<line>:<column>: <reason>" (NOT_FOUND when the file cannot be read).
//
//   tdkt::v1::ChainFile file;
//   absl::Status status = ParseTextProtoFile("data/chains/3-level.textproto", &file);
#include <string>

#include "absl/status/status.h"

namespace google::protobuf {
class Message;
}

namespace tdkt::workflow::loader {

absl::Status ParseTextProtoFile(const std::string& path, google::protobuf::Message* message);

// The same for text already in memory; `name` stands for the file in error messages.
absl::Status ParseTextProto(const std::string& text, const std::string& name,
                            google::protobuf::Message* message);

// DataError: INVALID_ARGUMENT "<path>:<line>: <reason>" for a value that parsed but breaks a rule.
// Pass line 0 when the problem is not at one line (e.g. overlapping validity across files).
absl::Status DataError(const std::string& path, int line, const std::string& reason);

}  // namespace tdkt::workflow::loader
