#include "services/scheduler/timer_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"

namespace tdkt::scheduler {
namespace {

// Unix microseconds ↔ timestamptz, exactly (extract() is numeric in PostgreSQL 15).
std::string Micros(const std::string& column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}
std::string FromMicros(const std::string& param) {
  return absl::StrCat("(timestamptz 'epoch' + ", param, "::bigint * interval '1 microsecond')");
}
// The claim instant: the injected clock's when given, else the database's.
std::string ClaimNow(const std::string& param) { return absl::StrCat("COALESCE(", FromMicros(param), ", now())"); }

std::optional<int64_t> MicrosOf(std::optional<absl::Time> t) {
  if (!t) return std::nullopt;
  return absl::ToUnixMicros(*t);
}

const std::string& TimerColumns() {
  static const std::string* columns = new std::string(absl::StrCat(
      "t.id, t.kind, t.status, t.dossier_id, t.deadline_id, t.campaign_deadline_id, t.level, t.org_id, "
      "t.reminder_kind, t.step, t.due_date::text, t.fire_on::text, ",
      Micros("t.fire_at"), ", ", Micros("t.fired_at"), ", t.lateness_ms, t.attempts, t.last_error"));
  return *columns;
}

TimerRow ReadTimer(const pqxx::row& r) {
  TimerRow row;
  row.id = r[0].as<std::string>();
  row.kind = r[1].as<int>();
  row.status = r[2].as<int>();
  row.dossier_id = r[3].as<std::string>();
  row.deadline_id = r[4].as<std::string>();
  row.campaign_deadline_id = r[5].as<std::string>();
  row.level = r[6].as<int>();
  row.org_id = r[7].as<std::string>();
  row.reminder_kind = r[8].as<int>();
  row.step = r[9].as<int>();
  row.due_date = base::ParseIsoDate(r[10].as<std::string>()).value_or(absl::CivilDay());
  row.fire_on = base::ParseIsoDate(r[11].as<std::string>()).value_or(absl::CivilDay());
  row.fire_at = absl::FromUnixMicros(r[12].as<int64_t>());
  if (!r[13].is_null()) row.fired_at = absl::FromUnixMicros(r[13].as<int64_t>());
  if (!r[14].is_null()) row.lateness_ms = r[14].as<int64_t>();
  row.attempts = r[15].as<int>();
  row.last_error = r[16].as<std::string>();
  return row;
}

// Locks the dossier's version row; false when `version` is older than the one already applied.
bool AdvanceDossierVersion(pqxx::transaction_base& txn, const std::string& dossier_id, int64_t version) {
  txn.exec_params("INSERT INTO scheduler.dossier_version (dossier_id, applied_version) VALUES ($1, 0) "
                  "ON CONFLICT (dossier_id) DO NOTHING",
                  dossier_id);
  const int64_t applied =
      txn.exec_params1("SELECT applied_version FROM scheduler.dossier_version WHERE dossier_id = $1 FOR UPDATE",
                       dossier_id)[0]
          .as<int64_t>();
  if (version < applied) return false;
  txn.exec_params("UPDATE scheduler.dossier_version SET applied_version = $2 WHERE dossier_id = $1", dossier_id,
                  version);
  return true;
}

void UpsertDeadline(pqxx::transaction_base& txn, const DeadlineEvent& e) {
  std::optional<std::string> due;
  if (e.due_date) due = base::FormatIsoDate(*e.due_date);
  txn.exec_params(
      "INSERT INTO scheduler.deadline (deadline_id, dossier_id, level, org_id, due_date, state, dossier_version, "
      "context) VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8) "
      "ON CONFLICT (deadline_id) DO UPDATE SET level = $3, org_id = $4, due_date = $5::date, state = $6, "
      "dossier_version = $7, context = $8, updated_at = now()",
      e.deadline_id, e.dossier_id, e.level, e.org_id, due, DeadlineStateAfter(e.change), e.dossier_version,
      pqxx::binarystring(e.context));
}

void InsertTimer(pqxx::transaction_base& txn, const std::string& id, const TimerRow& owner,
                 const PlannedTimer& timer) {
  static const std::string* sql = new std::string(absl::StrCat(
      "INSERT INTO scheduler.timer (id, kind, status, dossier_id, deadline_id, campaign_deadline_id, level, org_id, "
      "reminder_kind, step, due_date, fire_on, fire_at, next_attempt_at) "
      "VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10::date, $11::date, ", FromMicros("$12"), ", ",
      FromMicros("$12"), ") "
      // A re-plan to the same due date finds the same rows: a fired one stays fired, any other is pending again.
      "ON CONFLICT (id) DO UPDATE SET status = CASE WHEN scheduler.timer.status = 3 THEN 3 ELSE 1 END, "
      "org_id = EXCLUDED.org_id, level = EXCLUDED.level, fire_at = EXCLUDED.fire_at, "
      "next_attempt_at = CASE WHEN scheduler.timer.status = 3 THEN scheduler.timer.next_attempt_at "
      "ELSE EXCLUDED.next_attempt_at END, updated_at = now()"));
  txn.exec_params(*sql, id, static_cast<int>(timer.kind), owner.dossier_id, owner.deadline_id,
                  owner.campaign_deadline_id, owner.level, owner.org_id, static_cast<int>(timer.reminder_kind),
                  timer.step, base::FormatIsoDate(owner.due_date), base::FormatIsoDate(timer.fire_on),
                  absl::ToUnixMicros(timer.fire_at));
}

// SET and RESUMED: the deadline's plan for its (new) due date replaces every other live timer of the dossier.
void Replan(pqxx::transaction_base& txn, const DeadlineEvent& e, const std::vector<PlannedTimer>& plan) {
  const std::string due = base::FormatIsoDate(*e.due_date);
  // A dossier has one live deadline: timers of other deadlines or other due dates are void.
  txn.exec_params("UPDATE scheduler.timer SET status = 4, updated_at = now() "
                  "WHERE dossier_id = $1 AND status IN (1, 2) AND (deadline_id <> $2 OR due_date <> $3::date)",
                  e.dossier_id, e.deadline_id, due);
  TimerRow owner;
  owner.dossier_id = e.dossier_id;
  owner.deadline_id = e.deadline_id;
  owner.level = e.level;
  owner.org_id = e.org_id;
  owner.due_date = *e.due_date;
  std::string ids = "{";
  for (const PlannedTimer& timer : plan) {
    const std::string id = TimerId(e.deadline_id, *e.due_date, timer);
    InsertTimer(txn, id, owner, timer);
    absl::StrAppend(&ids, ids.size() > 1 ? "," : "", "\"", id, "\"");
  }
  ids += "}";
  // Same due date after a pause: reminders whose instant passed while paused are not sent late.
  txn.exec_params("UPDATE scheduler.timer SET status = 4, updated_at = now() "
                  "WHERE deadline_id = $1 AND status = 2 AND NOT (id = ANY($2::text[]))",
                  e.deadline_id, ids);
}

}  // namespace

absl::StatusOr<bool> TimerStore::ApplyDeadlineEvent(pqxx::transaction_base& txn, const DeadlineEvent& e,
                                                    const std::vector<PlannedTimer>& plan) {
  if (!AdvanceDossierVersion(txn, e.dossier_id, e.dossier_version)) return false;
  UpsertDeadline(txn, e);
  switch (e.change) {
    case DeadlineChange::kSet:
    case DeadlineChange::kResumed:
      Replan(txn, e, plan);
      break;
    case DeadlineChange::kPaused:
      txn.exec_params("UPDATE scheduler.timer SET status = 2, updated_at = now() "
                      "WHERE deadline_id = $1 AND status = 1",
                      e.deadline_id);
      break;
    case DeadlineChange::kCleared:
      txn.exec_params("UPDATE scheduler.timer SET status = 4, updated_at = now() "
                      "WHERE deadline_id = $1 AND status IN (1, 2)",
                      e.deadline_id);
      break;
  }
  return true;
}

std::vector<ClaimedTimer> TimerStore::ClaimDueReminders(pqxx::transaction_base& txn,
                                                        std::optional<absl::Time> claim_now, int limit) {
  static const std::string* sql = new std::string(absl::StrCat(
      "WITH due AS (SELECT id FROM scheduler.timer WHERE status = 1 AND kind = 1 AND next_attempt_at <= ",
      ClaimNow("$1"), " ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED), "
      "fired AS (UPDATE scheduler.timer t SET status = 3, fired_at = ", ClaimNow("$1"),
      ", lateness_ms = (extract(epoch FROM ", ClaimNow("$1"), " - t.fire_at) * 1000)::bigint, "
      "attempts = t.attempts + 1, updated_at = now() FROM due WHERE t.id = due.id RETURNING t.*) "
      "SELECT ", TimerColumns(), ", d.context FROM fired t LEFT JOIN scheduler.deadline d "
      "ON d.deadline_id = t.deadline_id AND t.deadline_id <> '' ORDER BY t.fire_at, t.id"));
  std::vector<ClaimedTimer> claimed;
  for (const pqxx::row& r : txn.exec_params(*sql, MicrosOf(claim_now), limit)) {
    ClaimedTimer timer{ReadTimer(r), ""};
    if (!r[17].is_null()) timer.context = pqxx::binarystring(r[17]).str();
    claimed.push_back(std::move(timer));
  }
  return claimed;
}

std::optional<TimerRow> TimerStore::ClaimDueEscalation(pqxx::transaction_base& txn,
                                                       std::optional<absl::Time> claim_now) {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", TimerColumns(), " FROM scheduler.timer t WHERE t.status = 1 AND t.kind = 2 AND t.next_attempt_at <= ",
      ClaimNow("$1"), " ORDER BY t.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED"));
  const pqxx::result r = txn.exec_params(*sql, MicrosOf(claim_now));
  if (r.empty()) return std::nullopt;
  return ReadTimer(r[0]);
}

void TimerStore::RecordEscalation(pqxx::transaction_base& txn, const std::string& timer_id,
                                  std::optional<absl::Time> claim_now, const EscalationOutcome& outcome) {
  static const std::string* done = new std::string(absl::StrCat(
      "UPDATE scheduler.timer SET status = $2, fired_at = CASE WHEN $2 = 3 THEN ", ClaimNow("$3"),
      " END, lateness_ms = CASE WHEN $2 = 3 THEN (extract(epoch FROM ", ClaimNow("$3"),
      " - fire_at) * 1000)::bigint END, attempts = attempts + 1, last_error = $4, updated_at = now() WHERE id = $1"));
  static const std::string* retry = new std::string(absl::StrCat(
      "UPDATE scheduler.timer SET attempts = attempts + 1, last_error = $3, next_attempt_at = ", ClaimNow("$2"),
      " + $4::bigint * interval '1 millisecond', updated_at = now() WHERE id = $1"));
  switch (outcome.kind) {
    case EscalationOutcome::Kind::kDone:
      txn.exec_params(*done, timer_id, 3, MicrosOf(claim_now), outcome.error);
      break;
    case EscalationOutcome::Kind::kStale:
      txn.exec_params(*done, timer_id, 4, MicrosOf(claim_now), outcome.error);
      break;
    case EscalationOutcome::Kind::kRetry:
      txn.exec_params(*retry, timer_id, MicrosOf(claim_now), outcome.error,
                      absl::ToInt64Milliseconds(outcome.retry_after));
      break;
  }
}

void TimerStore::InsertFollowingTimer(pqxx::transaction_base& txn, const TimerRow& like, const PlannedTimer& timer) {
  const std::string key = like.deadline_id.empty() ? like.campaign_deadline_id + "@" + like.org_id : like.deadline_id;
  InsertTimer(txn, TimerId(key, like.due_date, timer), like, timer);
}

void TimerStore::InsertOutbox(pqxx::transaction_base& txn, const OutboxEvent& event) {
  txn.exec_params("INSERT INTO scheduler.outbox (event_id, dossier_id, type, envelope) VALUES ($1, $2, $3, $4)",
                  event.event_id, event.dossier_id, event.type, pqxx::binarystring(event.envelope));
}

std::optional<TimerStore::NextDue> TimerStore::NextPending(pqxx::transaction_base& txn,
                                                           std::optional<absl::Time> claim_now) {
  // clock_timestamp(), not now(): the transaction may have started a while ago.
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", Micros("min(next_attempt_at)"), ", ",
      Micros(absl::StrCat("COALESCE(", FromMicros("$1"), ", clock_timestamp())")),
      " FROM scheduler.timer WHERE status = 1"));
  const pqxx::row r = txn.exec_params1(*sql, MicrosOf(claim_now));
  if (r[0].is_null()) return std::nullopt;
  const int64_t at = r[0].as<int64_t>();
  return NextDue{absl::FromUnixMicros(at), absl::Microseconds(at - r[1].as<int64_t>())};
}

bool TimerStore::DeadlineRuns(pqxx::transaction_base& txn, const std::string& deadline_id, absl::CivilDay due) {
  const pqxx::result r = txn.exec_params(
      "SELECT 1 FROM scheduler.deadline WHERE deadline_id = $1 AND state = 'RUNNING' AND due_date = $2::date "
      "FOR SHARE",
      deadline_id, base::FormatIsoDate(due));
  return !r.empty();
}

absl::Time TimerStore::DatabaseNow(pqxx::transaction_base& txn) {
  return absl::FromUnixMicros(txn.exec1(absl::StrCat("SELECT ", Micros("clock_timestamp()")))[0].as<int64_t>());
}

std::vector<TimerRow> TimerStore::DossierTimers(pqxx::transaction_base& txn, const std::string& dossier_id) {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ", TimerColumns(), " FROM scheduler.timer t WHERE t.dossier_id = $1 ORDER BY t.fire_at, t.id"));
  std::vector<TimerRow> rows;
  for (const pqxx::row& r : txn.exec_params(*sql, dossier_id)) rows.push_back(ReadTimer(r));
  return rows;
}

}  // namespace tdkt::scheduler
