#pragma once
// Idempotency: one request id → one effect, for every mutating RPC of every service and for every event a
// consumer applies. Each service owns a table <schema>.idempotency, created by its migrations:
//
//   CREATE TABLE <schema>.idempotency (
//     request_id  text PRIMARY KEY,          -- the client's request_id, or a consumed event's id
//     fingerprint bytea NOT NULL,            -- RequestFingerprint(…) of the first request
//     response    bytea NOT NULL,            -- what the first request answered (serialized)
//     created_at  timestamptz NOT NULL DEFAULT now());
//
// Claim and Record run inside the caller's transaction, so the effect and its record commit together or not at
// all. Claim inserts a placeholder row first: a concurrent request with the same id waits on that row until the
// first commits (then it gets the first response) or rolls back (then it proceeds as new).
//
//   const Idempotency idempotency("dossier");
//   const std::string fingerprint = RequestFingerprint(key, "AcceptDossier", caller.person_id, request_bytes);
//   pool.InTransaction([&](pqxx::work& w) -> absl::Status {
//     TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, idempotency.Claim(w, request_id, fingerprint));
//     if (earlier) { response.ParseFromString(*earlier); return absl::OkStatus(); }  // a retry: same answer
//     … the effect …
//     idempotency.Record(w, request_id, response.SerializeAsString());
//     return absl::OkStatus();
//   });
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/common/prepared_statement.h"

namespace google::protobuf {
class MessageLite;
}
namespace pqxx {
class transaction_base;
}

namespace tdkt::common {

// The fingerprint of a request: HMAC-SHA-256 under `key` (the service's secret, so that a stored fingerprint
// of a request carrying an ID number cannot be brute-forced) of the method, the caller and the request bytes;
// plain SHA-256 when `key` is empty. 32 bytes.
std::string RequestFingerprint(std::string_view key, std::string_view method, std::string_view caller,
                               std::string_view request_bytes);

class Idempotency {
 public:
  explicit Idempotency(std::string schema);

  // nullopt: the id is new and now claimed by this transaction (call Record before committing). The stored
  // response: the id was answered for a request with the same fingerprint. ALREADY_EXISTS: it was used for
  // another request.
  absl::StatusOr<std::optional<std::string>> Claim(pqxx::transaction_base& txn, std::string_view request_id,
                                                   std::string_view fingerprint) const;

  // Stores the response of a claimed id.
  void Record(pqxx::transaction_base& txn, std::string_view request_id, std::string_view response) const;

  // Claim → (replay | effect) → Record, for a handler whose response is a protobuf message: a retry parses the
  // stored response into `response` and skips `effect`; otherwise `effect` runs (filling `response`) and, when
  // it succeeds, `stored_form` of the response is recorded (the response itself when null — e.g. to strip what
  // must not be stored).
  //
  //   return stores.InTransaction([&](Tx& tx) {
  //     return idempotency.Run(tx.work(), request.request_id(), fingerprint, *response, [&]() -> absl::Status {
  //       TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(), organisations.Create(tx, org));
  //       return absl::OkStatus();
  //     });
  //   });
  absl::Status Run(pqxx::transaction_base& txn, std::string_view request_id, std::string_view fingerprint,
                   google::protobuf::MessageLite& response, const std::function<absl::Status()>& effect,
                   const google::protobuf::MessageLite* stored_form = nullptr) const;

 private:
  // Prepared per connection: they run in every mutating request.
  PreparedStatement claim_, lookup_, record_;
};

}  // namespace tdkt::common
