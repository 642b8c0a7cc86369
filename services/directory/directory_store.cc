// DirectoryStore: transactions, constraint-violation mapping and idempotency records.
#include "services/directory/directory_store.h"

#include <pqxx/except>
#include <spdlog/spdlog.h>

#include "services/common/pg_pool.h"
#include "services/common/pii_cipher.h"
#include "services/directory/store_tx.h"

namespace tdkt::directory {
namespace {

// PostgreSQL's message for a constraint violation repeats the row ("Failing row contains (…)"), which may
// hold a name: map these here, log only the SQLSTATE, and never pass the text on.
std::optional<absl::Status> ConstraintStatus(const pqxx::sql_error& error) {
  const std::string& state = error.sqlstate();
  if (state == "23P01") {
    return absl::AlreadyExistsError("trùng thời gian hiệu lực với bản ghi khác (overlapping validity)");
  }
  if (state == "23505") return absl::AlreadyExistsError("đã tồn tại (already exists)");
  if (state == "23503") {
    return absl::InvalidArgumentError("tham chiếu đến bản ghi không tồn tại (reference does not exist)");
  }
  if (state.rfind("23", 0) == 0 || state.rfind("22", 0) == 0) {
    return absl::InvalidArgumentError("giá trị không hợp lệ (invalid value)");
  }
  return std::nullopt;
}

}  // namespace

absl::Status DirectoryStore::InTransaction(const std::function<absl::Status(Tx&)>& body) {
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

absl::Status DirectoryStore::Savepoint(Tx& tx, const std::function<absl::Status()>& body, bool discard) {
  tx.work.exec("SAVEPOINT directory_step");
  absl::Status status;
  try {
    status = body();
  } catch (const pqxx::sql_error& error) {
    auto mapped = ConstraintStatus(error);
    if (!mapped.has_value()) throw;
    status = *mapped;
  }
  tx.work.exec(status.ok() && !discard ? "RELEASE SAVEPOINT directory_step" : "ROLLBACK TO SAVEPOINT directory_step");
  return status;
}

absl::StatusOr<std::optional<std::string>> DirectoryStore::BeginIdempotent(Tx& tx, const std::string& request_id,
                                                                           const std::string& method,
                                                                           const std::string& hash) {
  tx.work.exec_params("SELECT pg_advisory_xact_lock(hashtextextended('directory.idempotency:' || $1, 0))",
                      request_id);
  const pqxx::result rows = tx.work.exec_params(
      "SELECT method, request_hash, response FROM directory.idempotency WHERE request_id = $1", request_id);
  if (rows.empty()) return std::optional<std::string>();
  const pqxx::binarystring stored_hash(rows[0][1]);
  if (rows[0][0].as<std::string>() != method || stored_hash.str() != hash) {
    return absl::AlreadyExistsError(
        "request_id đã dùng cho một yêu cầu khác (request_id already used for a different request)");
  }
  return std::optional<std::string>(pqxx::binarystring(rows[0][2]).str());
}

absl::Status DirectoryStore::FinishIdempotent(Tx& tx, const std::string& request_id, const std::string& method,
                                              const std::string& hash, const std::string& response) {
  tx.work.exec_params(
      "INSERT INTO directory.idempotency (request_id, method, request_hash, response) VALUES ($1, $2, $3, $4)",
      request_id, method, pqxx::binarystring(hash), pqxx::binarystring(response));
  return absl::OkStatus();
}

absl::StatusOr<std::string> DirectoryStore::SealOrEmpty(const std::string& field, const std::string& plain) const {
  if (plain.empty()) return std::string();
  if (cipher_ == nullptr) {
    return absl::FailedPreconditionError(
        "chưa cấu hình khóa mã hóa dữ liệu cá nhân (--pii-key / TDKT_PII_KEY not set)");
  }
  const std::string sealed = cipher_->Seal(field, plain);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(sealed.size() * 2);
  for (const char c : sealed) {
    hex.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xF]);
    hex.push_back(kHex[static_cast<unsigned char>(c) & 0xF]);
  }
  return hex;
}

}  // namespace tdkt::directory
