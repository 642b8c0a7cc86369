#include "services/dossier/service_support.h"

#include "base/status_macros.h"

namespace tdkt::dossier {

namespace wf = workflow;

absl::Status CheckCommand(std::string_view request_id, std::string_view dossier_id, int64_t expected_version,
                          common::Presence version) {
  TDKT_RETURN_IF_ERROR(common::CheckRequestId(request_id));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier(kDossierIdField, dossier_id));
  return common::CheckExpectedVersion(expected_version, version);
}

std::vector<wf::OrgLevel> LevelsOf(const wf::catalog::Catalog& catalog, const wf::DossierSnapshot& s) {
  std::vector<wf::OrgLevel> levels;
  if (absl::StatusOr<const wf::ChainDefinition*> chain = catalog.FindChain(s.chain_id, s.chain_version); chain.ok()) {
    for (const wf::ChainLevel& level : (*chain)->levels) levels.push_back(level.org_level);
  }
  return levels;
}

absl::Status MayNotSeeDossier() { return absl::PermissionDeniedError("Bạn không có quyền xem hồ sơ này"); }

absl::Status MayNotSeeDocuments() {
  return absl::PermissionDeniedError(
      "Chỉ đơn vị đề nghị và các cấp đã tiếp nhận hồ sơ mới xem được tài liệu của hồ sơ này");
}

}  // namespace tdkt::dossier
