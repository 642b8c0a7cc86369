#include "services/campaign/store_sql.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/iso_date.h"
#include "services/common/proto_conversions.h"

namespace tdkt::campaign {

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, "\"", absl::StrReplaceAll(values[i], {{"\\", "\\\\"}, {"\"", "\\\""}}), "\"");
  }
  return out + "}";
}

std::vector<std::string> TextsOfJsonArray(const pqxx::field& field) {
  std::vector<std::string> out;
  if (field.is_null()) return out;
  for (const auto& item : nlohmann::json::parse(field.as<std::string>())) out.push_back(item.get<std::string>());
  return out;
}

std::string IsoOf(const tdkt::v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

std::optional<std::string> OptionalIsoOf(bool has, const tdkt::v1::Date& date) {
  if (!has) return std::nullopt;
  return IsoOf(date);
}

bool ReadDate(const pqxx::field& field, tdkt::v1::Date* out) {
  if (field.is_null()) return false;
  const std::optional<absl::CivilDay> day = base::ParseIsoDate(field.as<std::string>());
  if (!day) return false;
  *out = common::ToProtoDate(*day);
  return true;
}

std::string MicrosOf(const std::string& column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

std::string TimestampFromMicros(int parameter) {
  return absl::StrCat("(timestamptz 'epoch' + $", parameter, "::bigint * interval '1 microsecond')");
}

}  // namespace tdkt::campaign
