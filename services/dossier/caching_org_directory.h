#pragma once
// CachingOrgDirectory: remembers the answers of another OrgDirectory for `ttl`, so that a transition does not
// cost a directory round trip (or three) each time. Organisation trees, councils and people's names change a
// few times a year; a change reaches the dossier service within `ttl` (60 s by default). Only successful answers
// are kept, so an unknown organisation or person, or an unreachable directory, is asked again next time.
// Thread-safe.
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <variant>

#include "services/dossier/org_directory.h"
#include "base/clock.h"

namespace tdkt::dossier {

class CachingOrgDirectory final : public OrgDirectory {
 public:
  CachingOrgDirectory(const OrgDirectory& inner, const base::Clock& clock, absl::Duration ttl = absl::Seconds(60),
                      size_t max_entries = 10000);

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<workflow::OrgLevel> LevelOf(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<CouncilRoster> CouncilMembers(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> PersonName(const std::string& person_id) const override;

 private:
  enum class Question { kAncestors, kLevel, kCouncil, kOrganisationName, kPersonName };
  // (question, organisation or person id, day; a default day for questions without one)
  using Key = std::tuple<Question, std::string, absl::CivilDay>;
  using Answer = std::variant<std::vector<std::string>, workflow::OrgLevel, CouncilRoster, std::string>;
  struct Entry {
    Answer answer;
    absl::Time expires;
  };

  template <typename T, typename Ask>
  absl::StatusOr<T> Cached(Question question, const std::string& id, absl::CivilDay as_of, Ask ask) const;

  const OrgDirectory& inner_;
  const base::Clock& clock_;
  const absl::Duration ttl_;
  const size_t max_entries_;
  mutable std::mutex mutex_;
  mutable std::map<Key, Entry> entries_;  // guarded by mutex_
};

}  // namespace tdkt::dossier
