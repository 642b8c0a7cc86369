#pragma once
// Small SQL helpers shared by the campaign service's stores: text[] parameters and results, dates, instants.
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tdkt/v1/common.pb.h"

namespace pqxx {
class field;
}

namespace tdkt::campaign {

// A PostgreSQL text[] literal for a parameter ($n::text[]): every element quoted and escaped.
std::string TextArray(const std::vector<std::string>& values);
// The elements of a column selected as array_to_json(<text[]>)::text.
std::vector<std::string> TextsOfJsonArray(const pqxx::field& field);

// "YYYY-MM-DD" of a proto date (checked before), or nullopt for an unset one.
std::string IsoOf(const tdkt::v1::Date& date);
std::optional<std::string> OptionalIsoOf(bool has, const tdkt::v1::Date& date);
// A date column selected as ::text, NULL → unset.
bool ReadDate(const pqxx::field& field, tdkt::v1::Date* out);

// SQL selecting a timestamptz column as Unix microseconds; SQL of a timestamptz from parameter $n in microseconds.
std::string MicrosOf(const std::string& column);
std::string TimestampFromMicros(int parameter);

}  // namespace tdkt::campaign
