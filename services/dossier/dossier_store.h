#pragma once
// DossierStore: the SQL of the dossier service (schema `dossier`, migrations/). No gRPC, no protobuf; libpqxx
// stays in the .cc. Every write of a transition goes through CommitTransition, in one transaction.
//
//   TDKT_ASSIGN_OR_RETURN(LoadedDossier current, store.Load(dossier_id));
//   TDKT_ASSIGN_OR_RETURN(CommitResult result, store.CommitTransition(write));
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/dossier/deadline_calculator.h"
#include "workflow/dossier_snapshot.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::dossier {

// A dossier row: the snapshot plus what the API shows beside it.
struct DossierRow {
  workflow::DossierSnapshot snapshot;
  std::string tracking_code;
  int year = 0;
  std::string nominee_name;
  std::string nominee;  // serialized tdkt.v1.Nominee; holds the ID number, so it never leaves this row
  std::optional<absl::Time> submitted_at;
  absl::Time state_changed_at;
  std::optional<absl::CivilDay> published_on;
};

struct LoadedDossier {
  DossierRow row;
  std::optional<DeadlineRecord> live_deadline;  // RUNNING or PAUSED
  int last_deadline_no = 0;
};

// One history entry as stored (dossier.event).
struct EventRow {
  int64_t seq = 0;  // = the dossier version it produced
  std::string type;
  std::string actor_id;
  absl::Time occurred_at;
  std::string payload;  // canonical JSON, hashed as is
  std::string prev_hash;
  std::string hash;
};

struct OutboxRow {
  std::string event_id;
  std::string type;
  std::string envelope;  // serialized tdkt.v1.EventEnvelope
};

struct IdempotencyRecord {
  std::string request_sha256;
  std::string response;
};

// Everything one accepted command writes.
struct TransitionWrite {
  DossierRow row;                       // after the command (row.snapshot.version = new version)
  std::optional<int64_t> from_version;  // nullopt: a new dossier (INSERT); else UPDATE … WHERE version = it
  std::string event_type;
  std::string actor_id;
  std::string event_payload;  // hashed with the previous entry's hash inside the transaction
  std::vector<DeadlineRecord> deadlines;  // upserted by (dossier_id, deadline_no), in order
  std::vector<OutboxRow> outbox;
  std::string request_id;
  std::string request_sha256;
  std::string response;
};

struct CommitResult {
  // Set when another request with the same request_id committed first: nothing was written, and this is
  // what it stored.
  std::optional<IdempotencyRecord> earlier;
};

class DossierStore {
 public:
  explicit DossierStore(common::PgPool* pool) : pool_(pool) {}

  // NOT_FOUND when no such dossier.
  absl::StatusOr<LoadedDossier> Load(const std::string& dossier_id) const;

  absl::StatusOr<std::optional<IdempotencyRecord>> FindRequest(const std::string& request_id) const;

  // One transaction: idempotency row first (a concurrent duplicate waits on it, then sees `earlier`), then the
  // dossier row (ABORTED with the current version when from_version is stale), the hash-chained event row,
  // deadline rows and outbox rows.
  absl::StatusOr<CommitResult> CommitTransition(const TransitionWrite& write) const;

  // The history, oldest first.
  absl::StatusOr<std::vector<EventRow>> History(const std::string& dossier_id) const;

 private:
  common::PgPool* pool_;
};

}  // namespace tdkt::dossier
