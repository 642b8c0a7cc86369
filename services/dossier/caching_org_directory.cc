#include "services/dossier/caching_org_directory.h"

namespace tdkt::dossier {

CachingOrgDirectory::CachingOrgDirectory(const OrgDirectory& inner, const base::Clock& clock, absl::Duration ttl,
                                         size_t max_entries)
    : inner_(inner), clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

template <typename T, typename Ask>
absl::StatusOr<T> CachingOrgDirectory::Cached(Question question, const std::string& id, absl::CivilDay as_of,
                                              Ask ask) const {
  Key key{question, id, as_of};
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found != entries_.end() && found->second.expires > clock_.Now()) return std::get<T>(found->second.answer);
  }
  absl::StatusOr<T> answer = ask();  // outside the lock: a slow directory must not serialise every caller
  if (!answer.ok()) return answer;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) entries_.clear();  // simple and bounded; refilled within one ttl
  entries_.insert_or_assign(std::move(key), Entry{*answer, clock_.Now() + ttl_});
  return answer;
}

absl::StatusOr<std::vector<std::string>> CachingOrgDirectory::Ancestors(const std::string& org_id,
                                                                        absl::CivilDay as_of) const {
  return Cached<std::vector<std::string>>(Question::kAncestors, org_id, as_of,
                                          [&] { return inner_.Ancestors(org_id, as_of); });
}

absl::StatusOr<workflow::OrgLevel> CachingOrgDirectory::LevelOf(const std::string& org_id,
                                                                absl::CivilDay as_of) const {
  return Cached<workflow::OrgLevel>(Question::kLevel, org_id, as_of, [&] { return inner_.LevelOf(org_id, as_of); });
}

absl::StatusOr<CouncilRoster> CachingOrgDirectory::CouncilMembers(const std::string& org_id,
                                                                  absl::CivilDay as_of) const {
  return Cached<CouncilRoster>(Question::kCouncil, org_id, as_of, [&] { return inner_.CouncilMembers(org_id, as_of); });
}

absl::StatusOr<std::string> CachingOrgDirectory::OrganisationName(const std::string& org_id,
                                                                  absl::CivilDay as_of) const {
  return Cached<std::string>(Question::kOrganisationName, org_id, as_of,
                             [&] { return inner_.OrganisationName(org_id, as_of); });
}

absl::StatusOr<std::string> CachingOrgDirectory::PersonName(const std::string& person_id) const {
  return Cached<std::string>(Question::kPersonName, person_id, absl::CivilDay(),
                             [&] { return inner_.PersonName(person_id); });
}

}  // namespace tdkt::dossier
