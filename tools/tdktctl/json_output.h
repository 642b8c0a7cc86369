#pragma once
// `--output json`: a response as the protobuf JSON mapping (lowerCamelCase names, enums by name, int64 as strings,
// Timestamps in RFC 3339; fields at their default left out), one document per line on stdout — the same mapping
// the gateway's HTTP API uses, so that a script reads both alike.
#include <ostream>

#include <google/protobuf/message.h>

namespace tdkt::tdktctl {

void PrintJson(const google::protobuf::Message& message, std::ostream& out);

}  // namespace tdkt::tdktctl
