#include "tools/tdktctl/json_output.h"

#include <string>

#include <google/protobuf/util/json_util.h>

namespace tdkt::tdktctl {

void PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json = "{}";
  out << json << "\n";
}

}  // namespace tdkt::tdktctl
