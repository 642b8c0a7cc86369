#pragma once
// Who is told about an event: the notifier's whole rule table, as data (kRecipientRules in recipient_rules.cc),
// read by one pure function. No I/O: the audiences name roles at organisations of the event; RecipientResolver
// (recipient_resolver.h) turns them into people through the directory as of the event's date.
//
//   for (const AudienceRule* rule : RulesFor(envelope)) … resolve rule->audience …
//
// The table:
//   DOSSIER_SUBMITTED, DOSSIER_FORWARDED, DOSSIER_RESUBMITTED → the appraisers of the organisation the dossier
//     arrives at (holding_org_id), ACTION;
//   DOSSIER_RETURNED → the submitters of the origin unit, ACTION (they must supplement);
//   DOSSIER_REJECTED, DOSSIER_DECIDED, DOSSIER_PUBLISHED → the submitters of the origin unit, INFO;
//   VOTE_OPENED → the voting members (the vote's eligible list, else the holder council's voting members), ACTION;
//   VOTE_CAST, once every eligible member has voted → the holder council's chair, ACTION;
//   DOSSIER_ESCALATED → the council chair (named in the event, else the holder council's chair), URGENT;
//   DEADLINE_REMINDER → the appraisers of the reminded organisation (its org_id, else the holder): WARNING
//     before and on the due day, URGENT when overdue.
// Every other event type has no recipients (e.g. DOCUMENT_ATTACHED, DEADLINE_SET: the scheduler's business).
#include <vector>

#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.pb.h"

namespace tdkt::notifier {

// A group of people defined by the event.
enum class Audience {
  kAppraisersOfHolder,        // ROLE_APPRAISER at holding_org_id
  kSubmittersOfOrigin,        // ROLE_SUBMITTER at origin_org_id
  kVotingMembers,             // vote_opened.eligible_person_ids, else the holder council's voting members
  kCouncilChairOfHolder,      // dossier_escalated.council_chair_person_id, else the holder council's chair
  kAppraisersOfRemindedOrg,   // ROLE_APPRAISER at deadline_reminder.org_id (else holding_org_id)
};

// When a rule applies beyond its event type.
enum class Condition {
  kAlways,
  kEveryMemberVoted,     // VOTE_CAST with voted_count ≥ eligible_count > 0
  kReminderNotOverdue,   // DEADLINE_REMINDER of kind BEFORE_DUE or DUE_TODAY
  kReminderOverdue,      // DEADLINE_REMINDER of kind OVERDUE
};

struct AudienceRule {
  tdkt::v1::EventType event_type;
  Condition condition;
  Audience audience;
  tdkt::v1::NotificationSeverity severity;
};

// Every rule, in table order.
const std::vector<AudienceRule>& RecipientRules();

// The rules that apply to `event` (its type and conditions), in table order; empty when nobody is told.
std::vector<const AudienceRule*> RulesFor(const tdkt::v1::EventEnvelope& event);

// True when some rule names `type`: such a type needs a notification template.
bool HasRecipients(tdkt::v1::EventType type);

}  // namespace tdkt::notifier
