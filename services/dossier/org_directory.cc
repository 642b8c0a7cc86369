#include "services/dossier/org_directory.h"

#include "base/status_macros.h"

namespace tdkt::dossier {

absl::StatusOr<std::string> OrgDirectory::AncestorAtLevel(const std::string& org_id, workflow::OrgLevel level,
                                                          absl::CivilDay as_of) const {
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> ancestors, Ancestors(org_id, as_of));
  for (const std::string& ancestor : ancestors) {
    TDKT_ASSIGN_OR_RETURN(workflow::OrgLevel ancestor_level, LevelOf(ancestor, as_of));
    if (ancestor_level == level) return ancestor;
  }
  return absl::NotFoundError("Không tìm thấy đơn vị cấp trên ở cấp cần chuyển hồ sơ");
}

}  // namespace tdkt::dossier
