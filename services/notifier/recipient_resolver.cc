#include "services/notifier/recipient_resolver.h"

#include <algorithm>
#include <map>

#include "base/status_macros.h"
#include "services/common/proto_time.h"
#include "services/notifier/recipient_rules.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

// The council's answer, with "no council that day" as an empty roster.
absl::StatusOr<CouncilRoster> CouncilOrEmpty(const RecipientDirectory& directory, const std::string& org_id,
                                             absl::CivilDay day) {
  absl::StatusOr<CouncilRoster> roster = directory.Council(org_id, day);
  if (absl::IsNotFound(roster.status())) return CouncilRoster{};
  return roster;
}

absl::StatusOr<std::vector<std::string>> PeopleOf(Audience audience, const v1::EventEnvelope& event,
                                                  const RecipientDirectory& directory, absl::CivilDay day) {
  switch (audience) {
    case Audience::kAppraisersOfHolder:
      return directory.PeopleWithRole(event.holding_org_id(), v1::ROLE_APPRAISER, day);
    case Audience::kSubmittersOfOrigin:
      return directory.PeopleWithRole(event.origin_org_id(), v1::ROLE_SUBMITTER, day);
    case Audience::kAppraisersOfRemindedOrg: {
      const std::string& org =
          event.deadline_reminder().org_id().empty() ? event.holding_org_id() : event.deadline_reminder().org_id();
      return directory.PeopleWithRole(org, v1::ROLE_APPRAISER, day);
    }
    case Audience::kVotingMembers: {
      const auto& eligible = event.vote_opened().eligible_person_ids();
      if (!eligible.empty()) return std::vector<std::string>(eligible.begin(), eligible.end());
      TDKT_ASSIGN_OR_RETURN(CouncilRoster roster, CouncilOrEmpty(directory, event.holding_org_id(), day));
      return roster.voting_members;
    }
    case Audience::kCouncilChairOfHolder: {
      const std::string& named = event.dossier_escalated().council_chair_person_id();
      if (!named.empty()) return std::vector<std::string>{named};
      TDKT_ASSIGN_OR_RETURN(CouncilRoster roster, CouncilOrEmpty(directory, event.holding_org_id(), day));
      if (roster.chair_person_id.empty()) return std::vector<std::string>{};
      return std::vector<std::string>{roster.chair_person_id};
    }
  }
  return std::vector<std::string>{};
}

}  // namespace

absl::CivilDay EventDate(const v1::EventEnvelope& event) {
  return workflow::VietnamDate(common::FromProtoTime(event.occurred_at()));
}

absl::StatusOr<std::vector<Recipient>> ResolveRecipients(const v1::EventEnvelope& event,
                                                         const RecipientDirectory& directory) {
  const absl::CivilDay day = EventDate(event);
  std::map<std::string, v1::NotificationSeverity> severity_of;
  for (const AudienceRule* rule : RulesFor(event)) {
    TDKT_ASSIGN_OR_RETURN(std::vector<std::string> people, PeopleOf(rule->audience, event, directory, day));
    for (const std::string& person : people) {
      if (person.empty()) continue;
      auto [it, inserted] = severity_of.emplace(person, rule->severity);
      if (!inserted) it->second = std::max(it->second, rule->severity);
    }
  }
  std::vector<Recipient> recipients;
  for (const auto& [person, severity] : severity_of) recipients.push_back({person, severity});
  return recipients;
}

}  // namespace tdkt::notifier
