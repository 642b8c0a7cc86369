// AuditStore (audit_store.h).
#include "services/directory/audit_store.h"

#include <pqxx/transaction_base>

namespace tdkt::directory {
namespace {

// The action column's values (its CHECK constraint lists them).
const char* ActionName(AuditAction action) {
  switch (action) {
    case AuditAction::kPasswordSet:
      return "password_set";
  }
  return "password_set";
}

}  // namespace

absl::Status AuditStore::Record(Tx& tx, const AuditEvent& event) const {
  tx.work().exec_params(
      "INSERT INTO directory.audit_event (occurred_at, actor_person_id, subject_person_id, action, request_id) "
      "VALUES ('epoch'::timestamptz + $1::bigint * interval '1 microsecond', NULLIF($2, '')::bigint, $3::bigint, $4, "
      "NULLIF($5, ''))",
      absl::ToUnixMicros(event.at), event.actor_person_id, event.subject_person_id, ActionName(event.action),
      event.request_id);
  return absl::OkStatus();
}

}  // namespace tdkt::directory
