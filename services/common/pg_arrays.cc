#include "services/common/pg_arrays.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace tdkt::common {

std::string PgTextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, "\"", absl::StrReplaceAll(values[i], {{"\\", "\\\\"}, {"\"", "\\\""}}), "\"");
  }
  return out + "}";
}

std::string PgBigintArray(const std::vector<int64_t>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

}  // namespace tdkt::common
