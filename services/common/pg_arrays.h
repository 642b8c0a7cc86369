#pragma once
// PostgreSQL array literals for parameters bound as text[] / bigint[] (`unnest($1::text[])`, `= ANY($1)`): the
// one way every store passes a list in one parameter.
//
//   txn.exec_params("SELECT … WHERE id = ANY($1::text[])", PgTextArray(ids));
#include <cstdint>
#include <string>
#include <vector>

namespace tdkt::common {

// {"a","b\"c"}: each element quoted, quotes and backslashes escaped; {} when empty.
std::string PgTextArray(const std::vector<std::string>& values);

// {1,2,3}
std::string PgBigintArray(const std::vector<int64_t>& values);

}  // namespace tdkt::common
