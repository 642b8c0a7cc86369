#pragma once
// PgErrorToStatus: how a libpqxx exception becomes an absl::Status. The detail of an
// unexpected error is logged here and never sent to the client.
//   broken connection            → UNAVAILABLE
//   23505 unique violation       → ALREADY_EXISTS
//   40001 / 40P01 (retryable)    → ABORTED
//   anything else                → INTERNAL
#include <exception>
#include <string>

#include "absl/status/status.h"

namespace tdkt::common {

absl::Status PgErrorToStatus(const std::exception& error, const std::string& context);

}  // namespace tdkt::common
