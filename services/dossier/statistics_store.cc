// DossierStore's statistics queries (GetDossierStatistics): the dossiers of a subtree that SearchDossiers would
// show, tallied by state and level, by week, and the most overdue of them. No index of their own: every index of
// dossier.dossier is written by every transition (migration 011), so these read the ones that exist — the origin
// path's GIN index for a subtree, the update-time index for the weeks of the window (a dossier submitted or
// decided in it was updated in it), the running deadlines' due-date index for the overdue, the history's primary
// key for the decisions. A province's counts read every one of its dossiers (bench/transition/query_bench.cc).
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/common/proto_conversions.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/store_sql.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

constexpr int kSecondsPerWeek = 7 * 24 * 3600;

// What SearchDossiers selects (query_store.cc), for alias x: the origin path meets a visible organisation ($1),
// the dossier was originated by ($2), held by ($3) or, once submitted, is held below ($4) one of the caller's
// organisations; within the subtree $5 when one is given.
constexpr char kSelected[] =
    "x.origin_org_path && $1::text[]"
    " AND (x.origin_org_id = ANY($2::text[]) OR x.held_org_ids && $3::text[]"
    " OR (x.submitted_at IS NOT NULL AND"
    " x.origin_org_path[array_position(x.origin_org_path, x.holder_org_id) + 1:] && $4::text[]))"
    " AND ($5::text = '' OR x.origin_org_path @> ARRAY[$5::text])";

// The holder is on the stored path: the holder's ancestors the SQL reads are those the rule reads.
constexpr char kOnPath[] = "array_position(x.origin_org_path, x.holder_org_id) IS NOT NULL";

// The window's week (start $<from>, end $<from + 1>, Unix microseconds) a time falls in, else NULL.
// Asia/Ho_Chi_Minh keeps UTC+7 all year, so every week is 7 × 86,400 seconds from the window's first Monday.
std::string WeekOf(const std::string& time, int from) {
  return absl::StrCat("CASE WHEN ", time, " >= ", Ts(from), " AND ", time, " < ", Ts(from + 1),
                      " THEN floor(extract(epoch FROM ", time, " - ", Ts(from), ") / ", kSecondsPerWeek,
                      ")::int END");
}

// The decision's time: the newest DECIDE or RECORD_EXTERNAL_OUTCOME entry of the history, read backwards along
// its primary key, for a dossier now DECIDED or PUBLISHED updated since $<from> (the window's start).
std::string DecisionJoin(int from) {
  return absl::StrCat(
      " LEFT JOIN LATERAL (SELECT e.occurred_at AS at FROM dossier.event e"
      " WHERE x.state IN ('DECIDED', 'PUBLISHED') AND x.updated_at >= ", Ts(from),
      " AND e.dossier_id = x.id AND e.type IN ('DECIDE', 'RECORD_EXTERNAL_OUTCOME')"
      " ORDER BY e.seq DESC LIMIT 1) decision ON TRUE");
}

absl::StatusOr<workflow::DossierState> StateOfCode(const std::string& code) {
  for (int s = 0; s < workflow::kDossierStateCount; ++s) {
    const auto state = static_cast<workflow::DossierState>(s);
    if (workflow::DossierStateCode(state) == code) return state;
  }
  return absl::InternalError("dossier.state is not a state code");
}

absl::StatusOr<StateLevelTally> TallyOf(const pqxx::field& state, const pqxx::field& level,
                                        const pqxx::field& count, const pqxx::field& overdue) {
  StateLevelTally tally;
  TDKT_ASSIGN_OR_RETURN(tally.state, StateOfCode(state.as<std::string>()));
  const std::optional<workflow::OrgLevel> stored = common::OrgLevelFromStored(level.as<int>());
  if (!stored) return absl::InternalError("dossier.current_level out of range");
  tally.level = *stored;
  tally.count = count.as<int64_t>();
  tally.overdue = overdue.as<int64_t>();
  return tally;
}

WeekTally WeeksOf(const pqxx::field& submitted, const pqxx::field& decided, const pqxx::field& count) {
  WeekTally weeks;
  if (!submitted.is_null()) weeks.submitted_week = submitted.as<int>();
  if (!decided.is_null()) weeks.decided_week = decided.as<int>();
  weeks.count = count.as<int64_t>();
  return weeks;
}

std::vector<std::string> TextList(const pqxx::field& f) {
  std::vector<std::string> list;
  for (const auto& item : nlohmann::json::parse(f.as<std::string>())) list.push_back(item.get<std::string>());
  return list;
}

}  // namespace

absl::StatusOr<DossierStatistics> DossierStore::Statistics(const StatisticsQuery& q) const {
  // By state and level, one pass over the selected rows (a subtree through the origin path's index).
  static const std::string kCounts = absl::StrCat(
      "SELECT x.state, x.current_level, count(*), count(*) FILTER (WHERE x.due_date < $6::date), ", kOnPath,
      " FROM dossier.dossier x WHERE ", kSelected, " GROUP BY 1, 2, 5");
  // By week: only rows updated in the window or later (the update-time index).
  static const std::string kWeeks = absl::StrCat(
      "SELECT t.submitted_week, t.decided_week, count(*) FROM (SELECT ", WeekOf("x.submitted_at", 6),
      " AS submitted_week, ", WeekOf("decision.at", 6), " AS decided_week FROM dossier.dossier x", DecisionJoin(6),
      " WHERE x.updated_at >= ", Ts(6), " AND ", kSelected, " AND ", kOnPath,
      ") t WHERE t.submitted_week IS NOT NULL OR t.decided_week IS NOT NULL GROUP BY 1, 2");
  // Rows whose holder left their stored path, grouped by what the rule reads (rare: read only when there are).
  static const std::string kOffPath = absl::StrCat(
      "SELECT x.origin_org_id, x.holder_org_id, array_to_json(x.held_org_ids)::text,"
      " array_to_json(x.origin_org_path)::text, x.submitted_at IS NOT NULL, x.state, x.current_level, count(*),"
      " count(*) FILTER (WHERE x.due_date < $6::date), ", WeekOf("x.submitted_at", 7), " AS submitted_week, ",
      WeekOf("decision.at", 7), " AS decided_week FROM dossier.dossier x", DecisionJoin(7), " WHERE ", kSelected,
      " AND NOT ", kOnPath,
      " GROUP BY x.origin_org_id, x.holder_org_id, x.held_org_ids, x.origin_org_path, x.submitted_at IS NOT NULL,"
      " x.state, x.current_level, submitted_week, decided_week");
  DossierStatistics statistics;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // One snapshot for the three tallies; no JIT: compiling these aggregates costs more than running them.
    w.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    w.exec("SET LOCAL jit = off");
    const std::string visible = TextArray(q.visible_orgs), origin = TextArray(q.origin_orgs),
                      receiver = TextArray(q.receiver_orgs), above = TextArray(q.above_holder_orgs),
                      today = base::FormatIsoDate(q.today);
    const int64_t start = absl::ToUnixMicros(q.window_start), end = absl::ToUnixMicros(q.window_end);
    bool off_path = false;
    for (const auto& row : w.exec_params(kCounts, visible, origin, receiver, above, q.subtree_org_id, today)) {
      if (!row[4].as<bool>()) {
        off_path = true;
        continue;
      }
      TDKT_ASSIGN_OR_RETURN(StateLevelTally tally, TallyOf(row[0], row[1], row[2], row[3]));
      statistics.counts.push_back(tally);
    }
    for (const auto& row : w.exec_params(kWeeks, visible, origin, receiver, above, q.subtree_org_id, start, end)) {
      statistics.weeks.push_back(WeeksOf(row[0], row[1], row[2]));
    }
    if (!off_path) return absl::OkStatus();
    for (const auto& row :
         w.exec_params(kOffPath, visible, origin, receiver, above, q.subtree_org_id, today, start, end)) {
      StatisticsGroup group;
      workflow::DossierSnapshot& s = group.row.snapshot;
      s.origin_org_id = row[0].as<std::string>();
      s.holder_org_id = row[1].as<std::string>();
      group.row.held_org_ids = TextList(row[2]);
      group.row.origin_org_path = TextList(row[3]);
      if (row[4].as<bool>()) group.row.submitted_at = absl::UnixEpoch();
      TDKT_ASSIGN_OR_RETURN(group.tally, TallyOf(row[5], row[6], row[7], row[8]));
      s.state = group.tally.state;
      group.row.current_level = group.tally.level;
      group.weeks = WeeksOf(row[9], row[10], row[7]);
      statistics.off_path.push_back(std::move(group));
    }
    return absl::OkStatus();
  }));
  return statistics;
}

// Walks the running deadlines in due-date order (deadline_live_idx) and keeps the dossiers the query selects; a
// small subtree may be read through the origin path's index instead (the planner chooses).
absl::StatusOr<std::vector<OverdueRow>> DossierStore::OverduePage(const StatisticsQuery& q,
                                                                  const std::optional<OverdueKey>& after,
                                                                  int limit) const {
  static const std::string kSql = absl::StrCat(
      "WITH page AS (SELECT dl.dossier_id AS id, dl.due_date FROM dossier.deadline dl"
      " JOIN dossier.dossier x ON x.id = dl.dossier_id"
      " WHERE dl.state = 'RUNNING' AND dl.due_date < $6::date AND x.due_date = dl.due_date AND ", kSelected,
      " AND ($7::text = '' OR (dl.due_date, dl.dossier_id) > (NULLIF($7::text, '')::date, $8::text))"
      " ORDER BY dl.due_date, dl.dossier_id LIMIT $9) "
      "SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
      ", page.due_date::text FROM page JOIN dossier.dossier d ON d.id = page.id ", LastDeadlineJoin("d"),
      " ORDER BY page.due_date, page.id");
  std::vector<OverdueRow> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    w.exec("SET LOCAL jit = off");
    const pqxx::result r = w.exec_params(
        kSql, TextArray(q.visible_orgs), TextArray(q.origin_orgs), TextArray(q.receiver_orgs),
        TextArray(q.above_holder_orgs), q.subtree_org_id, base::FormatIsoDate(q.today),
        after ? base::FormatIsoDate(after->due_date) : std::string(), after ? after->id : std::string(), limit);
    rows.reserve(r.size());
    for (const auto& row : r) {
      OverdueRow overdue;
      TDKT_ASSIGN_OR_RETURN(overdue.loaded, LoadedOf(row, cipher_));
      const std::optional<absl::CivilDay> due = OptionalDateOf(row[kDossierColumnCount + kDeadlineColumnCount]);
      if (!due) return absl::InternalError("dossier.deadline.due_date is not a date");
      overdue.key = OverdueKey{.due_date = *due, .id = overdue.loaded.row.snapshot.id};
      rows.push_back(std::move(overdue));
    }
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace tdkt::dossier
