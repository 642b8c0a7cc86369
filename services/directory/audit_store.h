#pragma once
// AuditStore: the directory's audit trail (directory.audit_event) — who did what to whom and when, for the
// actions that must stay traceable after the fact: today, setting another person's password. A row never
// holds the secret itself, nor a name: ids, the action and the time only. Written in the transaction of the
// action, so that an action without its row cannot commit.
//
//   TDKT_RETURN_IF_ERROR(stores.audit.Record(tx, {.actor_person_id = caller.person_id,
//                                                 .subject_person_id = person_id,
//                                                 .action = AuditAction::kPasswordSet,
//                                                 .at = clock.Now(), .request_id = request_id}));
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/directory/directory_db.h"

namespace tdkt::directory {

enum class AuditAction {
  kPasswordSet,  // another person's password set: SetPersonPassword, or the operator's tdkt-directory-admin
};

struct AuditEvent {
  std::string actor_person_id = {};  // "" = the operator, with tdkt-directory-admin on the database
  std::string subject_person_id = {};
  AuditAction action = AuditAction::kPasswordSet;
  absl::Time at = absl::UnixEpoch();  // from the service's clock
  std::string request_id = {};        // the API call's request_id; "" for the operator's tool
};

class AuditStore {
 public:
  absl::Status Record(Tx& tx, const AuditEvent& event) const;
};

}  // namespace tdkt::directory
