// Contract checks over the tdkt.v1 API descriptors, the conventions every service follows:
//  - every mutating RPC (name not starting with Get/List/Search/Verify/Watch/Login/Refresh) takes `request_id`;
//  - every DossierService command except CreateDossier takes `expected_version`;
//  - every enum's zero value is <ENUM_NAME>_UNSPECIFIED;
//  - every RPC has its own <Rpc>Request / <Rpc>Response types, used by no other RPC.
// Each check is a function returning its violations, so that the negative tests below can show it fails on a
// deliberately broken API.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tdkt/v1/directory.pb.h"
#include "tdkt/v1/dossier.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.pb.h"
#include "tdkt/v1/scheduler.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kPackage[] = "tdkt.v1";

// Every file of package tdkt.v1 reachable from `roots` (roots included).
std::vector<const FileDescriptor*> PackageFiles(const std::vector<const FileDescriptor*>& roots) {
  std::vector<const FileDescriptor*> files;
  std::set<const FileDescriptor*> seen;
  std::vector<const FileDescriptor*> todo = roots;
  while (!todo.empty()) {
    const FileDescriptor* file = todo.back();
    todo.pop_back();
    if (!seen.insert(file).second || file->package() != kPackage) continue;
    files.push_back(file);
    for (int i = 0; i < file->dependency_count(); ++i) todo.push_back(file->dependency(i));
  }
  return files;
}

std::vector<const MethodDescriptor*> Methods(const std::vector<const FileDescriptor*>& files) {
  std::vector<const MethodDescriptor*> methods;
  for (const FileDescriptor* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) methods.push_back(service->method(m));
    }
  }
  return methods;
}

bool IsReadOnly(const MethodDescriptor* method) {
  static const char* const kPrefixes[] = {"Get", "List", "Search", "Verify", "Watch", "Login", "Refresh"};
  for (const char* prefix : kPrefixes) {
    if (method->name().rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool HasField(const Descriptor* message, const std::string& name, FieldDescriptor::Type type) {
  const FieldDescriptor* field = message->FindFieldByName(name);
  return field != nullptr && field->type() == type && !field->is_repeated();
}

std::vector<std::string> RequestIdViolations(const std::vector<const FileDescriptor*>& files) {
  std::vector<std::string> violations;
  for (const MethodDescriptor* method : Methods(files)) {
    if (IsReadOnly(method)) continue;
    if (!HasField(method->input_type(), "request_id", FieldDescriptor::TYPE_STRING)) {
      violations.push_back(method->full_name() + ": " + method->input_type()->full_name() +
                           " lacks `string request_id`");
    }
  }
  return violations;
}

std::vector<std::string> ExpectedVersionViolations(const std::vector<const FileDescriptor*>& files) {
  std::vector<std::string> violations;
  for (const MethodDescriptor* method : Methods(files)) {
    if (method->service()->name() != "DossierService" || IsReadOnly(method) ||
        method->name() == "CreateDossier") {
      continue;
    }
    if (!HasField(method->input_type(), "expected_version", FieldDescriptor::TYPE_INT64)) {
      violations.push_back(method->full_name() + ": " + method->input_type()->full_name() +
                           " lacks `int64 expected_version`");
    }
  }
  return violations;
}

// "VoteChoice" → "VOTE_CHOICE".
std::string UpperSnake(const std::string& pascal) {
  std::string out;
  for (size_t i = 0; i < pascal.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(pascal[i]);
    if (std::isupper(c) && i > 0) out += '_';
    out += static_cast<char>(std::toupper(c));
  }
  return out;
}

void CollectEnums(const Descriptor* message, std::vector<const EnumDescriptor*>* enums) {
  for (int i = 0; i < message->enum_type_count(); ++i) enums->push_back(message->enum_type(i));
  for (int i = 0; i < message->nested_type_count(); ++i) CollectEnums(message->nested_type(i), enums);
}

std::vector<std::string> EnumZeroViolations(const std::vector<const FileDescriptor*>& files) {
  std::vector<const EnumDescriptor*> enums;
  for (const FileDescriptor* file : files) {
    for (int i = 0; i < file->enum_type_count(); ++i) enums.push_back(file->enum_type(i));
    for (int i = 0; i < file->message_type_count(); ++i) CollectEnums(file->message_type(i), &enums);
  }
  std::vector<std::string> violations;
  for (const EnumDescriptor* e : enums) {
    const std::string expected = UpperSnake(e->name()) + "_UNSPECIFIED";
    const google::protobuf::EnumValueDescriptor* zero = e->FindValueByNumber(0);
    if (zero == nullptr || zero->name() != expected) {
      violations.push_back(e->full_name() + ": zero value must be " + expected + ", is " +
                           (zero == nullptr ? std::string("missing") : zero->name()));
    }
  }
  return violations;
}

std::vector<std::string> OwnTypesViolations(const std::vector<const FileDescriptor*>& files) {
  std::vector<std::string> violations;
  std::map<const Descriptor*, std::vector<std::string>> users;
  for (const MethodDescriptor* method : Methods(files)) {
    users[method->input_type()].push_back(method->full_name());
    users[method->output_type()].push_back(method->full_name());
    if (method->input_type()->name() != method->name() + "Request") {
      violations.push_back(method->full_name() + ": request type is " + method->input_type()->name() +
                           ", expected " + method->name() + "Request");
    }
    if (method->output_type()->name() != method->name() + "Response") {
      violations.push_back(method->full_name() + ": response type is " + method->output_type()->name() +
                           ", expected " + method->name() + "Response");
    }
  }
  for (const auto& [type, methods] : users) {
    if (methods.size() > 1) {
      std::string list;
      for (const std::string& m : methods) list += (list.empty() ? "" : ", ") + m;
      violations.push_back(type->full_name() + " is shared by " + list);
    }
  }
  return violations;
}

// The real API.
std::vector<const FileDescriptor*> ApiFiles() {
  return PackageFiles({
      tdkt::v1::Organization::descriptor()->file(),
      tdkt::v1::Dossier::descriptor()->file(),
      tdkt::v1::EventEnvelope::descriptor()->file(),
      tdkt::v1::Timer::descriptor()->file(),
      tdkt::v1::Notification::descriptor()->file(),
  });
}

TEST(ApiContractTest, FindsEveryServiceOfTheApi) {
  std::set<std::string> services;
  for (const MethodDescriptor* method : Methods(ApiFiles())) services.insert(method->service()->full_name());
  EXPECT_EQ(services, (std::set<std::string>{"tdkt.v1.CalendarService", "tdkt.v1.DirectoryService",
                                             "tdkt.v1.DossierService", "tdkt.v1.NotifierService",
                                             "tdkt.v1.SchedulerService"}));
}

TEST(ApiContractTest, MutatingRequestsCarryRequestId) { EXPECT_THAT(RequestIdViolations(ApiFiles()), IsEmpty()); }

TEST(ApiContractTest, DossierCommandsCarryExpectedVersion) {
  EXPECT_THAT(ExpectedVersionViolations(ApiFiles()), IsEmpty());
}

TEST(ApiContractTest, EnumZeroValuesAreUnspecified) { EXPECT_THAT(EnumZeroViolations(ApiFiles()), IsEmpty()); }

TEST(ApiContractTest, EachRpcHasItsOwnRequestAndResponse) {
  EXPECT_THAT(OwnTypesViolations(ApiFiles()), IsEmpty());
}

// ---- the checks fail on a broken API ----

// Builds `text` (a FileDescriptorProto in text format) in a private pool.
class BrokenApiTest : public ::testing::Test {
 protected:
  std::vector<const FileDescriptor*> Build(const std::string& text) {
    google::protobuf::FileDescriptorProto proto;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &proto));
    const FileDescriptor* file = pool_.BuildFile(proto);
    EXPECT_NE(file, nullptr);
    return file == nullptr ? std::vector<const FileDescriptor*>{} : PackageFiles({file});
  }

  google::protobuf::DescriptorPool pool_;
};

constexpr char kBrokenApi[] = R"pb(
  name: "tdkt/v1/broken.proto"
  package: "tdkt.v1"
  syntax: "proto3"
  message_type { name: "GetThingRequest" field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL } }
  message_type { name: "GetThingResponse" }
  message_type {
    name: "SubmitDossierRequest"
    field { name: "request_id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
  }
  message_type { name: "SubmitDossierResponse" }
  message_type {
    name: "DeleteThingRequest"
    field { name: "request_id" number: 1 type: TYPE_INT64 label: LABEL_OPTIONAL }
  }
  enum_type { name: "Colour" value { name: "COLOUR_NONE" number: 0 } value { name: "COLOUR_RED" number: 1 } }
  enum_type { name: "Shape" value { name: "UNSPECIFIED" number: 0 } }
  service {
    name: "DossierService"
    method { name: "GetThing" input_type: ".tdkt.v1.GetThingRequest" output_type: ".tdkt.v1.GetThingResponse" }
    method { name: "SubmitDossier" input_type: ".tdkt.v1.SubmitDossierRequest" output_type: ".tdkt.v1.SubmitDossierResponse" }
    method { name: "CreateDossier" input_type: ".tdkt.v1.GetThingRequest" output_type: ".tdkt.v1.GetThingResponse" }
    method { name: "DeleteThing" input_type: ".tdkt.v1.DeleteThingRequest" output_type: ".tdkt.v1.GetThingResponse" }
  }
)pb";

TEST_F(BrokenApiTest, RequestIdCheckFlagsMissingAndMistypedField) {
  const std::vector<std::string> violations = RequestIdViolations(Build(kBrokenApi));
  // CreateDossier reuses GetThingRequest (no request_id); DeleteThing has an int64 request_id.
  EXPECT_THAT(violations, ::testing::UnorderedElementsAre(::testing::HasSubstr("CreateDossier"),
                                                          ::testing::HasSubstr("DeleteThing")));
}

TEST_F(BrokenApiTest, ExpectedVersionCheckFlagsDossierCommandsButNotCreate) {
  const std::vector<std::string> violations = ExpectedVersionViolations(Build(kBrokenApi));
  EXPECT_THAT(violations, ::testing::UnorderedElementsAre(::testing::HasSubstr("SubmitDossier"),
                                                          ::testing::HasSubstr("DeleteThing")));
}

TEST_F(BrokenApiTest, EnumCheckFlagsWrongZeroNames) {
  const std::vector<std::string> violations = EnumZeroViolations(Build(kBrokenApi));
  EXPECT_THAT(violations, ::testing::UnorderedElementsAre(::testing::HasSubstr("COLOUR_UNSPECIFIED"),
                                                          ::testing::HasSubstr("SHAPE_UNSPECIFIED")));
}

TEST_F(BrokenApiTest, OwnTypesCheckFlagsSharingAndMisnamedTypes) {
  const std::vector<std::string> violations = OwnTypesViolations(Build(kBrokenApi));
  EXPECT_THAT(violations, ::testing::Contains(::testing::HasSubstr("tdkt.v1.GetThingResponse is shared by")));
  EXPECT_THAT(violations, ::testing::Contains(::testing::HasSubstr("tdkt.v1.GetThingRequest is shared by")));
  EXPECT_THAT(violations, ::testing::Contains(::testing::HasSubstr("request type is GetThingRequest, expected "
                                                                   "CreateDossierRequest")));
  EXPECT_THAT(violations, Not(::testing::Contains(::testing::HasSubstr("SubmitDossierRequest"))));
}

TEST(UpperSnakeTest, SplitsPascalCase) {
  EXPECT_EQ(UpperSnake("VoteChoice"), "VOTE_CHOICE");
  EXPECT_EQ(UpperSnake("OrgLevel"), "ORG_LEVEL");
  EXPECT_EQ(UpperSnake("Role"), "ROLE");
}

}  // namespace
