// DossierStore::ReadForAudit: what VerifyHistory checks, in one snapshot of the database.
#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/snapshot_codec.h"
#include "services/dossier/store_sql.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of this store

std::vector<HistoryAnchor> ReadAnchors(pqxx::transaction_base& w, const std::string& dossier_id) {
  static const std::string kSql = absl::StrCat(
      "SELECT version, hash, checkpoint_id, ", MicrosOf("anchored_at"),
      ", encode(public_key, 'hex'), encode(signature, 'hex') FROM anchor.head WHERE dossier_id = $1 "
      "ORDER BY version");
  std::vector<HistoryAnchor> anchors;
  for (const auto& row : w.exec_params(kSql, dossier_id)) {
    anchors.push_back(HistoryAnchor{.dossier_id = dossier_id,
                                    .version = row[0].as<int64_t>(),
                                    .hash = row[1].as<std::string>(),
                                    .checkpoint_id = row[2].as<int64_t>(),
                                    .anchored_at = TimeOf(row[3]),
                                    .public_key = absl::HexStringToBytes(row[4].as<std::string>()),
                                    .signature = absl::HexStringToBytes(row[5].as<std::string>())});
  }
  return anchors;
}

}  // namespace

absl::StatusOr<HistoryAuditRecord> DossierStore::ReadForAudit(const std::string& dossier_id) const {
  HistoryAuditRecord record;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    // One snapshot for the three reads: a transition committing between them would otherwise look like tampering.
    w.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    static const std::string kRow = absl::StrCat("SELECT snapshot, state, level_index, holder_org_id, version, ",
                                                 MicrosOf("updated_at"), " FROM dossier.dossier WHERE id = $1");
    const pqxx::result r = w.exec_params(kRow, dossier_id);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy hồ sơ");
    TDKT_ASSIGN_OR_RETURN(record.snapshot, SnapshotFromJson(r[0][0].as<std::string>()));
    record.columns = DossierRowColumns{.state = r[0][1].as<std::string>(),
                                       .level_index = r[0][2].as<int>(),
                                       .holder_org_id = r[0][3].as<std::string>(),
                                       .version = r[0][4].as<int64_t>(),
                                       .updated_at = TimeOf(r[0][5])};
    record.history = ReadHistory(w, dossier_id);
    record.anchors = ReadAnchors(w, dossier_id);
    return absl::OkStatus();
  }));
  return record;
}

}  // namespace tdkt::dossier
