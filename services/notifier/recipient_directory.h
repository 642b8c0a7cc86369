#pragma once
// RecipientDirectory: what the notifier asks the directory — who holds a role at an organisation, a council's
// roster, an organisation's ancestors and name on a date, and a person's e-mail address. An interface so that
// the rules and the consumer are tested against the real directory service (GrpcRecipientDirectory) behind a
// cache (CachingRecipientDirectory) and so that the lead can swap in another source.
//
// Errors: NOT_FOUND for an unknown organisation (or no council that day), INVALID_ARGUMENT when the directory
// refuses the question (e.g. a malformed id: the event is wrong), UNAVAILABLE when it cannot be asked now.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/common.pb.h"

namespace tdkt::notifier {

// The council of an organisation on one day.
struct CouncilRoster {
  std::string council_id;
  std::string chair_person_id;              // may be empty
  std::vector<std::string> voting_members;  // person ids, roster order
};

class RecipientDirectory {
 public:
  virtual ~RecipientDirectory() = default;

  // Person ids holding `role` at `org_id` (that organisation only) on `as_of`, without duplicates.
  virtual absl::StatusOr<std::vector<std::string>> PeopleWithRole(const std::string& org_id, tdkt::v1::Role role,
                                                                  absl::CivilDay as_of) const = 0;
  // The council whose term covers `as_of`; NOT_FOUND when the organisation has none then.
  virtual absl::StatusOr<CouncilRoster> Council(const std::string& org_id, absl::CivilDay as_of) const = 0;
  // Parent first, root last; never the organisation itself.
  virtual absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id, absl::CivilDay as_of) const = 0;
  // The official Vietnamese name on `as_of`.
  virtual absl::StatusOr<std::string> OrganisationName(const std::string& org_id, absl::CivilDay as_of) const = 0;
  // The person's e-mail address; empty when none is known or the directory does not show it to the notifier.
  virtual absl::StatusOr<std::string> EmailAddress(const std::string& person_id) const = 0;
};

}  // namespace tdkt::notifier
