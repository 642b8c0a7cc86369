#pragma once
// InMemoryOrgDirectory: a test double of the dossier service's OrgDirectory — a fixed organisation tree and
// councils held in memory, for the integration tests and the benchmarks (bench/transition), which measure the
// dossier service without the directory's network hop. Dates are ignored (the tree does not change over time
// here). Not thread-safe to change: set it up before the service takes traffic.
//
//   InMemoryOrgDirectory directory;
//   directory.AddOrganisation("province", OrgLevel::kProvince, "");
//   directory.AddOrganisation("commune", OrgLevel::kCommune, "province");
//   directory.SetCouncil("commune", {"chair-1", "member-2", "member-3"});
#include <map>
#include <string>
#include <vector>

#include "services/dossier/org_directory.h"

namespace tdkt::dossier {

class InMemoryOrgDirectory final : public OrgDirectory {
 public:
  void AddOrganisation(const std::string& id, workflow::OrgLevel level, const std::string& parent_id);
  void SetCouncil(const std::string& org_id, std::vector<std::string> members);

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::vector<std::string>> CouncilMembers(const std::string& org_id,
                                                         absl::CivilDay as_of) const override;

 private:
  struct Organisation {
    workflow::OrgLevel level;
    std::string parent_id;
  };
  std::map<std::string, Organisation> organisations_;
  std::map<std::string, std::vector<std::string>> councils_;
};

}  // namespace tdkt::dossier
