#pragma once
// Shared by the chain, award and plan loaders: parsing a text-format file with the line of every field
// kept, and turning the data protos' Date / OrgLevel / Role into the core's types with a clear reason when
// a value is missing or unknown.
#include <string>

#include <google/protobuf/text_format.h>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/common.pb.h"
#include "workflow/actor.h"

namespace tdkt::workflow::loader {

// The whole file, or NOT_FOUND "<path>: cannot open data file" (the wording of ParseTextProtoFile).
absl::StatusOr<std::string> ReadDataFile(const std::string& path);

// ParseTextProto (syntax errors as "<name>:<line>:<column>: <reason>"), and on success the locations of
// every field in `locations`.
absl::Status ParseTextProtoWithLocations(const std::string& text, const std::string& name,
                                         google::protobuf::Message* message,
                                         google::protobuf::TextFormat::ParseInfoTree* locations);

// 1-based line of element `index` of repeated field `field_name` of `message` (index -1 for a singular
// field), or `fallback` when the parser did not record one (e.g. the field was not written).
int LineOf(const google::protobuf::TextFormat::ParseInfoTree* locations,
           const google::protobuf::Message& message, const std::string& field_name, int index,
           int fallback);

// The nested locations of element `index` of repeated field `field_name` (nullptr if none).
const google::protobuf::TextFormat::ParseInfoTree* NestedLocations(
    const google::protobuf::TextFormat::ParseInfoTree* locations,
    const google::protobuf::Message& message, const std::string& field_name, int index);

// A real calendar day (2025-02-30 is refused rather than normalised to March). `what` names the field.
absl::StatusOr<absl::CivilDay> ToCivilDay(const tdkt::v1::Date& date, const std::string& what);

// ORG_LEVEL_UNSPECIFIED is "missing", a number outside the enum is "unknown"; both refused.
absl::StatusOr<OrgLevel> ToOrgLevel(int value, const std::string& what);

// ROLE_UNSPECIFIED maps to `if_unset`; a number outside the enum is refused.
absl::StatusOr<Role> ToRole(int value, Role if_unset, const std::string& what);

}  // namespace tdkt::workflow::loader
