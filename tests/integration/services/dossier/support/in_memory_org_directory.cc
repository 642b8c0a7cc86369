#include "tests/integration/services/dossier/support/in_memory_org_directory.h"

#include <utility>

namespace tdkt::dossier {

void InMemoryOrgDirectory::AddOrganisation(const std::string& id, workflow::OrgLevel level,
                                           const std::string& parent_id, const std::string& name_vi) {
  organisations_[id] = Organisation{level, parent_id, name_vi.empty() ? "Đơn vị " + id : name_vi};
}

void InMemoryOrgDirectory::SetCouncil(const std::string& org_id, std::vector<std::string> members,
                                      const std::string& council_id) {
  councils_[org_id] = Council{council_id.empty() ? "council-" + org_id : council_id, std::move(members)};
}

void InMemoryOrgDirectory::AddPerson(const std::string& person_id, const std::string& full_name) {
  std::lock_guard lock(people_mutex_);
  people_[person_id] = full_name;
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

absl::StatusOr<CouncilRoster> InMemoryOrgDirectory::CouncilMembers(const std::string& org_id, absl::CivilDay) const {
  auto it = councils_.find(org_id);
  if (it == councils_.end()) return absl::NotFoundError("Đơn vị chưa có hội đồng thi đua – khen thưởng");
  CouncilRoster roster{.council_id = it->second.id, .voting_members = {}};
  std::lock_guard lock(people_mutex_);
  for (const std::string& member : it->second.members) {
    auto person = people_.find(member);
    roster.voting_members.push_back(CouncilSeat{member, person != people_.end() ? person->second : ""});
  }
  return roster;
}

absl::StatusOr<std::string> InMemoryOrgDirectory::OrganisationName(const std::string& org_id, absl::CivilDay) const {
  auto it = organisations_.find(org_id);
  if (it == organisations_.end()) return absl::NotFoundError("Không tìm thấy đơn vị");
  return it->second.name_vi;
}

absl::StatusOr<std::string> InMemoryOrgDirectory::PersonName(const std::string& person_id) const {
  std::lock_guard lock(people_mutex_);
  auto it = people_.find(person_id);
  if (it == people_.end()) return absl::NotFoundError("Không tìm thấy người dùng trong danh mục");
  return it->second;
}

}  // namespace tdkt::dossier
