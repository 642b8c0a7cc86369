#include "services/notifier/recipient_rules.h"

#include <gtest/gtest.h>

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

v1::EventEnvelope Of(v1::EventType type) {
  v1::EventEnvelope e;
  e.set_type(type);
  return e;
}

std::vector<Audience> AudiencesOf(const v1::EventEnvelope& e) {
  std::vector<Audience> out;
  for (const AudienceRule* rule : RulesFor(e)) out.push_back(rule->audience);
  return out;
}

TEST(RecipientRules, ArrivalsTellTheAppraisersOfTheHolder) {
  for (v1::EventType type : {v1::EVENT_TYPE_DOSSIER_SUBMITTED, v1::EVENT_TYPE_DOSSIER_FORWARDED,
                             v1::EVENT_TYPE_DOSSIER_RESUBMITTED}) {
    EXPECT_EQ(AudiencesOf(Of(type)), std::vector<Audience>{Audience::kAppraisersOfHolder}) << v1::EventType_Name(type);
    EXPECT_EQ(RulesFor(Of(type))[0]->severity, v1::NOTIFICATION_SEVERITY_ACTION);
  }
}

TEST(RecipientRules, OutcomesTellTheSubmittersOfTheOrigin) {
  for (v1::EventType type : {v1::EVENT_TYPE_DOSSIER_RETURNED, v1::EVENT_TYPE_DOSSIER_REJECTED,
                             v1::EVENT_TYPE_DOSSIER_DECIDED, v1::EVENT_TYPE_DOSSIER_PUBLISHED}) {
    EXPECT_EQ(AudiencesOf(Of(type)), std::vector<Audience>{Audience::kSubmittersOfOrigin}) << v1::EventType_Name(type);
  }
}

TEST(RecipientRules, TheChairIsToldOnlyWhenEveryMemberHasVoted) {
  v1::EventEnvelope cast = Of(v1::EVENT_TYPE_VOTE_CAST);
  cast.mutable_vote_cast()->set_voted_count(4);
  cast.mutable_vote_cast()->set_eligible_count(5);
  EXPECT_TRUE(RulesFor(cast).empty());
  cast.mutable_vote_cast()->set_voted_count(5);
  EXPECT_EQ(AudiencesOf(cast), std::vector<Audience>{Audience::kCouncilChairOfHolder});
  cast.mutable_vote_cast()->set_voted_count(0);
  cast.mutable_vote_cast()->set_eligible_count(0);  // counts not filled in: not "everyone voted"
  EXPECT_TRUE(RulesFor(cast).empty());
  EXPECT_EQ(AudiencesOf(Of(v1::EVENT_TYPE_VOTE_OPENED)), std::vector<Audience>{Audience::kVotingMembers});
  EXPECT_EQ(AudiencesOf(Of(v1::EVENT_TYPE_DOSSIER_ESCALATED)), std::vector<Audience>{Audience::kCouncilChairOfHolder});
}

TEST(RecipientRules, EveryReminderTellsTheAppraisersMoreUrgentlyWhenOverdue) {
  v1::EventEnvelope reminder = Of(v1::EVENT_TYPE_DEADLINE_REMINDER);
  for (auto [kind, severity] : {std::pair{v1::REMINDER_KIND_BEFORE_DUE, v1::NOTIFICATION_SEVERITY_WARNING},
                                std::pair{v1::REMINDER_KIND_DUE_TODAY, v1::NOTIFICATION_SEVERITY_WARNING},
                                std::pair{v1::REMINDER_KIND_OVERDUE, v1::NOTIFICATION_SEVERITY_URGENT}}) {
    reminder.mutable_deadline_reminder()->set_kind(kind);
    const auto rules = RulesFor(reminder);
    ASSERT_EQ(rules.size(), 1u) << v1::ReminderKind_Name(kind);
    EXPECT_EQ(rules[0]->audience, Audience::kAppraisersOfRemindedOrg);
    EXPECT_EQ(rules[0]->severity, severity);
  }
}

TEST(RecipientRules, OtherEventsTellNobody) {
  for (v1::EventType type : {v1::EVENT_TYPE_DOSSIER_CREATED, v1::EVENT_TYPE_DOCUMENT_ATTACHED,
                             v1::EVENT_TYPE_DOSSIER_ACCEPTED, v1::EVENT_TYPE_DEADLINE_SET,
                             v1::EVENT_TYPE_DEADLINE_CLEARED, v1::EVENT_TYPE_CAMPAIGN_REMINDER}) {
    EXPECT_TRUE(RulesFor(Of(type)).empty()) << v1::EventType_Name(type);
    EXPECT_FALSE(HasRecipients(type));
  }
  EXPECT_TRUE(HasRecipients(v1::EVENT_TYPE_DEADLINE_REMINDER));
}

}  // namespace
}  // namespace tdkt::notifier
