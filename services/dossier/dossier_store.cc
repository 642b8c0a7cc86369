#include "services/dossier/dossier_store.h"

#include <pqxx/binarystring>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "services/common/prepared_statement.h"
#include "services/common/proto_conversions.h"
#include "services/dossier/snapshot_codec.h"
#include "services/dossier/store_sql.h"
#include "workflow/reasons.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

absl::Status VersionConflict(int64_t current, int64_t expected) {
  return workflow::WorkflowError(
      absl::StatusCode::kAborted, workflow::ReasonCode::kVersionConflict,
      absl::StrCat("Hồ sơ đã được cập nhật (phiên bản ", current, ", yêu cầu dựa trên phiên bản ", expected,
                   "); hãy tải lại và thử lại"));
}

// The dossier's due date column follows its live deadline while it runs (inbox order, migration 002).
std::string DueDateText(const std::optional<DeadlineRecord>& live) {
  return live && live->state == DeadlineRecordState::kRunning ? base::FormatIsoDate(live->due_date) : std::string();
}

void InsertDossier(pqxx::transaction_base& w, const common::PiiCipher& cipher, const TransitionWrite& write) {
  const DossierRow& row = write.row;
  const workflow::DossierSnapshot& s = row.snapshot;
  static const common::PreparedStatement kInsert("dossier_insert", absl::StrCat(
      "INSERT INTO dossier.dossier (id, tracking_code, snapshot, state, level_index, holder_org_id, origin_org_id, "
      "award_code, year, nominee_name, nominee, submitted_at, state_changed_at, published_on, version, created_at, "
      "updated_at, origin_org_path, current_level, due_date, held_org_ids, nominee_id_number, id_number_sealed, "
      "registration_id) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ", TsOrNull(12), ", ", Ts(13),
      ", NULLIF($14, '')::date, $15, ", Ts(16), ", ", Ts(17), ", $18::text[], $19, NULLIF($20, '')::date, "
      "$21::text[], NULLIF($22::bytea, ''::bytea), TRUE, $23)"));
  kInsert.Exec(w, s.id, row.tracking_code, SnapshotToJson(s, &cipher), std::string(workflow::DossierStateCode(s.state)),
                s.level_index, s.holder_org_id, s.origin_org_id, s.award_code, row.year, row.nominee_name,
                pqxx::binarystring(row.nominee), MicrosText(row.submitted_at), absl::ToUnixMicros(row.state_changed_at),
                DateText(row.published_on), s.version, absl::ToUnixMicros(s.created_at),
                absl::ToUnixMicros(s.updated_at), TextArray(row.origin_org_path),
                common::StoredOrgLevel(row.current_level), DueDateText(write.live_deadline),
                TextArray(row.held_org_ids),
                pqxx::binarystring(SealedIdNumber(cipher, s.id, row.nominee_id_number)), row.registration_id);
}

// Idempotent responses may carry the nominee's ID number (a command's response shows what GetDossier shows the
// caller): sealed like it, bound to their request id.
std::string ResponseField(std::string_view request_id) {
  return absl::StrCat("dossier.idempotency.response:", base::AsAbsl(request_id));
}

// ABORTED when the row is no longer at write.from_version (the lock makes that a safety net only).
absl::Status UpdateDossier(pqxx::transaction_base& w, const common::PiiCipher& cipher, const TransitionWrite& write) {
  const DossierRow& row = write.row;
  const workflow::DossierSnapshot& s = row.snapshot;
  static const common::PreparedStatement kUpdate("dossier_update", absl::StrCat(
      "UPDATE dossier.dossier SET snapshot = $3, state = $4, level_index = $5, holder_org_id = $6, submitted_at = ",
      TsOrNull(7), ", state_changed_at = ", Ts(8), ", published_on = NULLIF($9, '')::date, version = $10, "
      "updated_at = ", Ts(11), ", current_level = $12, due_date = NULLIF($13, '')::date, held_org_ids = $14::text[] "
      "WHERE id = $1 AND version = $2"));
  const pqxx::result r = kUpdate.Exec(
      w, s.id, *write.from_version, SnapshotToJson(s, &cipher), std::string(workflow::DossierStateCode(s.state)),
      s.level_index, s.holder_org_id, MicrosText(row.submitted_at), absl::ToUnixMicros(row.state_changed_at),
      DateText(row.published_on), s.version, absl::ToUnixMicros(s.updated_at),
      common::StoredOrgLevel(row.current_level), DueDateText(write.live_deadline), TextArray(row.held_org_ids));
  if (r.affected_rows() == 1) return absl::OkStatus();
  const pqxx::result v = w.exec_params("SELECT version FROM dossier.dossier WHERE id = $1", s.id);
  return VersionConflict(v.empty() ? 0 : v[0][0].as<int64_t>(), *write.from_version);
}

void InsertEvent(pqxx::transaction_base& w, const TransitionWrite& write) {
  const workflow::DossierSnapshot& s = write.row.snapshot;
  static const common::PreparedStatement kInsert("dossier_event_insert", absl::StrCat(
      "INSERT INTO dossier.event (dossier_id, seq, version, type, actor_id, occurred_at, payload, prev_hash, hash) "
      "VALUES ($1, $2, $2, $3, $4, ", Ts(5), ", $6, $7, $8)"));
  kInsert.Exec(w, s.id, s.version, write.event_type, write.actor_id, absl::ToUnixMicros(s.updated_at),
                write.event_payload, write.prev_hash, write.event_hash);
}

// Every deadline row of the command in one statement (at most one per deadline number).
void UpsertDeadlines(pqxx::transaction_base& w, const std::string& dossier_id,
                     const std::vector<DeadlineRecord>& deadlines) {
  if (deadlines.empty()) return;
  std::vector<std::string> no, level, org, received, days, due, paused, pauses, escalations, state, calendar;
  for (const DeadlineRecord& d : deadlines) {
    no.push_back(std::to_string(d.deadline_no));
    level.push_back(std::to_string(d.level_index));
    org.push_back(d.org_id);
    received.push_back(std::to_string(absl::ToUnixMicros(d.received_at)));
    days.push_back(std::to_string(d.working_days));
    due.push_back(base::FormatIsoDate(d.due_date));
    paused.push_back(MicrosText(d.paused_at));
    pauses.push_back(PausesToJson(d.pauses));
    escalations.push_back(std::to_string(d.escalation_count));
    state.push_back(DeadlineRecordStateName(d.state));
    calendar.push_back(std::to_string(d.calendar_version));
  }
  static const common::PreparedStatement kUpsert("dossier_deadline_upsert", absl::StrCat(
      "INSERT INTO dossier.deadline (dossier_id, deadline_no, level_index, org_id, received_at, working_days, "
      "due_date, paused_at, pauses, escalation_count, state, calendar_version) SELECT $1, u.no, u.level, u.org, ",
      TsOf("u.received"), ", u.days, u.due, ", TsOf("NULLIF(u.paused, '')"),
      ", u.pauses, u.escalations, u.state, u.calendar FROM unnest($2::int[], $3::int[], $4::text[], $5::bigint[], "
      "$6::int[], $7::date[], $8::text[], $9::text[], $10::int[], $11::text[], $12::bigint[]) "
      "AS u(no, level, org, received, days, due, paused, pauses, escalations, state, calendar) "
      "ON CONFLICT (dossier_id, deadline_no) DO UPDATE SET due_date = EXCLUDED.due_date, "
      "paused_at = EXCLUDED.paused_at, pauses = EXCLUDED.pauses, escalation_count = EXCLUDED.escalation_count, "
      "state = EXCLUDED.state, calendar_version = EXCLUDED.calendar_version"));
  kUpsert.Exec(w, dossier_id, TextArray(no), TextArray(level), TextArray(org), TextArray(received),
                TextArray(days), TextArray(due), TextArray(paused), TextArray(pauses), TextArray(escalations),
                TextArray(state), TextArray(calendar));
}

// Every outbox row of the command in one statement, in order (the relay publishes in id order).
void InsertOutbox(pqxx::transaction_base& w, const workflow::DossierSnapshot& s, const std::vector<OutboxRow>& outbox) {
  if (outbox.empty()) return;
  std::vector<std::string> ids, types, envelopes;
  for (const OutboxRow& o : outbox) {
    ids.push_back(o.event_id);
    types.push_back(o.type);
    envelopes.push_back(base::HexOf(o.envelope));
  }
  static const common::PreparedStatement kInsert(
      "dossier_outbox_insert",
      "INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
      "SELECT u.id, $1, $2, u.type, decode(u.envelope, 'hex') "
      "FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(id, type, envelope, n) ORDER BY u.n");
  kInsert.Exec(w, s.id, s.version, TextArray(ids), TextArray(types), TextArray(envelopes));
}

}  // namespace

DossierStore::DossierStore(common::PgPool* pool, const common::PiiCipher& cipher)
    : pool_(pool), cipher_(cipher), idempotency_(std::make_unique<common::Idempotency>("dossier")) {}

DossierStore::~DossierStore() = default;

absl::StatusOr<LoadedDossier> DossierStore::Load(const std::string& dossier_id) const {
  LoadedDossier loaded;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat("SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
                                                      " FROM dossier.dossier d ", LastDeadlineJoin("d"),
                                                      " WHERE d.id = $1"),
                                         dossier_id);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy hồ sơ");
    TDKT_ASSIGN_OR_RETURN(loaded, LoadedOf(r[0], cipher_));
    return absl::OkStatus();
  }));
  return loaded;
}

absl::Status DossierStore::InTransition(const std::function<absl::Status(TransitionTransaction&)>& body) const {
  return pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // A transition is durable when it is acknowledged, whatever the server default says.
    w.exec("SET LOCAL synchronous_commit = on");
    TransitionTransaction txn(w, *idempotency_, cipher_);
    return body(txn);
  });
}

absl::StatusOr<bool> DossierStore::IsAnswered(const std::string& request_id) const {
  bool answered = false;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    answered = !w.exec_params("SELECT 1 FROM dossier.idempotency WHERE request_id = $1", request_id).empty();
    return absl::OkStatus();
  }));
  return answered;
}

absl::StatusOr<std::optional<std::string>> TransitionTransaction::Claim(std::string_view request_id,
                                                                        std::string_view fingerprint) {
  TDKT_ASSIGN_OR_RETURN(std::optional<std::string> sealed, idempotency_.Claim(work_, request_id, fingerprint));
  if (!sealed) return std::nullopt;
  absl::StatusOr<std::string> response = cipher_.Open(ResponseField(request_id), *sealed);
  if (!response.ok()) {
    return absl::DataLossError(absl::StrCat("Không giải mã được phản hồi đã lưu của yêu cầu này; hãy báo quản trị hệ "
                                            "thống (", response.status().message(), ")"));
  }
  return std::optional<std::string>(std::move(*response));
}

void TransitionTransaction::Record(std::string_view request_id, std::string_view response) {
  idempotency_.Record(work_, request_id, cipher_.Seal(ResponseField(request_id), response));
}

absl::StatusOr<LockedDossier> TransitionTransaction::Lock(const std::string& dossier_id) {
  // Two statements: a statement that waited for the row lock sees the row as it is now, but every other table
  // (the deadline, the history head) as it was when the statement began, before the transaction it waited for
  // committed. The read after the lock starts afresh and sees it all.
  static const common::PreparedStatement kLock("dossier_lock",
                                               "SELECT 1 FROM dossier.dossier WHERE id = $1 FOR UPDATE");
  if (kLock.Exec(work_, dossier_id).empty()) {
    return absl::NotFoundError("Không tìm thấy hồ sơ");
  }
  static const common::PreparedStatement kLoad("dossier_load_locked", absl::StrCat(
      "SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
      ", (SELECT e.hash FROM dossier.event e WHERE e.dossier_id = d.id AND e.seq = d.version) "
      "FROM dossier.dossier d ", LastDeadlineJoin("d"), " WHERE d.id = $1"));
  const pqxx::result r = kLoad.Exec(work_, dossier_id);
  LockedDossier locked;
  TDKT_ASSIGN_OR_RETURN(locked.loaded, LoadedOf(r.at(0), cipher_));
  const pqxx::field head = r[0][kDossierColumnCount + kDeadlineColumnCount];
  if (!head.is_null()) locked.head_hash = head.as<std::string>();
  return locked;
}

absl::Status TransitionTransaction::Write(const TransitionWrite& write) {
  const workflow::DossierSnapshot& s = write.row.snapshot;
  if (write.from_version) {
    TDKT_RETURN_IF_ERROR(UpdateDossier(work_, cipher_, write));
  } else {
    InsertDossier(work_, cipher_, write);
  }
  InsertEvent(work_, write);
  UpsertDeadlines(work_, s.id, write.deadlines);
  InsertOutbox(work_, s, write.outbox);
  if (write.new_document && write.new_document_content) {
    InsertDocument(work_, *write.new_document, *write.new_document_content);
  }
  if (!write.removed_document_id.empty()) {
    MarkDocumentRemoved(work_, s.id, write.removed_document_id, write.actor_id, s.updated_at);
  }
  if (write.withdraws_award) WithdrawAward(work_, s.id, s.updated_at);
  if (write.granted_award) InsertAwardHistory(work_, *write.granted_award);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<EventRow>> DossierStore::History(const std::string& dossier_id) const {
  std::vector<EventRow> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    rows = ReadHistory(w, dossier_id);
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace tdkt::dossier
