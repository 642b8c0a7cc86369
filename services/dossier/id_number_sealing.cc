// DossierStore on rows written before the service sealed the nominees' ID numbers (migration 010): they hold the
// ID number in clear inside the serialized nominee. SQL has no key, so the migration only marks them; the service
// refuses to start while one exists, and `tdkt-dossier --seal-id-numbers true` calls SealIdNumbers once. The
// choice over sealing lazily on a row's next write: dossiers that are finished (published, withdrawn) are never
// written again, so their ID numbers would stay in clear for good, and every read would have to accept the clear
// form as well.
#include <pqxx/binarystring>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/store_sql.h"
#include "tdkt/v1/dossier.pb.h"

namespace tdkt::dossier {
namespace {

constexpr int kBatchRows = 500;

}  // namespace

absl::StatusOr<int64_t> DossierStore::CountUnsealedIdNumbers() const {
  int64_t count = 0;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    count = w.exec1("SELECT count(*) FROM dossier.dossier WHERE NOT id_number_sealed")[0].as<int64_t>();
    return absl::OkStatus();
  }));
  return count;
}

absl::StatusOr<int64_t> DossierStore::SealIdNumbers() const {
  int64_t sealed = 0;
  for (bool more = true; more;) {
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
      const pqxx::result r = w.exec_params(
          "SELECT id, nominee FROM dossier.dossier WHERE NOT id_number_sealed ORDER BY id LIMIT $1 FOR UPDATE",
          kBatchRows);
      more = r.size() == static_cast<size_t>(kBatchRows);
      for (const auto& row : r) {
        const std::string id = row[0].as<std::string>();
        tdkt::v1::Nominee nominee;
        if (!nominee.ParseFromString(pqxx::binarystring(row[1]).str())) {
          return absl::DataLossError(absl::StrCat("dossier ", id, ": the stored nominee does not parse"));
        }
        const std::string id_number = nominee.id_number();
        nominee.clear_id_number();
        w.exec_params("UPDATE dossier.dossier SET nominee = $2, nominee_id_number = NULLIF($3::bytea, ''::bytea), "
                      "id_number_sealed = TRUE WHERE id = $1",
                      id, pqxx::binarystring(nominee.SerializeAsString()),
                      pqxx::binarystring(store_sql::SealedIdNumber(cipher_, id, id_number)));
        ++sealed;
      }
      return absl::OkStatus();
    }));
  }
  return sealed;
}

}  // namespace tdkt::dossier
