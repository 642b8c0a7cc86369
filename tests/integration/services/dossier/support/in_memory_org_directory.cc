#include "tests/integration/services/dossier/support/in_memory_org_directory.h"

#include <utility>

namespace tdkt::dossier {

void InMemoryOrgDirectory::AddOrganisation(const std::string& id, workflow::OrgLevel level,
                                           const std::string& parent_id) {
  organisations_[id] = Organisation{level, parent_id};
}

void InMemoryOrgDirectory::SetCouncil(const std::string& org_id, std::vector<std::string> members) {
  councils_[org_id] = std::move(members);
}

absl::StatusOr<std::vector<std::string>> InMemoryOrgDirectory::Ancestors(const std::string& org_id,
                                                                         absl::CivilDay) const {
  auto it = organisations_.find(org_id);
  if (it == organisations_.end()) return absl::NotFoundError("Không tìm thấy đơn vị");
  std::vector<std::string> ancestors;
  // The depth bound guards against a cycle in hand-written test data.
  for (std::string parent = it->second.parent_id; !parent.empty() && ancestors.size() < 16;) {
    ancestors.push_back(parent);
    auto up = organisations_.find(parent);
    if (up == organisations_.end()) break;
    parent = up->second.parent_id;
  }
  return ancestors;
}

absl::StatusOr<workflow::OrgLevel> InMemoryOrgDirectory::LevelOf(const std::string& org_id, absl::CivilDay) const {
  auto it = organisations_.find(org_id);
  if (it == organisations_.end()) return absl::NotFoundError("Không tìm thấy đơn vị");
  return it->second.level;
}

absl::StatusOr<std::vector<std::string>> InMemoryOrgDirectory::CouncilMembers(const std::string& org_id,
                                                                             absl::CivilDay) const {
  auto it = councils_.find(org_id);
  if (it == councils_.end()) return absl::NotFoundError("Đơn vị chưa có hội đồng thi đua – khen thưởng");
  return it->second;
}

}  // namespace tdkt::dossier
