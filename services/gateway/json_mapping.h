#pragma once
// The protobuf JSON mapping the HTTP API speaks, for any message of the generated pool: request bodies and
// query strings in, response messages out. No code here knows a particular message.
//
//   auto request = ParseJsonRequest(*method->input_type(), body);   // INVALID_ARGUMENT → 400
//   std::string json = ToJson(*response);
//
// JSON: lowerCamelCase names, enums by name, int64 as strings, Timestamps in RFC 3339; unknown fields are an
// error; default values are not written (absent = default). Query strings: each parameter names a field by
// its lowerCamelCase name — of the message, or of one of its singular message fields (the metadata of an
// upload's first message) — and holds its value as text (a scalar or an enum name; a repeated field takes the
// parameter once per value).
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace google::protobuf {
class Descriptor;
class Message;
}  // namespace google::protobuf

namespace tdkt::gateway {

// A new, empty message of `type` from the generated pool.
std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor& type);

// `body` as a `type` message; an empty (or all-blank) body is the empty message. INVALID_ARGUMENT with a
// Vietnamese message (and the parser's detail in parentheses) for malformed JSON, a wrong type or an unknown
// field.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseJsonRequest(const google::protobuf::Descriptor& type,
                                                                           std::string_view body);

// The message in the JSON mapping, on one line.
std::string ToJson(const google::protobuf::Message& message);

// The message's field at `path` ("document.content_type": field names, nested through singular message
// fields) as text: a string's value, a number's or enum name; empty when unset or absent.
std::string FieldText(const google::protobuf::Message& message, std::string_view path);

// Sets the fields the query parameters name (aliases rename a parameter first). INVALID_ARGUMENT for an
// unknown parameter, a value of the wrong type, or a field that cannot be given in a query (a message or bytes
// field).
absl::Status SetFieldsFromQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                const std::map<std::string, std::string>& aliases, google::protobuf::Message& message);

// Sets one field by its lowerCamelCase name as SetFieldsFromQuery does, from a header (Last-Event-ID,
// Content-Length): over a value the query gave when `replace`, else only when the query did not set it.
absl::Status SetFieldFromHeader(const std::string& json_name, const std::string& value, bool replace,
                                google::protobuf::Message& message);

}  // namespace tdkt::gateway
