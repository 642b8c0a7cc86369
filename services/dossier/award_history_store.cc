// The award history and the caps' lock rows (dossier.award_history, dossier.award_quota_lock, migration 013), the
// plan targets' lock rows and counts (dossier.plan_target_lock, migration 014):
// the reads and writes of a transition (TransitionTransaction) and the import and listing of AwardHistoryService
// (DossierStore).
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "services/common/prepared_statement.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/store_sql.h"

namespace tdkt::dossier {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

namespace store_sql {

void InsertAwardHistory(pqxx::transaction_base& w, const AwardHistoryRecord& r) {
  static const common::PreparedStatement kInsert("award_history_insert", absl::StrCat(
      "INSERT INTO dossier.award_history (subject_kind, subject_id, org_id, award_code, year, decision_number, "
      "decision_date, issuing_body, source, dossier_id, import_id, import_line, recorded_at, recorded_by) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, NULLIF($10, ''), NULLIF($11, ''), "
      "NULLIF($12, 0), ", Ts(13), ", $14)"));
  const bool imported = r.source == AwardHistorySource::kImport;
  kInsert.Exec(w, AwardSubjectKindName(r.subject_kind), r.subject_id, r.org_id, r.award_code, r.year,
               r.decision_number, base::FormatIsoDate(r.decision_date), r.issuing_body, imported ? "IMPORT" : "TDKT",
               r.dossier_id, r.import_id, r.import_line, absl::ToUnixMicros(r.recorded_at), r.recorded_by);
}

void WithdrawAward(pqxx::transaction_base& w, const std::string& dossier_id, absl::Time at) {
  static const common::PreparedStatement kWithdraw("award_history_withdraw", absl::StrCat(
      "UPDATE dossier.award_history SET withdrawn_at = ", Ts(2),
      " WHERE dossier_id = $1 AND withdrawn_at IS NULL"));
  kWithdraw.Exec(w, dossier_id, absl::ToUnixMicros(at));
}

}  // namespace store_sql

void TransitionTransaction::LockQuota(const std::string& org_id, int year, const std::string& award_code) {
  static const common::PreparedStatement kCreate(
      "award_quota_lock_create",
      "INSERT INTO dossier.award_quota_lock (org_id, year, award_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
  static const common::PreparedStatement kLock(
      "award_quota_lock",
      "SELECT 1 FROM dossier.award_quota_lock WHERE org_id = $1 AND year = $2 AND award_code = $3 FOR UPDATE");
  kCreate.Exec(work_, org_id, year, award_code);
  kLock.Exec(work_, org_id, year, award_code);
}

int64_t TransitionTransaction::CountHeld(const std::string& org_id, int year, const std::string& award_code) {
  static const common::PreparedStatement kCount(
      "award_history_count_held",
      "SELECT count(*) FROM dossier.award_history "
      "WHERE org_id = $1 AND year = $2 AND award_code = $3 AND withdrawn_at IS NULL");
  return kCount.Exec(work_, org_id, year, award_code).at(0).at(0).as<int64_t>();
}

int64_t TransitionTransaction::CountInCouncil(const std::string& org_id, int year, const std::string& award_code,
                                              const std::string& except_dossier_id) {
  static const common::PreparedStatement kCount(
      "award_count_in_council",
      "SELECT count(*) FROM dossier.dossier WHERE origin_org_id = $1 AND year = $2 AND award_code = $3 "
      "AND state IN ('COUNCIL_VOTING', 'AWAITING_DECISION') AND id <> $4");
  return kCount.Exec(work_, org_id, year, award_code, except_dossier_id).at(0).at(0).as<int64_t>();
}

std::vector<int> TransitionTransaction::YearsHeld(AwardSubjectKind kind, const std::string& subject_id,
                                                  const std::string& award_code, int first_year, int last_year) {
  static const common::PreparedStatement kYears(
      "award_history_years_held",
      "SELECT DISTINCT year FROM dossier.award_history WHERE subject_kind = $1 AND subject_id = $2 "
      "AND award_code = $3 AND year BETWEEN $4 AND $5 AND withdrawn_at IS NULL ORDER BY year");
  std::vector<int> years;
  for (const auto& row : kYears.Exec(work_, AwardSubjectKindName(kind), subject_id, award_code, first_year, last_year)) {
    years.push_back(row[0].as<int>());
  }
  return years;
}

void TransitionTransaction::LockPlanTarget(const std::string& campaign_id, const std::string& target_key) {
  static const common::PreparedStatement kCreate(
      "plan_target_lock_create",
      "INSERT INTO dossier.plan_target_lock (campaign_id, award_codes) VALUES ($1, $2) ON CONFLICT DO NOTHING");
  static const common::PreparedStatement kLock(
      "plan_target_lock",
      "SELECT 1 FROM dossier.plan_target_lock WHERE campaign_id = $1 AND award_codes = $2 FOR UPDATE");
  kCreate.Exec(work_, campaign_id, target_key);
  kLock.Exec(work_, campaign_id, target_key);
}

int64_t TransitionTransaction::CountForTarget(const std::vector<std::string>& award_codes,
                                              const std::string& covers_org_id, int first_year, int last_year,
                                              bool counting_council, const std::string& except_dossier_id) {
  static const common::PreparedStatement kCount(
      "plan_target_count",
      "SELECT count(*) FROM dossier.dossier WHERE award_code = ANY($1::text[]) AND year BETWEEN $2 AND $3 "
      "AND origin_org_path @> ARRAY[$4::text] AND id <> $5 "
      "AND (state IN ('DECIDED', 'PUBLISHED') OR ($6 AND state IN ('COUNCIL_VOTING', 'AWAITING_DECISION')))");
  return kCount.Exec(work_, TextArray(award_codes), first_year, last_year, covers_org_id, except_dossier_id,
                     counting_council)
      .at(0)
      .at(0)
      .as<int64_t>();
}

absl::StatusOr<std::string> DossierStore::ImportAwardHistory(std::string_view request_id,
                                                             std::string_view fingerprint,
                                                             const std::vector<AwardHistoryRecord>& records,
                                                             std::string response) const {
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, idempotency_->Claim(w, request_id, fingerprint));
    if (earlier) {
      response = std::move(*earlier);
      return absl::OkStatus();
    }
    std::vector<std::string> kinds, subjects, codes, years, lines;
    for (const AwardHistoryRecord& r : records) {
      kinds.push_back(AwardSubjectKindName(r.subject_kind));
      subjects.push_back(r.subject_id);
      codes.push_back(r.award_code);
      years.push_back(std::to_string(r.year));
      lines.push_back(std::to_string(r.import_line));
    }
    const pqxx::result held = w.exec_params(
        "SELECT u.line, h.year, h.award_code FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) "
        "AS u(kind, subject, code, year, line) JOIN dossier.award_history h ON h.subject_kind = u.kind "
        "AND h.subject_id = u.subject AND h.award_code = u.code AND h.year = u.year AND h.withdrawn_at IS NULL "
        "ORDER BY u.line LIMIT 100",
        TextArray(kinds), TextArray(subjects), TextArray(codes), TextArray(years), TextArray(lines));
    if (!held.empty()) {
      std::vector<std::string> errors;
      for (const auto& row : held) {
        errors.push_back(absl::StrCat("Dòng ", row[0].as<int>(), ": đối tượng đã có ", row[2].as<std::string>(),
                                      " năm ", row[1].as<int>(), " trong hồ sơ thành tích"));
      }
      return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
    }
    for (const AwardHistoryRecord& r : records) InsertAwardHistory(w, r);
    idempotency_->Record(w, request_id, response);
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<std::vector<AwardHistoryRecord>> DossierStore::ListAwardHistory(AwardSubjectKind kind,
                                                                              const std::string& subject_id) const {
  std::vector<AwardHistoryRecord> records;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        absl::StrCat("SELECT org_id, award_code, year, decision_number, decision_date::text, issuing_body, source, "
                     "COALESCE(dossier_id, ''), COALESCE(import_id, ''), COALESCE(import_line, 0), ",
                     MicrosOf("recorded_at"), ", recorded_by, withdrawn_at IS NOT NULL FROM dossier.award_history "
                     "WHERE subject_kind = $1 AND subject_id = $2 ORDER BY year, decision_date, id"),
        AwardSubjectKindName(kind), subject_id);
    for (const auto& row : r) {
      AwardHistoryRecord record;
      record.subject_kind = kind;
      record.subject_id = subject_id;
      record.org_id = row[0].as<std::string>();
      record.award_code = row[1].as<std::string>();
      record.year = row[2].as<int>();
      record.decision_number = row[3].as<std::string>();
      if (std::optional<absl::CivilDay> day = base::ParseIsoDate(row[4].as<std::string>())) record.decision_date = *day;
      record.issuing_body = row[5].as<std::string>();
      record.source = row[6].as<std::string>() == "IMPORT" ? AwardHistorySource::kImport : AwardHistorySource::kTdkt;
      record.dossier_id = row[7].as<std::string>();
      record.import_id = row[8].as<std::string>();
      record.import_line = row[9].as<int>();
      record.recorded_at = TimeOf(row[10]);
      record.recorded_by = row[11].as<std::string>();
      record.withdrawn = row[12].as<bool>();
      records.push_back(std::move(record));
    }
    return absl::OkStatus();
  }));
  return records;
}

}  // namespace tdkt::dossier
