#include "services/gateway/json_mapping.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/string_view_compat.h"
#include "base/utf8.h"

namespace tdkt::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status BadParameter(const std::string& name, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("Tham số truy vấn ", name, " không hợp lệ (query parameter ", name, ": ", why, ")"));
}

bool IsWellKnown(const Descriptor& type) { return type.file()->package() == "google.protobuf"; }

const FieldDescriptor* FieldByJsonName(const Descriptor& type, const std::string& json_name) {
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == json_name) return type.field(i);
  }
  return nullptr;
}

// The field named `json_name` in `message` or in one of its singular (non well-known) message fields; the
// message that holds it is returned in *holder (created in `message` when nested).
const FieldDescriptor* FindQueryField(Message& message, const std::string& json_name, Message** holder) {
  const Descriptor& type = *message.GetDescriptor();
  if (const FieldDescriptor* field = FieldByJsonName(type, json_name); field != nullptr) {
    *holder = &message;
    return field;
  }
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* outer = type.field(i);
    if (outer->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || outer->is_repeated() ||
        IsWellKnown(*outer->message_type())) {
      continue;
    }
    if (const FieldDescriptor* inner = FieldByJsonName(*outer->message_type(), json_name); inner != nullptr) {
      *holder = message.GetReflection()->MutableMessage(&message, outer);
      return inner;
    }
  }
  return nullptr;
}

template <typename T, typename Parse>
absl::Status ParseNumber(const std::string& name, const std::string& text, Parse parse, T* out) {
  if (!parse(text, out)) return BadParameter(name, "not a number of the field's type");
  return absl::OkStatus();
}

absl::Status SetScalar(const std::string& name, const std::string& text, const FieldDescriptor& field,
                       Message& message) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() == FieldDescriptor::TYPE_BYTES) return BadParameter(name, "bytes cannot be given in a query");
      if (!base::IsValidUtf8(text)) return BadParameter(name, "not UTF-8");
      repeated ? r.AddString(&message, &field, text) : r.SetString(&message, &field, text);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return BadParameter(name, "not a 32-bit integer");
      repeated ? r.AddInt32(&message, &field, v) : r.SetInt32(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return BadParameter(name, "not a 64-bit integer");
      repeated ? r.AddInt64(&message, &field, v) : r.SetInt64(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return BadParameter(name, "not an unsigned 32-bit integer");
      repeated ? r.AddUInt32(&message, &field, v) : r.SetUInt32(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return BadParameter(name, "not an unsigned 64-bit integer");
      repeated ? r.AddUInt64(&message, &field, v) : r.SetUInt64(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double v = 0;
      if (!absl::SimpleAtod(text, &v)) return BadParameter(name, "not a number");
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        repeated ? r.AddDouble(&message, &field, v) : r.SetDouble(&message, &field, v);
      } else {
        repeated ? r.AddFloat(&message, &field, static_cast<float>(v))
                 : r.SetFloat(&message, &field, static_cast<float>(v));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") return BadParameter(name, "must be true or false");
      repeated ? r.AddBool(&message, &field, text == "true") : r.SetBool(&message, &field, text == "true");
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = field.enum_type()->FindValueByName(text);
      if (value == nullptr) return BadParameter(name, "not a value of " + field.enum_type()->full_name());
      repeated ? r.AddEnum(&message, &field, value) : r.SetEnum(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return BadParameter(name, "a message field cannot be given in a query");
  }
  return BadParameter(name, "unsupported type");
}

bool IsSet(const Message& message, const FieldDescriptor& field) {
  const Reflection& r = *message.GetReflection();
  return field.is_repeated() ? r.FieldSize(message, &field) > 0 : r.HasField(message, &field);
}

}  // namespace

std::unique_ptr<Message> NewMessage(const Descriptor& type) {
  const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(&type);
  return std::unique_ptr<Message>(prototype->New());
}

absl::StatusOr<std::unique_ptr<Message>> ParseJsonRequest(const Descriptor& type, std::string_view body) {
  std::unique_ptr<Message> message = NewMessage(type);
  if (absl::StripAsciiWhitespace(base::AsAbsl(body)).empty()) return message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), message.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("Nội dung yêu cầu không đúng định dạng JSON của ", type.name(),
                                                   " (", std::string(status.message()), ")"));
  }
  return message;
}

std::string ToJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string FieldText(const Message& message, std::string_view path) {
  const Message* holder = &message;
  const std::vector<std::string> names = absl::StrSplit(base::AsAbsl(path), '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* field = holder->GetDescriptor()->FindFieldByName(names[i]);
    if (field == nullptr || field->is_repeated()) return "";
    const Reflection& r = *holder->GetReflection();
    if (i + 1 < names.size()) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || !r.HasField(*holder, field)) return "";
      holder = &r.GetMessage(*holder, field);
      continue;
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        return r.GetString(*holder, field);
      case FieldDescriptor::CPPTYPE_INT32:
        return absl::StrCat(r.GetInt32(*holder, field));
      case FieldDescriptor::CPPTYPE_INT64:
        return absl::StrCat(r.GetInt64(*holder, field));
      case FieldDescriptor::CPPTYPE_UINT32:
        return absl::StrCat(r.GetUInt32(*holder, field));
      case FieldDescriptor::CPPTYPE_UINT64:
        return absl::StrCat(r.GetUInt64(*holder, field));
      case FieldDescriptor::CPPTYPE_ENUM:
        return r.GetEnum(*holder, field)->name();
      case FieldDescriptor::CPPTYPE_BOOL:
        return r.GetBool(*holder, field) ? "true" : "false";
      default:
        return "";
    }
  }
  return "";
}

absl::Status SetFieldsFromQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                const std::map<std::string, std::string>& aliases, Message& message) {
  for (const auto& [given, value] : params) {
    const auto alias = aliases.find(given);
    const std::string& name = alias == aliases.end() ? given : alias->second;
    Message* holder = nullptr;
    const FieldDescriptor* field = FindQueryField(message, name, &holder);
    if (field == nullptr) return BadParameter(given, "no such field");
    if (!field->is_repeated() && IsSet(*holder, *field)) return BadParameter(given, "given twice");
    if (absl::Status status = SetScalar(given, value, *field, *holder); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status SetFieldFromHeader(const std::string& json_name, const std::string& value, bool replace,
                                Message& message) {
  Message* holder = nullptr;
  const FieldDescriptor* field = FindQueryField(message, json_name, &holder);
  if (field == nullptr) return absl::InternalError(absl::StrCat("no field ", json_name));
  if (IsSet(*holder, *field)) {
    if (!replace) return absl::OkStatus();
    holder->GetReflection()->ClearField(holder, field);
  }
  return SetScalar(json_name, value, *field, *holder);
}

}  // namespace tdkt::gateway
