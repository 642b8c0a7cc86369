// DossierStore's read-only queries: the inbox, search and public status lookups (migration 002 indexes them).
// Each returns whole dossier rows with their last deadline, so the service renders them like GetDossier.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/pg_pool.h"
#include "services/common/proto_conversions.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/store_sql.h"
#include "base/status_macros.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

std::string SelectFrom() {
  return absl::StrCat("SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"), " FROM dossier.dossier d ",
                      LastDeadlineJoin("d"));
}

absl::StatusOr<std::vector<LoadedDossier>> LoadedRows(const pqxx::result& r, const common::PiiCipher& cipher) {
  std::vector<LoadedDossier> rows;
  rows.reserve(r.size());
  for (const auto& row : r) {
    TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, LoadedOf(row, cipher));
    rows.push_back(std::move(loaded));
  }
  return rows;
}

// The inbox's sort key is COALESCE(due_date, 'infinity'): due date ascending, no due date last, so overdue
// dossiers (due before today) come first by themselves.
//
// One index range scan (dossier_inbox_holder_idx / dossier_inbox_origin_idx) per (organisation, state) pair,
// each already in page order and cut at the page size; their union is sorted and cut again. A single
// "(org, state) IN (…) OR …" predicate made PostgreSQL scan and sort every matching row instead: at a million
// dossiers that took close to a second for a province inbox (bench/transition/query_bench.cc).
std::string InboxBranch(const std::string& org_column, int orgs_param, int states_param) {
  return absl::StrCat(
      "SELECT c.id, c.k FROM unnest($", orgs_param, "::text[], $", states_param,
      "::text[]) AS p(org, state) CROSS JOIN LATERAL (SELECT x.id, COALESCE(x.due_date, 'infinity'::date) AS k "
      "FROM dossier.dossier x WHERE x.", org_column, " = p.org AND x.state = p.state"
      " AND (cardinality($5::text[]) = 0 OR x.state = ANY($5::text[]))"
      " AND (NOT $6::boolean OR (COALESCE(x.due_date, 'infinity'::date), x.id) > "
      "(COALESCE(NULLIF($7, '')::date, 'infinity'::date), $8::text))"
      " ORDER BY COALESCE(x.due_date, 'infinity'::date), x.id LIMIT $9) c");
}

}  // namespace

absl::StatusOr<std::vector<LoadedDossier>> DossierStore::Inbox(const InboxQuery& q) const {
  static const std::string kSql = absl::StrCat(
      "WITH candidates AS (", InboxBranch("holder_org_id", 1, 2), " UNION ", InboxBranch("origin_org_id", 3, 4),
      "), page AS (SELECT id, k FROM candidates ORDER BY k, id LIMIT $9) "
      "SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
      " FROM page JOIN dossier.dossier d ON d.id = page.id ", LastDeadlineJoin("d"), " ORDER BY page.k, page.id");
  std::vector<LoadedDossier> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        kSql, TextArray(q.holder_orgs), TextArray(q.holder_states), TextArray(q.origin_orgs),
        TextArray(q.origin_states), TextArray(q.only_states), q.after_set, DateText(q.after_due), q.after_id, q.limit);
    TDKT_ASSIGN_OR_RETURN(rows, LoadedRows(r, cipher_));
    return absl::OkStatus();
  }));
  return rows;
}

// Two steps, like the inbox: the page's ids first, from dossier_search_order_idx alone (its tuples carry every
// column the filters read, so a walk in update order skips the rows that do not match without touching the
// table, and a rare name is one GIN lookup instead), then the page's rows. Selecting the rows directly made the
// planner walk the table in update order, reading every row the filters then dropped: about twice the time at
// a million dossiers (bench/transition/query_bench.cc).
absl::StatusOr<std::vector<LoadedDossier>> DossierStore::Search(const SearchQuery& q) const {
  static const std::string kSql = absl::StrCat(
      "WITH page AS (SELECT x.id, x.updated_at FROM dossier.dossier x"
      " WHERE x.origin_org_path && $1::text[]"
      " AND (x.origin_org_id = ANY($11::text[]) OR x.held_org_ids && $12::text[]"
      " OR (x.submitted_at IS NOT NULL AND"
      " x.origin_org_path[array_position(x.origin_org_path, x.holder_org_id) + 1:] && $13::text[]))"
      " AND (cardinality($2::text[]) = 0 OR x.state = ANY($2::text[]))"
      " AND ($3::int < 0 OR x.current_level = $3::int)"
      " AND ($4::text = '' OR x.award_code = $4::text)"
      " AND ($5::text = '' OR x.origin_org_path @> ARRAY[$5::text])"
      " AND ($6::int = 0 OR x.year = $6::int)"
      // Words of the query begin words of the name (migration 004).
      " AND ($7::text = '' OR x.nominee_name_keys @> dossier.name_query_keys($7::text))"
      " AND ($8::text = '' OR (x.updated_at, x.id) < (", TsOrNull(8), ", $9::text))"
      " ORDER BY x.updated_at DESC, x.id DESC LIMIT $10) "
      "SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"),
      " FROM page JOIN dossier.dossier d ON d.id = page.id ", LastDeadlineJoin("d"),
      " ORDER BY page.updated_at DESC, page.id DESC");
  std::vector<LoadedDossier> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        kSql, TextArray(q.visible_orgs), TextArray(q.states), q.level ? common::StoredOrgLevel(*q.level) : -1,
        q.award_code, q.subtree_org_id, q.year, q.nominee_name, MicrosText(q.after_updated_at), q.after_id, q.limit,
        TextArray(q.origin_orgs), TextArray(q.receiver_orgs), TextArray(q.above_holder_orgs));
    TDKT_ASSIGN_OR_RETURN(rows, LoadedRows(r, cipher_));
    return absl::OkStatus();
  }));
  return rows;
}

absl::StatusOr<LoadedDossier> DossierStore::LoadByTrackingCode(const std::string& tracking_code) const {
  LoadedDossier loaded;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat(SelectFrom(), " WHERE d.tracking_code = $1"), tracking_code);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy hồ sơ với mã tra cứu này");
    TDKT_ASSIGN_OR_RETURN(loaded, LoadedOf(r[0], cipher_));
    return absl::OkStatus();
  }));
  return loaded;
}

}  // namespace tdkt::dossier
