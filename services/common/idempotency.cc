#include "services/common/idempotency.h"

#include <google/protobuf/message_lite.h>
#include <pqxx/binarystring>
#include <pqxx/transaction_base>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/string_view_compat.h"

namespace tdkt::common {
namespace {

// Length-prefixed fields, so that ("ab", "c") and ("a", "bc") differ.
void AppendField(std::string& out, std::string_view field) {
  absl::StrAppend(&out, field.size(), ":", base::AsAbsl(field), ";");
}

}  // namespace

std::string RequestFingerprint(std::string_view key, std::string_view method, std::string_view caller,
                               std::string_view request_bytes) {
  std::string text;
  text.reserve(method.size() + caller.size() + request_bytes.size() + 32);
  AppendField(text, method);
  AppendField(text, caller);
  AppendField(text, request_bytes);
  return key.empty() ? base::Sha256(text) : base::HmacSha256(key, text);
}

Idempotency::Idempotency(std::string schema)
    : claim_(absl::StrCat(schema, "_idempotency_claim"),
             absl::StrCat("INSERT INTO ", schema,
                          ".idempotency (request_id, fingerprint, response) VALUES ($1, $2, ''::bytea) "
                          "ON CONFLICT (request_id) DO NOTHING RETURNING 1")),
      lookup_(absl::StrCat(schema, "_idempotency_lookup"),
              absl::StrCat("SELECT fingerprint, response FROM ", schema, ".idempotency WHERE request_id = $1")),
      record_(absl::StrCat(schema, "_idempotency_record"),
              absl::StrCat("UPDATE ", schema, ".idempotency SET response = $2 WHERE request_id = $1")) {}

absl::StatusOr<std::optional<std::string>> Idempotency::Claim(pqxx::transaction_base& txn,
                                                              std::string_view request_id,
                                                              std::string_view fingerprint) const {
  const std::string id(request_id);
  const pqxx::binarystring fingerprint_bytes(fingerprint.data(), fingerprint.size());
  if (!claim_.Exec(txn, id, fingerprint_bytes).empty()) return std::nullopt;
  // The row existed, or a concurrent claim committed while this insert waited on it: read it (a new statement
  // sees what committed meanwhile).
  const pqxx::result r = lookup_.Exec(txn, id);
  if (r.empty()) return absl::AbortedError("Yêu cầu cùng mã đang được xử lý; hãy thử lại");
  if (pqxx::binarystring(r[0][0]).str() != fingerprint) {
    return absl::AlreadyExistsError("Mã yêu cầu (request_id) đã được dùng cho một yêu cầu khác");
  }
  return std::optional<std::string>(pqxx::binarystring(r[0][1]).str());
}

void Idempotency::Record(pqxx::transaction_base& txn, std::string_view request_id, std::string_view response) const {
  record_.Exec(txn, std::string(request_id), pqxx::binarystring(response.data(), response.size()));
}

absl::Status Idempotency::Run(pqxx::transaction_base& txn, std::string_view request_id,
                              std::string_view fingerprint, google::protobuf::MessageLite& response,
                              const std::function<absl::Status()>& effect,
                              const google::protobuf::MessageLite* stored_form) const {
  absl::StatusOr<std::optional<std::string>> earlier = Claim(txn, request_id, fingerprint);
  if (!earlier.ok()) return earlier.status();
  if (earlier->has_value()) {
    if (!response.ParseFromString(**earlier)) return absl::InternalError("stored response does not parse");
    return absl::OkStatus();
  }
  if (absl::Status status = effect(); !status.ok()) return status;
  Record(txn, request_id, (stored_form != nullptr ? *stored_form : response).SerializeAsString());
  return absl::OkStatus();
}

}  // namespace tdkt::common
