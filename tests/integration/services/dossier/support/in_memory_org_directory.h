#pragma once
// InMemoryOrgDirectory: a test double of the dossier service's OrgDirectory — a fixed organisation tree,
// councils and people's names held in memory, for the integration tests and the benchmarks (bench/transition),
// which measure the dossier service without the directory's network hop. Dates are ignored (the tree does not
// change over time here). Set the tree and councils up before the service takes traffic; people may be added
// and renamed at any time (a test renames someone between two commands).
//
//   InMemoryOrgDirectory directory;
//   directory.AddOrganisation("province", OrgLevel::kProvince, "", "UBND tỉnh Phú Thọ");
//   directory.AddOrganisation("commune", OrgLevel::kCommune, "province");
//   directory.AddPerson("chair-1", "Nguyễn Văn An");
//   directory.SetCouncil("commune", {"chair-1", "member-2", "member-3"});  // names from AddPerson
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "services/dossier/org_directory.h"

namespace tdkt::dossier {

class InMemoryOrgDirectory final : public OrgDirectory {
 public:
  // `name_vi` empty: "Đơn vị <id>".
  void AddOrganisation(const std::string& id, workflow::OrgLevel level, const std::string& parent_id,
                       const std::string& name_vi = "");
  // The council's voting members; `council_id` empty: "council-<org_id>".
  void SetCouncil(const std::string& org_id, std::vector<std::string> members, const std::string& council_id = "");
  // Adds the person, or renames them.
  void AddPerson(const std::string& person_id, const std::string& full_name);

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<CouncilRoster> CouncilMembers(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> PersonName(const std::string& person_id) const override;

 private:
  struct Organisation {
    workflow::OrgLevel level;
    std::string parent_id;
    std::string name_vi;
  };
  struct Council {
    std::string id;
    std::vector<std::string> members;
  };
  std::map<std::string, Organisation> organisations_;
  std::map<std::string, Council> councils_;
  mutable std::mutex people_mutex_;
  std::map<std::string, std::string> people_;  // person id → full name; guarded by people_mutex_
};

}  // namespace tdkt::dossier
