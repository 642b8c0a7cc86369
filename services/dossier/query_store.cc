// DossierStore's read-only queries: the inbox, search and public status lookups (migration 002 indexes them).
// Each returns whole dossier rows with their last deadline, so the service renders them like GetDossier.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/pg_pool.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/snapshot_codec.h"
#include "services/dossier/store_sql.h"
#include "workflow/status_macros.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

std::string SelectFrom() {
  return absl::StrCat("SELECT ", DossierColumns("d"), ", ", DeadlineColumns("dl"), " FROM dossier.dossier d ",
                      LastDeadlineJoin("d"));
}

absl::StatusOr<std::vector<LoadedDossier>> LoadedRows(const pqxx::result& r) {
  std::vector<LoadedDossier> rows;
  rows.reserve(r.size());
  for (const auto& row : r) {
    TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, LoadedOf(row));
    rows.push_back(std::move(loaded));
  }
  return rows;
}

// The inbox's sort key: due date ascending, no due date last. Overdue dossiers (due date before today) sort
// first by themselves.
constexpr char kDueKey[] = "COALESCE(d.due_date, 'infinity'::date)";

}  // namespace

absl::StatusOr<std::vector<LoadedDossier>> DossierStore::Inbox(const InboxQuery& q) const {
  std::vector<LoadedDossier> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        absl::StrCat(SelectFrom(),
                     " WHERE ((d.holder_org_id, d.state) IN (SELECT * FROM unnest($1::text[], $2::text[]))"
                     " OR (d.origin_org_id, d.state) IN (SELECT * FROM unnest($3::text[], $4::text[])))"
                     " AND (cardinality($5::text[]) = 0 OR d.state = ANY($5::text[]))"
                     " AND (NOT $6::boolean OR (", kDueKey, ", d.id) > "
                     "(COALESCE(NULLIF($7, '')::date, 'infinity'::date), $8::text))"
                     " ORDER BY ", kDueKey, ", d.id LIMIT $9"),
        TextArray(q.holder_orgs), TextArray(q.holder_states), TextArray(q.origin_orgs), TextArray(q.origin_states),
        TextArray(q.only_states), q.after_set, DateText(q.after_due), q.after_id, q.limit);
    TDKT_ASSIGN_OR_RETURN(rows, LoadedRows(r));
    return absl::OkStatus();
  }));
  return rows;
}

absl::StatusOr<std::vector<LoadedDossier>> DossierStore::Search(const SearchQuery& q) const {
  std::vector<LoadedDossier> rows;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(
        absl::StrCat(
            SelectFrom(),
            " WHERE d.origin_org_path && $1::text[]"
            " AND (cardinality($2::text[]) = 0 OR d.state = ANY($2::text[]))"
            " AND ($3::int < 0 OR d.current_level = $3::int)"
            " AND ($4::text = '' OR d.award_code = $4::text)"
            " AND ($5::text = '' OR d.origin_org_path @> ARRAY[$5::text])"
            " AND ($6::int = 0 OR d.year = $6::int)"
            // The needle is folded like the column, then its LIKE metacharacters are escaped.
            " AND ($7::text = '' OR d.nominee_name_folded LIKE '%' || replace(replace(replace("
            "regexp_replace(btrim(dossier.fold_name($7::text)), '\\s+', ' ', 'g'), "
            "'\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"
            " AND ($8::text = '' OR (d.updated_at, d.id) < (",
            TsOrNull(8), ", $9::text))"
            " ORDER BY d.updated_at DESC, d.id DESC LIMIT $10"),
        TextArray(q.visible_orgs), TextArray(q.states), q.level ? static_cast<int>(*q.level) : -1, q.award_code,
        q.subtree_org_id, q.year, q.nominee_name, MicrosText(q.after_updated_at), q.after_id, q.limit);
    TDKT_ASSIGN_OR_RETURN(rows, LoadedRows(r));
    return absl::OkStatus();
  }));
  return rows;
}

absl::StatusOr<LoadedDossier> DossierStore::LoadByTrackingCode(const std::string& tracking_code) const {
  LoadedDossier loaded;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat(SelectFrom(), " WHERE d.tracking_code = $1"), tracking_code);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy hồ sơ với mã tra cứu này");
    TDKT_ASSIGN_OR_RETURN(loaded, LoadedOf(r[0]));
    return absl::OkStatus();
  }));
  return loaded;
}

}  // namespace tdkt::dossier
