#pragma once
// DossierStore: the SQL of the dossier service (schema `dossier`, migrations/). No gRPC, no protobuf; libpqxx
// stays in the .cc. Every write of a transition goes through CommitTransition, in one transaction.
//
//   TDKT_ASSIGN_OR_RETURN(LoadedDossier current, store.Load(dossier_id));
//   TDKT_ASSIGN_OR_RETURN(CommitResult result, store.CommitTransition(write));
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/dossier/deadline_calculator.h"
#include "workflow/actor.h"
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
  // The origin unit and its ancestors at creation, origin first (search by subtree, personal-data checks).
  std::vector<std::string> origin_org_path;
  workflow::OrgLevel current_level = workflow::OrgLevel::kUnit;  // of snapshot.level_index in the chain
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

// A document as listed (dossier.document without its content).
struct DocumentRecord {
  std::string id;
  std::string dossier_id;
  std::string kind;
  std::string file_name;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;  // lower-case hex
  workflow::OrgLevel level = workflow::OrgLevel::kUnit;
  std::string uploaded_by;
  std::string uploaded_org;
  absl::Time uploaded_at;
};

// A document with its content, as uploaded (content.size() == record.size_bytes once checked).
struct DocumentUpload {
  DocumentRecord record;
  std::string content;
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
  // UploadDocument: the document row, inserted in the same transaction (the content is shared: up to 20 MiB).
  std::optional<DocumentRecord> new_document;
  std::shared_ptr<const std::string> new_document_content;
  // RemoveDocument: the document marked removed, in the same transaction.
  std::string removed_document_id;
};

struct CommitResult {
  // Set when another request with the same request_id committed first: nothing was written, and this is
  // what it stored.
  std::optional<IdempotencyRecord> earlier;
};

// ListInbox: dossiers in `holder_states` held by one of the holder orgs, or in `origin_states` originated by
// one of the origin orgs (pairs: org i with state i), ordered due date ascending (none last), then id.
struct InboxQuery {
  std::vector<std::string> holder_orgs, holder_states;
  std::vector<std::string> origin_orgs, origin_states;
  std::vector<std::string> only_states;  // empty: no further filter
  std::optional<absl::CivilDay> after_due;  // keyset: absent due date = after every date
  bool after_set = false;
  std::string after_id;
  int limit = 50;
};

// SearchDossiers: every filter optional; `visible_orgs` must intersect origin_org_path. Ordered updated_at
// descending, then id descending.
struct SearchQuery {
  std::vector<std::string> visible_orgs;
  std::vector<std::string> states;
  std::optional<workflow::OrgLevel> level;
  std::string award_code;
  std::string subtree_org_id;
  int year = 0;
  std::string nominee_name;  // folded in SQL (dossier.fold_name); substring
  std::optional<absl::Time> after_updated_at;
  std::string after_id;
  int limit = 50;
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

  // ---- queries (query_store.cc) ----
  // One page of ListInbox (`after` = the last item of the previous page).
  absl::StatusOr<std::vector<LoadedDossier>> Inbox(const InboxQuery& query) const;
  // One page of SearchDossiers.
  absl::StatusOr<std::vector<LoadedDossier>> Search(const SearchQuery& query) const;
  // By canonical tracking code (XXXX-XXXX-XXXX-XXXX); NOT_FOUND when none.
  absl::StatusOr<LoadedDossier> LoadByTrackingCode(const std::string& tracking_code) const;

  // ---- documents (document_store.cc) ----
  // The dossier's documents not removed, in upload order.
  absl::StatusOr<std::vector<DocumentRecord>> ListDocuments(const std::string& dossier_id) const;
  // A document with its content; NOT_FOUND when unknown, removed or of another dossier.
  absl::StatusOr<DocumentUpload> LoadDocument(const std::string& dossier_id, const std::string& document_id) const;

 private:
  common::PgPool* pool_;
};

}  // namespace tdkt::dossier
