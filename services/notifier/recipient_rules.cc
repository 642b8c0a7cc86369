#include "services/notifier/recipient_rules.h"

#include <algorithm>

namespace tdkt::notifier {
namespace {

using tdkt::v1::EventEnvelope;
namespace v1 = tdkt::v1;

bool Holds(Condition condition, const EventEnvelope& event) {
  switch (condition) {
    case Condition::kAlways:
      return true;
    case Condition::kEveryMemberVoted:
      return event.has_vote_cast() && event.vote_cast().eligible_count() > 0 &&
             event.vote_cast().voted_count() >= event.vote_cast().eligible_count();
    case Condition::kReminderNotOverdue:
      return event.has_deadline_reminder() && (event.deadline_reminder().kind() == v1::REMINDER_KIND_BEFORE_DUE ||
                                               event.deadline_reminder().kind() == v1::REMINDER_KIND_DUE_TODAY);
    case Condition::kReminderOverdue:
      return event.has_deadline_reminder() && event.deadline_reminder().kind() == v1::REMINDER_KIND_OVERDUE;
  }
  return false;
}

}  // namespace

const std::vector<AudienceRule>& RecipientRules() {
  static const std::vector<AudienceRule>* const kRecipientRules = new std::vector<AudienceRule>{
      {v1::EVENT_TYPE_DOSSIER_SUBMITTED, Condition::kAlways, Audience::kAppraisersOfHolder,
       v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_DOSSIER_FORWARDED, Condition::kAlways, Audience::kAppraisersOfHolder,
       v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_DOSSIER_RESUBMITTED, Condition::kAlways, Audience::kAppraisersOfHolder,
       v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_DOSSIER_RETURNED, Condition::kAlways, Audience::kSubmittersOfOrigin,
       v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_DOSSIER_REJECTED, Condition::kAlways, Audience::kSubmittersOfOrigin,
       v1::NOTIFICATION_SEVERITY_INFO},
      {v1::EVENT_TYPE_DOSSIER_DECIDED, Condition::kAlways, Audience::kSubmittersOfOrigin,
       v1::NOTIFICATION_SEVERITY_INFO},
      {v1::EVENT_TYPE_DOSSIER_PUBLISHED, Condition::kAlways, Audience::kSubmittersOfOrigin,
       v1::NOTIFICATION_SEVERITY_INFO},
      {v1::EVENT_TYPE_VOTE_OPENED, Condition::kAlways, Audience::kVotingMembers, v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_VOTE_CAST, Condition::kEveryMemberVoted, Audience::kCouncilChairOfHolder,
       v1::NOTIFICATION_SEVERITY_ACTION},
      {v1::EVENT_TYPE_DOSSIER_ESCALATED, Condition::kAlways, Audience::kCouncilChairOfHolder,
       v1::NOTIFICATION_SEVERITY_URGENT},
      {v1::EVENT_TYPE_DEADLINE_REMINDER, Condition::kReminderNotOverdue, Audience::kAppraisersOfRemindedOrg,
       v1::NOTIFICATION_SEVERITY_WARNING},
      {v1::EVENT_TYPE_DEADLINE_REMINDER, Condition::kReminderOverdue, Audience::kAppraisersOfRemindedOrg,
       v1::NOTIFICATION_SEVERITY_URGENT},
  };
  return *kRecipientRules;
}

std::vector<const AudienceRule*> RulesFor(const EventEnvelope& event) {
  std::vector<const AudienceRule*> rules;
  for (const AudienceRule& rule : RecipientRules()) {
    if (rule.event_type == event.type() && Holds(rule.condition, event)) rules.push_back(&rule);
  }
  return rules;
}

bool HasRecipients(tdkt::v1::EventType type) {
  const std::vector<AudienceRule>& rules = RecipientRules();
  return std::any_of(rules.begin(), rules.end(), [type](const AudienceRule& rule) { return rule.event_type == type; });
}

}  // namespace tdkt::notifier
