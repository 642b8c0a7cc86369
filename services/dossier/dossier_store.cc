#include "services/dossier/dossier_store.h"

#include <nlohmann/json.hpp>
#include <pqxx/binarystring>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/pg_pool.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/store_sql.h"
#include "services/dossier/snapshot_codec.h"
#include "workflow/reasons.h"
#include "base/status_macros.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

absl::Status VersionConflict(int64_t current, int64_t expected) {
  return workflow::WorkflowError(
      absl::StatusCode::kAborted, workflow::ReasonCode::kVersionConflict,
      absl::StrCat("Hồ sơ đã được cập nhật (phiên bản ", current, ", yêu cầu dựa trên phiên bản ", expected,
                   "); hãy tải lại và thử lại"));
}

void WriteDossier(pqxx::work& w, const TransitionWrite& write, bool* updated, int64_t* current_version) {
  const DossierRow& row = write.row;
  const workflow::DossierSnapshot& s = row.snapshot;
  const std::string snapshot = SnapshotToJson(s);
  const std::string state(workflow::DossierStateCode(s.state));
  if (!write.from_version) {
    w.exec_params(absl::StrCat("INSERT INTO dossier.dossier (id, tracking_code, snapshot, state, level_index, "
                               "holder_org_id, origin_org_id, award_code, year, nominee_name, nominee, submitted_at, "
                               "state_changed_at, published_on, version, created_at, updated_at, origin_org_path, "
                               "current_level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ",
                               TsOrNull(12), ", ", Ts(13), ", NULLIF($14, '')::date, $15, ", Ts(16), ", ", Ts(17),
                               ", $18::text[], $19)"),
                  s.id, row.tracking_code, snapshot, state, s.level_index, s.holder_org_id, s.origin_org_id,
                  s.award_code, row.year, row.nominee_name, pqxx::binarystring(row.nominee),
                  MicrosText(row.submitted_at), absl::ToUnixMicros(row.state_changed_at),
                  DateText(row.published_on), s.version, absl::ToUnixMicros(s.created_at),
                  absl::ToUnixMicros(s.updated_at), TextArray(row.origin_org_path),
                  static_cast<int>(row.current_level));
    *updated = true;
    return;
  }
  const pqxx::result r = w.exec_params(
      absl::StrCat("UPDATE dossier.dossier SET snapshot = $3, state = $4, level_index = $5, holder_org_id = $6, "
                   "submitted_at = ", TsOrNull(7), ", state_changed_at = ", Ts(8),
                   ", published_on = NULLIF($9, '')::date, version = $10, updated_at = ", Ts(11),
                   ", current_level = $12 WHERE id = $1 AND version = $2"),
      s.id, *write.from_version, snapshot, state, s.level_index, s.holder_org_id, MicrosText(row.submitted_at),
      absl::ToUnixMicros(row.state_changed_at), DateText(row.published_on), s.version,
      absl::ToUnixMicros(s.updated_at), static_cast<int>(row.current_level));
  *updated = r.affected_rows() == 1;
  if (!*updated) {
    const pqxx::result v = w.exec_params("SELECT version FROM dossier.dossier WHERE id = $1", s.id);
    *current_version = v.empty() ? 0 : v[0][0].as<int64_t>();
  }
}

}  // namespace

absl::StatusOr<LoadedDossier> DossierStore::Load(const std::string& dossier_id) const {
  LoadedDossier loaded;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat("SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
                                                      " FROM dossier.dossier d ", LastDeadlineJoin("d"),
                                                      " WHERE d.id = $1"),
                                         dossier_id);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy hồ sơ");
    TDKT_ASSIGN_OR_RETURN(loaded, LoadedOf(r[0]));
    return absl::OkStatus();
  }));
  return loaded;
}

absl::StatusOr<std::optional<IdempotencyRecord>> DossierStore::FindRequest(const std::string& request_id) const {
  std::optional<IdempotencyRecord> found;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        "SELECT request_sha256, response FROM dossier.idempotency WHERE request_id = $1", request_id);
    if (!r.empty()) found = IdempotencyRecord{r[0][0].as<std::string>(), pqxx::binarystring(r[0][1]).str()};
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<CommitResult> DossierStore::CommitTransition(const TransitionWrite& write) const {
  CommitResult result;
  const workflow::DossierSnapshot& s = write.row.snapshot;
  absl::Status status = pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // DESIGN §3: a transition is durable when it is acknowledged, whatever the server default says.
    w.exec("SET LOCAL synchronous_commit = on");
    // The idempotency row goes first: a concurrent request with the same id blocks here until the first
    // commits (then it finds no row inserted and returns the first response) or rolls back (then it proceeds).
    const pqxx::result claimed = w.exec_params(
        "INSERT INTO dossier.idempotency (request_id, request_sha256, response) VALUES ($1, $2, $3) "
        "ON CONFLICT (request_id) DO NOTHING RETURNING 1",
        write.request_id, write.request_sha256, pqxx::binarystring(write.response));
    if (claimed.empty()) {
      const pqxx::result r = w.exec_params(
          "SELECT request_sha256, response FROM dossier.idempotency WHERE request_id = $1", write.request_id);
      if (r.empty()) return absl::AbortedError("concurrent request with the same request_id; retry");
      result.earlier = IdempotencyRecord{r[0][0].as<std::string>(), pqxx::binarystring(r[0][1]).str()};
      return absl::CancelledError("duplicate");  // rolls back; turned into the earlier response below
    }
    bool updated = false;
    int64_t current_version = 0;
    WriteDossier(w, write, &updated, &current_version);
    if (!updated) return VersionConflict(current_version, *write.from_version);

    // The dossier row is locked now, so the previous entry cannot change under us.
    std::string prev_hash(kGenesisHash);
    if (s.version > 1) {
      const pqxx::result p = w.exec_params("SELECT hash FROM dossier.event WHERE dossier_id = $1 AND seq = $2",
                                           s.id, s.version - 1);
      if (p.empty()) return absl::DataLossError("Lịch sử hồ sơ bị thiếu bản ghi trước; hãy kiểm tra VerifyHistory");
      prev_hash = p[0][0].as<std::string>();
    }
    const std::string hash = HistoryHash(prev_hash, write.event_payload);
    w.exec_params(absl::StrCat("INSERT INTO dossier.event (dossier_id, seq, version, type, actor_id, occurred_at, "
                               "payload, prev_hash, hash) VALUES ($1, $2, $2, $3, $4, ",
                               Ts(5), ", $6, $7, $8)"),
                  s.id, s.version, write.event_type, write.actor_id, absl::ToUnixMicros(s.updated_at),
                  write.event_payload, prev_hash, hash);

    for (const DeadlineRecord& d : write.deadlines) {
      w.exec_params(
          absl::StrCat("INSERT INTO dossier.deadline (dossier_id, deadline_no, level_index, org_id, received_at, "
                       "working_days, due_date, paused_at, pauses, escalation_count, state) VALUES ($1, $2, $3, $4, ",
                       Ts(5), ", $6, $7::date, ", TsOrNull(8), ", $9, $10, $11) "
                       "ON CONFLICT (dossier_id, deadline_no) DO UPDATE SET due_date = EXCLUDED.due_date, "
                       "paused_at = EXCLUDED.paused_at, pauses = EXCLUDED.pauses, "
                       "escalation_count = EXCLUDED.escalation_count, state = EXCLUDED.state"),
          s.id, d.deadline_no, d.level_index, d.org_id, absl::ToUnixMicros(d.received_at), d.working_days,
          FormatDate(d.due_date), MicrosText(d.paused_at), PausesToJson(d.pauses), d.escalation_count,
          DeadlineRecordStateName(d.state));
    }
    // The dossier's due date column follows its live deadline, for inbox ordering.
    w.exec_params(
        "UPDATE dossier.dossier SET due_date = (SELECT due_date FROM dossier.deadline WHERE dossier_id = $1 "
        "AND state = 'RUNNING' ORDER BY deadline_no DESC LIMIT 1) WHERE id = $1",
        s.id);
    if (write.new_document && write.new_document_content) {
      InsertDocument(w, *write.new_document, *write.new_document_content);
    }
    if (!write.removed_document_id.empty()) {
      MarkDocumentRemoved(w, s.id, write.removed_document_id, write.actor_id, s.updated_at);
    }
    for (const OutboxRow& o : write.outbox) {
      w.exec_params("INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    o.event_id, s.id, s.version, o.type, pqxx::binarystring(o.envelope));
    }
    return absl::OkStatus();
  });
  if (result.earlier) return result;
  TDKT_RETURN_IF_ERROR(status);
  return result;
}

absl::StatusOr<std::vector<EventRow>> DossierStore::History(const std::string& dossier_id) const {
  std::vector<EventRow> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        absl::StrCat("SELECT seq, type, actor_id, ", MicrosOf("occurred_at"),
                     ", payload, prev_hash, hash FROM dossier.event WHERE dossier_id = $1 ORDER BY seq"),
        dossier_id);
    for (const auto& row : r) {
      rows.push_back(EventRow{row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                              TimeOf(row[3]), row[4].as<std::string>(), row[5].as<std::string>(),
                              row[6].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace tdkt::dossier
