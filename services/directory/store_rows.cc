// The stores' shared row conversions (store_rows.h).
#include "services/directory/store_rows.h"

#include <spdlog/spdlog.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/pii_cipher.h"

namespace tdkt::directory {
namespace {

void SetMicros(const pqxx::field& field, google::protobuf::Timestamp* out) {
  *out = common::ProtoTimeFromMicros(field.as<int64_t>());
}

}  // namespace

const char* const kOrgColumns =
    "o.id::text, o.code, o.name, o.short_name, o.level, coalesce(o.parent_id::text, ''), o.valid_from::text, "
    "coalesce(o.valid_until::text, ''), coalesce(o.successor_id::text, ''), o.version, "
    "(extract(epoch from o.created_at) * 1000000)::bigint, (extract(epoch from o.updated_at) * 1000000)::bigint";
const char* const kPersonColumns =
    "p.id::text, p.full_name, coalesce(p.username, ''), coalesce(encode(p.id_number_enc, 'hex'), ''), "
    "coalesce(encode(p.email_enc, 'hex'), ''), coalesce(encode(p.phone_enc, 'hex'), ''), p.active, "
    "p.service_account, p.version, (extract(epoch from p.created_at) * 1000000)::bigint, "
    "(extract(epoch from p.updated_at) * 1000000)::bigint";
const char* const kRoleColumns =
    "r.id::text, r.person_id::text, r.org_id::text, r.role, r.valid_from::text, coalesce(r.valid_until::text, ''), "
    "r.version";
const char* const kCouncilColumns =
    "c.id::text, c.org_id::text, c.name, c.term_from::text, coalesce(c.term_until::text, ''), "
    "c.establishing_decision, c.version";

tdkt::v1::Date DateFromText(const std::string& text) {
  const std::optional<absl::CivilDay> day = base::ParseIsoDate(text);
  return day.has_value() ? common::ToProtoDate(*day) : tdkt::v1::Date();
}

std::string TextFromDate(const tdkt::v1::Date& date, bool present) {
  if (!present) return "";
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

tdkt::v1::Organization OrgFromRow(const pqxx::row& row) {
  tdkt::v1::Organization org;
  org.set_id(row[0].as<std::string>());
  org.set_code(row[1].as<std::string>());
  org.set_name_vi(row[2].as<std::string>());
  org.set_short_name_vi(row[3].as<std::string>());
  org.set_level(static_cast<tdkt::v1::OrgLevel>(row[4].as<int>()));
  org.set_parent_id(row[5].as<std::string>());
  *org.mutable_valid_from() = DateFromText(row[6].as<std::string>());
  if (const auto until = row[7].as<std::string>(); !until.empty()) *org.mutable_valid_until() = DateFromText(until);
  org.set_successor_id(row[8].as<std::string>());
  org.set_version(row[9].as<long long>());
  SetMicros(row[10], org.mutable_created_at());
  SetMicros(row[11], org.mutable_updated_at());
  return org;
}

tdkt::v1::Person PersonFromRow(const pqxx::row& row, const PiiCipher* cipher) {
  tdkt::v1::Person person;
  person.set_id(row[0].as<std::string>());
  person.set_full_name(row[1].as<std::string>());
  person.set_username(row[2].as<std::string>());
  struct Sealed {
    int column;
    const char* field;
    std::string* (tdkt::v1::Person::*target)();
  };
  for (const Sealed& sealed :
       {Sealed{3, "id_number", &tdkt::v1::Person::mutable_id_number},
        Sealed{4, "email", &tdkt::v1::Person::mutable_email}, Sealed{5, "phone", &tdkt::v1::Person::mutable_phone}}) {
    const auto hex = row[sealed.column].as<std::string>();
    if (hex.empty()) continue;
    if (cipher == nullptr) {
      person.set_personal_data_redacted(true);
      continue;
    }
    auto plain = cipher->Open(sealed.field, absl::HexStringToBytes(hex));
    if (!plain.ok()) {
      spdlog::warn("person {}: {} does not decrypt with the configured PII key", person.id(), sealed.field);
      person.set_personal_data_redacted(true);
      continue;
    }
    *(person.*sealed.target)() = *std::move(plain);
  }
  person.set_active(row[6].as<bool>());
  person.set_service_account(row[7].as<bool>());
  person.set_version(row[8].as<long long>());
  SetMicros(row[9], person.mutable_created_at());
  SetMicros(row[10], person.mutable_updated_at());
  return person;
}

tdkt::v1::RoleAssignment RoleFromRow(const pqxx::row& row) {
  tdkt::v1::RoleAssignment a;
  a.set_id(row[0].as<std::string>());
  a.set_person_id(row[1].as<std::string>());
  a.set_org_id(row[2].as<std::string>());
  a.set_role(static_cast<tdkt::v1::Role>(row[3].as<int>()));
  *a.mutable_valid_from() = DateFromText(row[4].as<std::string>());
  if (const auto until = row[5].as<std::string>(); !until.empty()) *a.mutable_valid_until() = DateFromText(until);
  a.set_version(row[6].as<long long>());
  return a;
}

tdkt::v1::Council CouncilFromRow(const pqxx::row& row) {
  tdkt::v1::Council c;
  c.set_id(row[0].as<std::string>());
  c.set_org_id(row[1].as<std::string>());
  c.set_name_vi(row[2].as<std::string>());
  *c.mutable_term_from() = DateFromText(row[3].as<std::string>());
  if (const auto until = row[4].as<std::string>(); !until.empty()) *c.mutable_term_until() = DateFromText(until);
  c.set_establishing_decision(row[5].as<std::string>());
  c.set_version(row[6].as<long long>());
  return c;
}

absl::Status VersionConflict(int64_t stored, int64_t expected) {
  return absl::AbortedError(
      absl::StrCat("Phiên bản đã thay đổi (version conflict: stored ", stored, ", expected ", expected, ")"));
}

std::string ContainsPattern(const std::string& text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace tdkt::directory
