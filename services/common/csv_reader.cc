#include "services/common/csv_reader.h"

#include "absl/strings/str_cat.h"

namespace tdkt::common {

absl::StatusOr<std::vector<CsvRecord>> ReadCsv(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  bool in_record = false;  // a character of the current record has been seen
  std::size_t i = 0;
  auto end_record = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
    record = CsvRecord{};
    in_record = false;
  };
  while (i < content.size()) {
    if (!in_record) {
      record.line = line;
      in_record = true;
    }
    const char c = content[i];
    if (c == '"' && field.empty()) {
      // Quoted field: runs to the matching quote; "" is one quote.
      const int start_line = line;
      ++i;
      bool closed = false;
      while (i < content.size()) {
        if (content[i] == '"') {
          if (i + 1 < content.size() && content[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (content[i] == '\n') ++line;
        field.push_back(content[i++]);
      }
      if (!closed) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", start_line, ": dấu ngoặc kép không được đóng (unterminated quote)"));
      }
      if (i < content.size() && content[i] != ',' && content[i] != '\n' && content[i] != '\r') {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line, ": ký tự sau dấu ngoặc kép đóng (text after closing quote)"));
      }
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' && i + 1 < content.size() && content[i + 1] == '\n') {
      ++i;  // the \n ends the record
    } else if (c == '\n') {
      end_record();
      ++line;
      ++i;
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (in_record) end_record();
  return records;
}

}  // namespace tdkt::common
