#include "services/directory/directory_db.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <pqxx/except>
#include <pqxx/transaction>
#include <string>

#include "services/common/pg_pool.h"

namespace tdkt::directory {
namespace {

// PostgreSQL's message for a constraint violation repeats the row ("Failing row contains (…)"), which may
// hold a name: map these here, log only the SQLSTATE, and never pass the text on. Class 22 (bad data, e.g. a
// page token whose cursor is not a date or an id) is the caller's input too.
std::optional<absl::Status> ConstraintStatus(const pqxx::sql_error& error) {
  const std::string& state = error.sqlstate();
  if (state == "23P01") {
    return absl::AlreadyExistsError("Trùng thời gian hiệu lực với bản ghi khác (overlapping validity)");
  }
  if (state == "23505") return absl::AlreadyExistsError("Bản ghi đã tồn tại (already exists)");
  if (state == "23503") {
    return absl::InvalidArgumentError("Tham chiếu đến bản ghi không tồn tại (reference does not exist)");
  }
  if (state.rfind("23", 0) == 0 || state.rfind("22", 0) == 0) {
    return absl::InvalidArgumentError("Giá trị không hợp lệ (invalid value)");
  }
  return std::nullopt;
}

}  // namespace

absl::Status DirectoryDb::InTransaction(const std::function<absl::Status(Tx&)>& body) const {
  return pool_->InTransaction([&](pqxx::work& work) -> absl::Status {
    try {
      Tx tx(work);
      return body(tx);
    } catch (const pqxx::sql_error& error) {
      if (auto status = ConstraintStatus(error); status.has_value()) {
        spdlog::debug("directory: constraint violation, SQLSTATE {}", error.sqlstate());
        return *status;
      }
      throw;  // PgPool maps the rest (PgErrorToStatus)
    }
  });
}

absl::Status DirectoryDb::Savepoint(Tx& tx, const std::function<absl::Status()>& body, bool discard) const {
  tx.work().exec("SAVEPOINT directory_step");
  absl::Status status;
  try {
    status = body();
  } catch (const pqxx::sql_error& error) {
    auto mapped = ConstraintStatus(error);
    if (!mapped.has_value()) throw;
    status = *mapped;
  }
  tx.work().exec(status.ok() && !discard ? "RELEASE SAVEPOINT directory_step" : "ROLLBACK TO SAVEPOINT directory_step");
  return status;
}

}  // namespace tdkt::directory
