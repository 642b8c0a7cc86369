#include "services/notifier/caching_recipient_directory.h"

namespace tdkt::notifier {
namespace {

enum Question { kRole, kCouncil, kAncestors, kName, kEmail };
const absl::CivilDay kNoDay(1970, 1, 1);

}  // namespace

CachingRecipientDirectory::CachingRecipientDirectory(const RecipientDirectory& inner, const base::Clock& clock,
                                                     absl::Duration ttl, size_t max_entries)
    : inner_(inner), clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

template <typename T, typename Ask>
absl::StatusOr<T> CachingRecipientDirectory::Cached(Key key, Ask ask) const {
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

absl::StatusOr<std::vector<std::string>> CachingRecipientDirectory::PeopleWithRole(const std::string& org_id,
                                                                                  tdkt::v1::Role role,
                                                                                  absl::CivilDay as_of) const {
  return Cached<std::vector<std::string>>({kRole, org_id, role, as_of},
                                          [&] { return inner_.PeopleWithRole(org_id, role, as_of); });
}

absl::StatusOr<CouncilRoster> CachingRecipientDirectory::Council(const std::string& org_id,
                                                                 absl::CivilDay as_of) const {
  return Cached<CouncilRoster>({kCouncil, org_id, 0, as_of}, [&] { return inner_.Council(org_id, as_of); });
}

absl::StatusOr<std::vector<std::string>> CachingRecipientDirectory::Ancestors(const std::string& org_id,
                                                                             absl::CivilDay as_of) const {
  return Cached<std::vector<std::string>>({kAncestors, org_id, 0, as_of},
                                          [&] { return inner_.Ancestors(org_id, as_of); });
}

absl::StatusOr<std::string> CachingRecipientDirectory::OrganisationName(const std::string& org_id,
                                                                       absl::CivilDay as_of) const {
  return Cached<std::string>({kName, org_id, 0, as_of}, [&] { return inner_.OrganisationName(org_id, as_of); });
}

absl::StatusOr<std::string> CachingRecipientDirectory::EmailAddress(const std::string& person_id) const {
  return Cached<std::string>({kEmail, person_id, 0, kNoDay}, [&] { return inner_.EmailAddress(person_id); });
}

}  // namespace tdkt::notifier
