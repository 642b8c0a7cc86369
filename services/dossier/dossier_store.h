#pragma once
// DossierStore: the SQL of the dossier service (schema `dossier`, migrations/). No gRPC, no protobuf; libpqxx
// stays in the .cc files. A transition reads and writes in one transaction (InTransition):
//
//   store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
//     TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, txn.Claim(request_id, fingerprint));
//     if (earlier) { … replay …; return absl::OkStatus(); }
//     TDKT_ASSIGN_OR_RETURN(LockedDossier current, txn.Lock(dossier_id));
//     … TDKT_RETURN_IF_ERROR(txn.Write(write)); txn.Record(request_id, response); …
//   });
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/award_history.h"
#include "services/dossier/deadline_calculator.h"
#include "services/dossier/history_anchor.h"
#include "services/dossier/history_replay.h"
#include "workflow/actor.h"
#include "workflow/dossier_snapshot.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::common {
class Idempotency;
class PgPool;
}  // namespace tdkt::common

namespace tdkt::dossier {


// A dossier row: the snapshot plus what the API shows beside it.
struct DossierRow {
  workflow::DossierSnapshot snapshot;
  std::string tracking_code;
  int year = 0;
  std::string nominee_name;
  std::string nominee;  // serialized tdkt.v1.Nominee without its ID number
  // The nominee's ID number (personal data), in clear in memory only: sealed at rest with the service's PII key
  // (services/common/pii_cipher.h), never in an index, an event or a log.
  std::string nominee_id_number;
  std::optional<absl::Time> submitted_at;
  absl::Time state_changed_at;
  std::optional<absl::CivilDay> published_on;
  // The origin unit and its ancestors at creation, origin first (search by subtree; the holder's ancestors).
  std::vector<std::string> origin_org_path;
  // Every organisation that has held the dossier, in the order it reached them: the origin first, the holder
  // among them (workflow/visibility.h: the levels it passed keep seeing it).
  std::vector<std::string> held_org_ids;
  workflow::OrgLevel current_level = workflow::OrgLevel::kUnit;  // of snapshot.level_index in the chain
  // The campaign service's registration for the title the dossier refers to (given at creation); '' when none.
  std::string registration_id;
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

// What VerifyHistory audits (history_audit.h), read in one snapshot of the database, so that a transition
// committing meanwhile cannot make the row and its history disagree.
struct HistoryAuditRecord {
  // The row's snapshot, read without the PII cipher (the counts of an open vote read 0: SnapshotDigest leaves
  // them out), and the row's copies of its fields.
  workflow::DossierSnapshot snapshot;
  DossierRowColumns columns;
  std::vector<EventRow> history;       // oldest first
  std::vector<HistoryAnchor> anchors;  // anchor.head of the dossier (written by AnchorWriter), by version
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
  std::string uploaded_by;       // person id
  std::string uploaded_by_name;  // their full name when they uploaded it ("" for rows from before it was kept)
  std::optional<workflow::Role> uploaded_role;  // of the grant that allowed the upload (nullopt: not kept)
  std::string uploaded_org;                     // of that grant
  absl::Time uploaded_at;
};

// A document with its content, as uploaded (content.size() == record.size_bytes once checked).
struct DocumentUpload {
  DocumentRecord record;
  std::string content;
};

// Everything one accepted command writes (BuildTransitionWrite, transition_write.h).
struct TransitionWrite {
  DossierRow row;                       // after the command (row.snapshot.version = new version)
  std::optional<int64_t> from_version;  // nullopt: a new dossier (INSERT); else UPDATE … WHERE version = it
  std::optional<DeadlineRecord> live_deadline;  // after the command; a running one's due date orders the inbox
  std::string event_type;
  std::string actor_id;
  std::string event_payload;  // canonical JSON, stored byte for byte
  std::string prev_hash;      // the previous entry's hash (kGenesisHash for the first)
  std::string event_hash;     // HistoryHash(prev_hash, event_payload)
  std::vector<DeadlineRecord> deadlines;  // upserted by (dossier_id, deadline_no); one record per number
  std::vector<OutboxRow> outbox;
  // UploadDocument: the document row (the content is shared: up to the upload limit).
  std::optional<DocumentRecord> new_document;
  std::shared_ptr<const std::string> new_document_content;
  // RemoveDocument: the document marked removed.
  std::string removed_document_id;
  // DECIDED: the award as the history records it (award_rules.h); a complaint reopening a decided dossier
  // marks the dossier's live row withdrawn.
  std::optional<AwardHistoryRecord> granted_award;
  bool withdraws_award = false;
};

// A dossier loaded for a transition: its row stays locked until the transaction ends.
struct LockedDossier {
  LoadedDossier loaded;
  std::optional<std::string> head_hash;  // the last history entry's hash; nullopt when that entry is missing
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

// SearchDossiers: every filter optional. Only what the visibility rule shows (workflow::VisibleFrom): dossiers
// originated by one of `origin_orgs`, held now or before by one of `receiver_orgs`, or submitted and held below
// one of `above_holder_orgs` (the holder's ancestors read from origin_org_path); `visible_orgs` is their union,
// which origin_org_path must intersect (the index). Ordered updated_at descending, then id descending.
struct SearchQuery {
  std::vector<std::string> visible_orgs;
  std::vector<std::string> origin_orgs, receiver_orgs, above_holder_orgs;
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

// GetDossierStatistics (statistics_store.cc): the dossiers SearchQuery's visibility columns select (as
// workflow::VisibleFrom gives them), within a subtree.
struct StatisticsQuery {
  std::vector<std::string> visible_orgs;
  std::vector<std::string> origin_orgs, receiver_orgs, above_holder_orgs;
  std::string subtree_org_id;  // "" = no subtree filter
  absl::CivilDay today;        // overdue: a running deadline due before it
  // The weekly chart: weeks of 7 days from `window_start` (a Monday 00:00 in Asia/Ho_Chi_Minh) to `window_end`.
  absl::Time window_start;
  absl::Time window_end;
};

// Selected dossiers whose holder lies on their stored origin path — for them the SQL selection is the visibility
// rule itself (visibility_test checks VisibleFrom against it), so they are counted in SQL.
struct StateLevelTally {
  workflow::DossierState state = workflow::DossierState::kDraft;
  workflow::OrgLevel level = workflow::OrgLevel::kUnit;
  int64_t count = 0;
  int64_t overdue = 0;  // of them, those whose running deadline was due before `today`
};
struct WeekTally {
  std::optional<int> submitted_week;  // index of the window's week of the first submission
  std::optional<int> decided_week;    // of the decision, for a dossier now DECIDED or PUBLISHED
  int64_t count = 0;
};

// Selected dossiers whose holder is not on their stored origin path (the organisation tree changed since they
// were created), grouped by everything the visibility rule reads, so that the service applies the rule — with
// the directory's ancestry — to each group as it does to a row of a search.
struct StatisticsGroup {
  // The snapshot's origin, holder and state, held_org_ids, origin_org_path, submitted_at (any time when it was
  // submitted) and current_level; nothing else is set.
  DossierRow row;
  StateLevelTally tally;
  WeekTally weeks;
};

struct DossierStatistics {
  std::vector<StateLevelTally> counts;  // holder on the path
  std::vector<WeekTally> weeks;         // holder on the path; only dossiers in a week of the window
  std::vector<StatisticsGroup> off_path;
};

// The key of the overdue dossiers of a StatisticsQuery, most overdue first: due date, then id.
struct OverdueKey {
  absl::CivilDay due_date;
  std::string id;
};
struct OverdueRow {
  OverdueKey key;
  LoadedDossier loaded;
};

// One transition's transaction (DossierStore::InTransition): the idempotency claim, the locked dossier, the
// writes and the idempotency record all go through it and commit together or not at all.
class TransitionTransaction {
 public:
  // common::Idempotency::Claim on dossier.idempotency: nullopt for a new request id (now claimed), the stored
  // response for a repeated one (opened: responses are stored sealed), ALREADY_EXISTS for an id used by another
  // request.
  absl::StatusOr<std::optional<std::string>> Claim(std::string_view request_id, std::string_view fingerprint);

  // The dossier with its live deadline and its history's head hash, its row locked (SELECT … FOR UPDATE) until
  // the transaction ends, so that nothing changes between this read and the write; the counts of an open vote
  // opened with the store's seal. NOT_FOUND when none; DATA_LOSS when sealed counts do not open.
  absl::StatusOr<LockedDossier> Lock(const std::string& dossier_id);

  // The dossier row (ABORTED, naming the current version, when it is no longer write.from_version), the history
  // entry, the deadline rows, the outbox rows and the document row.
  absl::Status Write(const TransitionWrite& write);

  // common::Idempotency::Record: the response a repeated request id gets, sealed with the PII key (it may
  // carry the nominee's ID number) and bound to the request id.
  void Record(std::string_view request_id, std::string_view response);

  // ---- the award history and the caps (award_history_store.cc) ----
  // Locks the row of dossier.award_quota_lock of (org, year, capped award), created on first use, until the
  // transaction ends: the transitions that count against one cap run one after the other.
  void LockQuota(const std::string& org_id, int year, const std::string& award_code);
  // Live history rows of `award_code` in `org_id` for `year`.
  int64_t CountHeld(const std::string& org_id, int year, const std::string& award_code);
  // Dossiers of `award_code` for `year` originated by `org_id` in COUNCIL_VOTING or AWAITING_DECISION, other than
  // `except_dossier_id`.
  int64_t CountInCouncil(const std::string& org_id, int year, const std::string& award_code,
                         const std::string& except_dossier_id);
  // The years in [first_year, last_year] in which the subject holds `award_code` (live rows), ascending.
  std::vector<int> YearsHeld(AwardSubjectKind kind, const std::string& subject_id, const std::string& award_code,
                             int first_year, int last_year);

  // ---- the plan targets (award_history_store.cc) ----
  // Locks the row of dossier.plan_target_lock of (campaign, target's award codes joined with "+"), created on
  // first use, until the transaction ends: the transitions that count against one target run one after the other.
  void LockPlanTarget(const std::string& campaign_id, const std::string& target_key);
  // Dossiers of one of `award_codes` for a year in [first_year, last_year] whose origin path holds
  // `covers_org_id`, other than `except_dossier_id`: DECIDED or PUBLISHED, and with `counting_council` also
  // COUNCIL_VOTING or AWAITING_DECISION.
  int64_t CountForTarget(const std::vector<std::string>& award_codes, const std::string& covers_org_id,
                         int first_year, int last_year, bool counting_council, const std::string& except_dossier_id);

 private:
  friend class DossierStore;
  TransitionTransaction(pqxx::transaction_base& work, const common::Idempotency& idempotency,
                        const common::PiiCipher& cipher)
      : work_(work), idempotency_(idempotency), cipher_(cipher) {}

  pqxx::transaction_base& work_;
  const common::Idempotency& idempotency_;
  const common::PiiCipher& cipher_;
};

class DossierStore {
 public:
  // `cipher` seals the nominees' ID numbers and the stored responses (the service's --pii-key); both must outlive
  // the store.
  DossierStore(common::PgPool* pool, const common::PiiCipher& cipher);
  ~DossierStore();

  // NOT_FOUND when no such dossier. For reading: the counts of an open vote stored sealed read as 0 (only a
  // transition, through TransitionTransaction::Lock, opens them).
  absl::StatusOr<LoadedDossier> Load(const std::string& dossier_id) const;

  // Runs `body` in one transaction with synchronous commit (a transition is durable once acknowledged,
  // whatever the server's default): commits when it returns OK, rolls back otherwise.
  absl::Status InTransition(const std::function<absl::Status(TransitionTransaction&)>& body) const;

  // Whether a request with this id was answered already (UploadDocument asks before receiving the content).
  absl::StatusOr<bool> IsAnswered(const std::string& request_id) const;

  // The history, oldest first.
  absl::StatusOr<std::vector<EventRow>> History(const std::string& dossier_id) const;

  // The row, its history and its anchors (schema `anchor`), in one repeatable-read transaction (audit_store.cc).
  // NOT_FOUND when no such dossier; INTERNAL when the snapshot does not read.
  absl::StatusOr<HistoryAuditRecord> ReadForAudit(const std::string& dossier_id) const;

  // ---- queries (query_store.cc) ----
  // One page of ListInbox (`after` = the last item of the previous page).
  absl::StatusOr<std::vector<LoadedDossier>> Inbox(const InboxQuery& query) const;
  // One page of SearchDossiers.
  absl::StatusOr<std::vector<LoadedDossier>> Search(const SearchQuery& query) const;
  // By canonical tracking code (XXXX-XXXX-XXXX-XXXX); NOT_FOUND when none.
  absl::StatusOr<LoadedDossier> LoadByTrackingCode(const std::string& tracking_code) const;

  // ---- statistics (statistics_store.cc) ----
  // The tallies of the dossiers the query selects, read in one snapshot of the database.
  absl::StatusOr<DossierStatistics> Statistics(const StatisticsQuery& query) const;
  // Up to `limit` dossiers the query selects whose running deadline was due before query.today, most overdue first,
  // after `after` when given.
  absl::StatusOr<std::vector<OverdueRow>> OverduePage(const StatisticsQuery& query,
                                                      const std::optional<OverdueKey>& after, int limit) const;

  // ---- documents (document_store.cc) ----
  // The dossier's documents not removed, in upload order.
  absl::StatusOr<std::vector<DocumentRecord>> ListDocuments(const std::string& dossier_id) const;
  // A document with its content; NOT_FOUND when unknown, removed or of another dossier.
  absl::StatusOr<DocumentUpload> LoadDocument(const std::string& dossier_id, const std::string& document_id) const;

  // ---- the award history (award_history_store.cc) ----
  // ImportAwardHistory: in one transaction, the claim of `request_id` (a retry gets the stored response and
  // nothing is written; ALREADY_EXISTS for an id used by another request), then every record (rows of one
  // subject, award and year already held live are refused, INVALID_ARGUMENT naming their lines "Dòng N: …",
  // nothing written), then `response` recorded. The response of the request id.
  absl::StatusOr<std::string> ImportAwardHistory(std::string_view request_id, std::string_view fingerprint,
                                                 const std::vector<AwardHistoryRecord>& records,
                                                 std::string response) const;
  // A subject's rows, oldest year first (then decision date), withdrawn ones included.
  absl::StatusOr<std::vector<AwardHistoryRecord>> ListAwardHistory(AwardSubjectKind kind,
                                                                  const std::string& subject_id) const;

  // ---- rows written before ID numbers were sealed (id_number_sealing.cc, migration 010) ----
  // How many rows may still hold an ID number in clear (the service refuses to start while any does).
  absl::StatusOr<int64_t> CountUnsealedIdNumbers() const;
  // Seals them, in batches of a few hundred rows per transaction; the number of rows sealed.
  absl::StatusOr<int64_t> SealIdNumbers() const;

 private:
  common::PgPool* pool_;
  const common::PiiCipher& cipher_;
  std::unique_ptr<const common::Idempotency> idempotency_;
};

}  // namespace tdkt::dossier
