// DossierStore's document rows (dossier.document): listing, loading with content, and the insert/removal
// that a transition's transaction runs (TransitionTransaction::Write).
#include <pqxx/binarystring>
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

std::string RecordColumns() {
  return absl::StrCat("id, dossier_id, kind, file_name, content_type, size_bytes, sha256, level, uploaded_by, "
                      "uploaded_org, ",
                      MicrosOf("uploaded_at"), ", uploaded_by_name, uploaded_role");
}
constexpr int kRecordColumnCount = 13;

absl::StatusOr<DocumentRecord> RecordOf(const pqxx::row& r) {
  DocumentRecord d;
  d.id = r[0].as<std::string>();
  d.dossier_id = r[1].as<std::string>();
  d.kind = r[2].as<std::string>();
  d.file_name = r[3].as<std::string>();
  d.content_type = r[4].as<std::string>();
  d.size_bytes = r[5].as<int64_t>();
  d.sha256 = r[6].as<std::string>();
  const std::optional<workflow::OrgLevel> level = common::OrgLevelFromStored(r[7].as<int>());
  if (!level) return absl::InternalError("dossier.document.level out of range");
  d.level = *level;
  d.uploaded_by = r[8].as<std::string>();
  d.uploaded_org = r[9].as<std::string>();
  d.uploaded_at = TimeOf(r[10]);
  d.uploaded_by_name = r[11].as<std::string>();
  d.uploaded_role = common::RoleFromProto(r[12].as<int>());  // 0 (rows from before migration 007): unknown
  return d;
}

}  // namespace

namespace store_sql {

void InsertDocument(pqxx::transaction_base& w, const DocumentRecord& d, const std::string& content) {
  w.exec_params(absl::StrCat("INSERT INTO dossier.document (id, dossier_id, kind, file_name, content_type, "
                             "size_bytes, sha256, content, level, uploaded_by, uploaded_org, uploaded_at, "
                             "uploaded_by_name, uploaded_role) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ",
                             Ts(12), ", $13, $14)"),
                d.id, d.dossier_id, d.kind, d.file_name, d.content_type, d.size_bytes, d.sha256,
                pqxx::binarystring(content), common::StoredOrgLevel(d.level), d.uploaded_by, d.uploaded_org,
                absl::ToUnixMicros(d.uploaded_at), d.uploaded_by_name,
                d.uploaded_role ? static_cast<int>(common::ToProto(*d.uploaded_role)) : 0);
}

void MarkDocumentRemoved(pqxx::transaction_base& w, const std::string& dossier_id, const std::string& document_id,
                         const std::string& removed_by, absl::Time removed_at) {
  // No row is not an error: the snapshot is authoritative for which documents the dossier has, and documents
  // attached before this table existed have no row.
  w.exec_params(absl::StrCat("UPDATE dossier.document SET removed_at = ", Ts(4),
                             ", removed_by = $3 WHERE id = $1 AND dossier_id = $2 AND removed_at IS NULL"),
                document_id, dossier_id, removed_by, absl::ToUnixMicros(removed_at));
}

}  // namespace store_sql

absl::StatusOr<std::vector<DocumentRecord>> DossierStore::ListDocuments(const std::string& dossier_id) const {
  std::vector<DocumentRecord> documents;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat("SELECT ", RecordColumns(),
                                                      " FROM dossier.document WHERE dossier_id = $1 AND "
                                                      "removed_at IS NULL ORDER BY upload_no"),
                                         dossier_id);
    for (const auto& row : r) {
      TDKT_ASSIGN_OR_RETURN(DocumentRecord document, RecordOf(row));
      documents.push_back(std::move(document));
    }
    return absl::OkStatus();
  }));
  return documents;
}

absl::StatusOr<DocumentUpload> DossierStore::LoadDocument(const std::string& dossier_id,
                                                          const std::string& document_id) const {
  DocumentUpload document;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    const pqxx::result r = w.exec_params(absl::StrCat("SELECT ", RecordColumns(),
                                                      ", content FROM dossier.document WHERE id = $1 AND "
                                                      "dossier_id = $2 AND removed_at IS NULL"),
                                         document_id, dossier_id);
    if (r.empty()) return absl::NotFoundError("Không tìm thấy tài liệu");
    TDKT_ASSIGN_OR_RETURN(document.record, RecordOf(r[0]));
    document.content = pqxx::binarystring(r[0][kRecordColumnCount]).str();
    return absl::OkStatus();
  }));
  return document;
}

}  // namespace tdkt::dossier
