#pragma once
// ReadCsv: RFC 4180 CSV as the CSV imports accept it (the directory's, the award history's) — UTF-8, an
// optional BOM, comma separated, fields in double quotes may hold commas, quotes ("") and line breaks, CRLF or
// LF line ends. Each record remembers the physical line it starts on so that errors name it.
//
//   TDKT_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, ReadCsv(content));
//   // records[0] is the header row
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tdkt::common {

struct CsvRecord {
  int line = 0;  // 1-based physical line of the record's first character
  std::vector<std::string> fields;
};

// Blank lines are skipped. INVALID_ARGUMENT "line N: …" for an unterminated quote or text after a closing
// quote.
absl::StatusOr<std::vector<CsvRecord>> ReadCsv(std::string_view content);

}  // namespace tdkt::common
