#include "workflow/loader/catalog_conversions.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::workflow::loader {

using google::protobuf::TextFormat;

absl::StatusOr<std::string> ReadDataFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open data file"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status ParseTextProtoWithLocations(const std::string& text, const std::string& name,
                                         google::protobuf::Message* message,
                                         TextFormat::ParseInfoTree* locations) {
  // The shared parser reports syntax errors with file:line:column; the second pass only records where
  // each field is, for the rule errors found after parsing (the files are small).
  if (absl::Status status = ParseTextProto(text, name, message); !status.ok()) return status;
  message->Clear();
  TextFormat::Parser parser;
  parser.WriteLocationsTo(locations);
  if (!parser.ParseFromString(text, message)) {
    return absl::InternalError(absl::StrCat(name, ": second parse failed"));
  }
  return absl::OkStatus();
}

int LineOf(const TextFormat::ParseInfoTree* locations, const google::protobuf::Message& message,
           const std::string& field_name, int index, int fallback) {
  if (locations == nullptr) return fallback;
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
  if (field == nullptr) return fallback;
  const TextFormat::ParseLocation location = locations->GetLocation(field, index);
  return location.line >= 0 ? location.line + 1 : fallback;
}

const TextFormat::ParseInfoTree* NestedLocations(const TextFormat::ParseInfoTree* locations,
                                                 const google::protobuf::Message& message,
                                                 const std::string& field_name, int index) {
  if (locations == nullptr) return nullptr;
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
  if (field == nullptr) return nullptr;
  return locations->GetTreeForNested(field, index);
}

absl::StatusOr<absl::CivilDay> ToCivilDay(const tdkt::v1::Date& date, const std::string& what) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " không phải ngày hợp lệ: ", date.year(), "-",
                                                   date.month(), "-", date.day()));
  }
  return day;
}

absl::StatusOr<OrgLevel> ToOrgLevel(int value, const std::string& what) {
  switch (value) {
    case tdkt::v1::ORG_LEVEL_UNIT:
      return OrgLevel::kUnit;
    case tdkt::v1::ORG_LEVEL_COMMUNE:
      return OrgLevel::kCommune;
    case tdkt::v1::ORG_LEVEL_DISTRICT:
      return OrgLevel::kDistrict;
    case tdkt::v1::ORG_LEVEL_PROVINCE:
      return OrgLevel::kProvince;
    case tdkt::v1::ORG_LEVEL_CENTRAL:
      return OrgLevel::kCentral;
    case tdkt::v1::ORG_LEVEL_UNSPECIFIED:
      return absl::InvalidArgumentError(absl::StrCat("thiếu ", what));
    default:
      return absl::InvalidArgumentError(absl::StrCat(what, " không xác định: ", value));
  }
}

absl::StatusOr<Role> ToRole(int value, Role if_unset, const std::string& what) {
  switch (value) {
    case tdkt::v1::ROLE_UNSPECIFIED:
      return if_unset;
    case tdkt::v1::ROLE_SUBMITTER:
      return Role::kSubmitter;
    case tdkt::v1::ROLE_APPRAISER:
      return Role::kAppraiser;
    case tdkt::v1::ROLE_COUNCIL_MEMBER:
      return Role::kCouncilMember;
    case tdkt::v1::ROLE_COUNCIL_CHAIR:
      return Role::kCouncilChair;
    case tdkt::v1::ROLE_DECIDER:
      return Role::kDecider;
    case tdkt::v1::ROLE_ADMIN:
      return Role::kAdmin;
    default:
      return absl::InvalidArgumentError(absl::StrCat(what, " không xác định: ", value));
  }
}

}  // namespace tdkt::workflow::loader
