#pragma once
// CachingRecipientDirectory: remembers another RecipientDirectory's successful answers for `ttl` (30 s by
// default), so that a burst of events about one organisation costs one directory round trip per question.
// Role assignments and councils change a few times a year; a change reaches the notifier within `ttl`. Errors
// are not kept: an unreachable directory is asked again next time. Thread-safe.
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <variant>

#include "base/clock.h"
#include "services/notifier/recipient_directory.h"

namespace tdkt::notifier {

class CachingRecipientDirectory final : public RecipientDirectory {
 public:
  CachingRecipientDirectory(const RecipientDirectory& inner, const base::Clock& clock,
                            absl::Duration ttl = absl::Seconds(30), size_t max_entries = 10000);

  absl::StatusOr<std::vector<std::string>> PeopleWithRole(const std::string& org_id, tdkt::v1::Role role,
                                                          absl::CivilDay as_of) const override;
  absl::StatusOr<CouncilRoster> Council(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const override;
  absl::StatusOr<std::string> EmailAddress(const std::string& person_id) const override;

 private:
  // (question, id, role, day): the role is 0 and the day 1970-01-01 where the question has none.
  using Key = std::tuple<int, std::string, int, absl::CivilDay>;
  using Answer = std::variant<std::vector<std::string>, CouncilRoster, std::string>;
  struct Entry {
    Answer answer;
    absl::Time expires;
  };

  template <typename T, typename Ask>
  absl::StatusOr<T> Cached(Key key, Ask ask) const;

  const RecipientDirectory& inner_;
  const base::Clock& clock_;
  const absl::Duration ttl_;
  const size_t max_entries_;
  mutable std::mutex mutex_;
  mutable std::map<Key, Entry> entries_;  // guarded by mutex_
};

}  // namespace tdkt::notifier
