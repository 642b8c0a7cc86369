#include "services/common/pg_errors.h"

#include <pqxx/except>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"

namespace tdkt::common {
namespace {

// libpq messages can span lines ("… Is the server running …"): keep the first, which names the problem.
std::string FirstLine(const std::string& text) {
  auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

absl::Status PgErrorToStatus(const std::exception& error, const std::string& context) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat(context, ": PostgreSQL unreachable: ", FirstLine(error.what())));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql != nullptr) {
    const std::string& state = sql->sqlstate();
    if (state == "23505") return absl::AlreadyExistsError(absl::StrCat(context, ": already exists"));
    if (state == "40001" || state == "40P01") {
      return absl::AbortedError(absl::StrCat(context, ": concurrent update, retry"));
    }
    spdlog::error("{}: PostgreSQL error {}: {}", context, state, FirstLine(error.what()));
    return absl::InternalError(absl::StrCat(context, ": database error ", state));
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat(context, ": connection lost during commit; outcome unknown"));
  }
  spdlog::error("{}: {}", context, FirstLine(error.what()));
  return absl::InternalError(absl::StrCat(context, ": internal error"));
}

}  // namespace tdkt::common
