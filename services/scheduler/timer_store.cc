#include "services/scheduler/timer_store.h"

#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"
#include "services/common/pg_arrays.h"

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
  static const std::string* columns = new std::string(
      absl::StrCat("t.id, t.kind, t.status, t.dossier_id, t.deadline_id, t.campaign_deadline_id, t.level, t.org_id, "
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

// Records `version` as the dossier's applied version, locking its row; false (nothing changed) when a newer
// version was applied already.
bool AdvanceDossierVersion(pqxx::transaction_base& txn, const std::string& dossier_id, int64_t version) {
  return !txn.exec_params(
                 "INSERT INTO scheduler.dossier_version AS v (dossier_id, applied_version) VALUES ($1, $2) "
                 "ON CONFLICT (dossier_id) DO UPDATE SET applied_version = EXCLUDED.applied_version "
                 "WHERE v.applied_version <= EXCLUDED.applied_version RETURNING 1",
                 dossier_id, version)
              .empty();
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

// One statement for every timer to write: each as (id, the row whose deadline it belongs to, its plan).
struct TimerWrite {
  std::string id;
  const TimerRow* owner;
  PlannedTimer timer;
};

void InsertTimers(pqxx::transaction_base& txn, const std::vector<TimerWrite>& writes) {
  if (writes.empty()) return;
  static const std::string* sql = new std::string(absl::StrCat(
      "INSERT INTO scheduler.timer (id, kind, status, dossier_id, deadline_id, campaign_deadline_id, level, org_id, "
      "reminder_kind, step, due_date, fire_on, fire_at, next_attempt_at) "
      "SELECT id, kind, 1, dossier_id, deadline_id, campaign_id, level, org_id, reminder_kind, step, due::date, "
      "fire_on::date, ",
      FromMicros("fire_at"), ", ", FromMicros("fire_at"),
      " FROM unnest($1::text[], "
      "$2::smallint[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::text[], $8::smallint[], $9::int[], "
      "$10::text[], $11::text[], $12::bigint[]) AS w(id, kind, dossier_id, deadline_id, campaign_id, level, org_id, "
      "reminder_kind, step, due, fire_on, fire_at) "
      // A re-plan to the same due date finds the same rows: a fired one stays fired (and keeps the day and instant
      // it fired for), any other is pending again at the planned day and instant — which a calendar change can
      // move (a reminder day that became a day off).
      "ON CONFLICT (id) DO UPDATE SET status = CASE WHEN scheduler.timer.status = 3 THEN 3 ELSE 1 END, "
      "org_id = EXCLUDED.org_id, level = EXCLUDED.level, "
      "fire_on = CASE WHEN scheduler.timer.status = 3 THEN scheduler.timer.fire_on ELSE EXCLUDED.fire_on END, "
      "fire_at = CASE WHEN scheduler.timer.status = 3 THEN scheduler.timer.fire_at ELSE EXCLUDED.fire_at END, "
      "next_attempt_at = CASE WHEN scheduler.timer.status = 3 THEN scheduler.timer.next_attempt_at "
      "ELSE EXCLUDED.next_attempt_at END, updated_at = now()"));
  std::vector<std::string> columns[12];
  for (const TimerWrite& w : writes) {
    const std::string values[12] = {w.id,
                                    absl::StrCat(static_cast<int>(w.timer.kind)),
                                    w.owner->dossier_id,
                                    w.owner->deadline_id,
                                    w.owner->campaign_deadline_id,
                                    absl::StrCat(w.owner->level),
                                    w.owner->org_id,
                                    absl::StrCat(static_cast<int>(w.timer.reminder_kind)),
                                    absl::StrCat(w.timer.step),
                                    base::FormatIsoDate(w.owner->due_date),
                                    base::FormatIsoDate(w.timer.fire_on),
                                    absl::StrCat(absl::ToUnixMicros(w.timer.fire_at))};
    for (int i = 0; i < 12; ++i) columns[i].push_back(values[i]);
  }
  using common::PgTextArray;
  txn.exec_params(*sql, PgTextArray(columns[0]), PgTextArray(columns[1]), PgTextArray(columns[2]),
                  PgTextArray(columns[3]), PgTextArray(columns[4]), PgTextArray(columns[5]), PgTextArray(columns[6]),
                  PgTextArray(columns[7]), PgTextArray(columns[8]), PgTextArray(columns[9]), PgTextArray(columns[10]),
                  PgTextArray(columns[11]));
}

// SET and RESUMED: the deadline's plan for its (new) due date replaces every other live timer of the dossier.
void Replan(pqxx::transaction_base& txn, const DeadlineEvent& e, const std::vector<PlannedTimer>& plan) {
  const std::string due = base::FormatIsoDate(*e.due_date);
  // A dossier has one live deadline: timers of other deadlines or other due dates are void.
  txn.exec_params(
      "UPDATE scheduler.timer SET status = 4, updated_at = now() "
      "WHERE dossier_id = $1 AND status IN (1, 2) AND (deadline_id <> $2 OR due_date <> $3::date)",
      e.dossier_id, e.deadline_id, due);
  TimerRow owner;
  owner.dossier_id = e.dossier_id;
  owner.deadline_id = e.deadline_id;
  owner.level = e.level;
  owner.org_id = e.org_id;
  owner.due_date = *e.due_date;
  std::vector<std::string> ids;
  std::vector<TimerWrite> writes;
  for (const PlannedTimer& timer : plan) {
    ids.push_back(TimerId(e.deadline_id, *e.due_date, timer));
    writes.push_back({ids.back(), &owner, timer});
  }
  InsertTimers(txn, writes);
  // Same due date after a pause: reminders whose instant passed while paused are not sent late.
  txn.exec_params(
      "UPDATE scheduler.timer SET status = 4, updated_at = now() "
      "WHERE deadline_id = $1 AND status = 2 AND NOT (id = ANY($2::text[]))",
      e.deadline_id, common::PgTextArray(ids));
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
      txn.exec_params(
          "UPDATE scheduler.timer SET status = 2, updated_at = now() "
          "WHERE deadline_id = $1 AND status = 1",
          e.deadline_id);
      break;
    case DeadlineChange::kCleared:
      txn.exec_params(
          "UPDATE scheduler.timer SET status = 4, updated_at = now() "
          "WHERE deadline_id = $1 AND status IN (1, 2)",
          e.deadline_id);
      break;
  }
  return true;
}

absl::StatusOr<int64_t> TimerStore::ReplanRunningDeadlines(pqxx::transaction_base& txn, const TimerPlanner& planner,
                                                           absl::Time after) {
  // In id order, as locks are best taken, so that two of these never wait on each other.
  const pqxx::result running = txn.exec(
      "SELECT deadline_id, dossier_id, level, org_id, due_date::text FROM scheduler.deadline "
      "WHERE state = 'RUNNING' AND due_date IS NOT NULL ORDER BY deadline_id FOR UPDATE");
  int64_t planned = 0;
  for (const pqxx::row& r : running) {
    DeadlineEvent e;
    e.deadline_id = r[0].as<std::string>();
    e.dossier_id = r[1].as<std::string>();
    e.level = r[2].as<int>();
    e.org_id = r[3].as<std::string>();
    e.due_date = base::ParseIsoDate(r[4].as<std::string>());
    if (!e.due_date) continue;
    absl::StatusOr<std::vector<PlannedTimer>> plan = planner.Plan(*e.due_date, after);
    if (!plan.ok()) return plan.status();
    Replan(txn, e, *plan);
    ++planned;
  }
  return planned;
}

std::vector<ClaimedTimer> TimerStore::ClaimDueReminders(pqxx::transaction_base& txn,
                                                        std::optional<absl::Time> claim_now, int limit) {
  static const std::string* sql = new std::string(absl::StrCat(
      // Joined by ctid, not by id: the UPDATE goes straight to the locked row versions, no primary-key lookups.
      "WITH due AS (SELECT ctid FROM scheduler.timer WHERE status = 1 AND kind = 1 AND next_attempt_at <= ",
      ClaimNow("$1"),
      " ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED), "
      "fired AS (UPDATE scheduler.timer t SET status = 3, fired_at = ",
      ClaimNow("$1"), ", lateness_ms = (extract(epoch FROM ", ClaimNow("$1"),
      " - t.fire_at) * 1000)::bigint, "
      "attempts = t.attempts + 1, updated_at = now() FROM due WHERE t.ctid = due.ctid RETURNING t.*) "
      "SELECT ",
      TimerColumns(),
      // One primary-key lookup a timer, only for the kind of owner it has: as joins, the planner hashed the whole
      // deadline table for every batch.
      ", CASE WHEN t.deadline_id <> '' THEN (SELECT d.context FROM scheduler.deadline d "
      "WHERE d.deadline_id = t.deadline_id) END, "
      "CASE WHEN t.campaign_deadline_id <> '' THEN (SELECT c.name_vi FROM scheduler.campaign_deadline c "
      "WHERE c.id = t.campaign_deadline_id) END, "
      "CASE WHEN t.campaign_deadline_id <> '' THEN (SELECT c.org_id FROM scheduler.campaign_deadline c "
      "WHERE c.id = t.campaign_deadline_id) END "
      "FROM fired t ORDER BY t.fire_at, t.id"));
  std::vector<ClaimedTimer> claimed;
  for (const pqxx::row& r : txn.exec_params(*sql, MicrosOf(claim_now), limit)) {
    ClaimedTimer timer{ReadTimer(r), "", "", ""};
    if (!r[17].is_null()) timer.context = pqxx::binarystring(r[17]).str();
    if (!r[18].is_null()) timer.campaign_name = r[18].as<std::string>();
    if (!r[19].is_null()) timer.campaign_org_id = r[19].as<std::string>();
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
      "UPDATE scheduler.timer SET status = $2::smallint, fired_at = CASE WHEN $2::smallint = 3 THEN ", ClaimNow("$3"),
      " END, lateness_ms = CASE WHEN $2::smallint = 3 THEN (extract(epoch FROM ", ClaimNow("$3"),
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

void TimerStore::InsertFollowingTimers(pqxx::transaction_base& txn, const std::vector<FollowingTimer>& timers) {
  std::vector<TimerWrite> writes;
  std::set<std::string> ids;  // one statement may not touch a row twice
  for (const FollowingTimer& following : timers) {
    const TimerRow& like = *following.like;
    const std::string key = like.deadline_id.empty() ? like.campaign_deadline_id + "@" + like.org_id : like.deadline_id;
    std::string id = TimerId(key, like.due_date, following.timer);
    if (ids.insert(id).second) writes.push_back({std::move(id), &like, following.timer});
  }
  InsertTimers(txn, writes);
}

void TimerStore::InsertCampaignTimers(pqxx::transaction_base& txn, const std::string& campaign_id,
                                      const std::string& org_id, absl::CivilDay due,
                                      const std::vector<PlannedTimer>& timers) {
  TimerRow owner;
  owner.campaign_deadline_id = campaign_id;
  owner.org_id = org_id;
  owner.due_date = due;
  std::vector<TimerWrite> writes;
  for (const PlannedTimer& timer : timers) {
    writes.push_back({TimerId(campaign_id + "@" + org_id, due, timer), &owner, timer});
  }
  InsertTimers(txn, writes);
}

std::optional<TimerStore::NextDue> TimerStore::NextPending(pqxx::transaction_base& txn,
                                                           std::optional<absl::Time> claim_now) {
  // clock_timestamp(), not now(): the transaction may have started a while ago. Reminders and escalations each
  // from their own due index.
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT ",
      Micros("LEAST((SELECT min(next_attempt_at) FROM scheduler.timer WHERE status = 1 AND kind = 1), "
             "(SELECT min(next_attempt_at) FROM scheduler.timer WHERE status = 1 AND kind = 2))"),
      ", ", Micros(absl::StrCat("COALESCE(", FromMicros("$1"), ", clock_timestamp())"))));
  const pqxx::row r = txn.exec_params1(*sql, MicrosOf(claim_now));
  if (r[0].is_null()) return std::nullopt;
  const int64_t at = r[0].as<int64_t>();
  return NextDue{absl::FromUnixMicros(at), absl::Microseconds(at - r[1].as<int64_t>())};
}

std::set<std::string> TimerStore::RunningDeadlines(pqxx::transaction_base& txn,
                                                   const std::vector<const TimerRow*>& timers) {
  std::vector<std::string> ids, dues;
  for (const TimerRow* timer : timers) {
    ids.push_back(timer->deadline_id);
    dues.push_back(base::FormatIsoDate(timer->due_date));
  }
  std::set<std::string> running;
  if (ids.empty()) return running;
  for (const pqxx::row& r : txn.exec_params(
           "SELECT d.deadline_id FROM scheduler.deadline d JOIN unnest($1::text[], $2::date[]) AS w(id, due) "
           "ON d.deadline_id = w.id AND d.due_date = w.due WHERE d.state = 'RUNNING' ORDER BY d.deadline_id "
           "FOR SHARE OF d",
           common::PgTextArray(ids), common::PgTextArray(dues))) {
    running.insert(r[0].as<std::string>());
  }
  return running;
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

std::vector<TimerRow> TimerStore::UpcomingTimers(pqxx::transaction_base& txn, const UpcomingQuery& query) {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", TimerColumns(),
                   " FROM scheduler.timer t WHERE t.status = 1 AND t.org_id = ANY($1::text[]) "
                   "AND t.fire_on BETWEEN $2::date AND $3::date AND ($4::bigint IS NULL OR (",
                   Micros("t.fire_at"), ", t.id) > ($4::bigint, $5::text)) ORDER BY t.fire_at, t.id LIMIT $6"));
  std::optional<int64_t> after_micros;
  std::optional<std::string> after_id;
  if (query.after) {
    after_micros = query.after->first;
    after_id = query.after->second;
  }
  std::vector<TimerRow> rows;
  for (const pqxx::row& r : txn.exec_params(*sql, common::PgTextArray(query.org_ids), base::FormatIsoDate(query.from),
                                            base::FormatIsoDate(query.until), after_micros, after_id, query.limit)) {
    rows.push_back(ReadTimer(r));
  }
  return rows;
}

}  // namespace tdkt::scheduler
