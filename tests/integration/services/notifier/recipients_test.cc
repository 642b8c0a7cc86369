// Who is told, and what they read: the rule table (services/notifier/recipient_rules.h) against the real directory
// (the demo's UBND xã Đồng Tân and its Trường Tiểu học Đồng Tân), with the Vietnamese texts of
// data/templates/notifications.textproto.
#include <regex>
#include <set>

#include "tests/integration/services/notifier/notifier_world.h"

namespace tdkt::notifier_test {
namespace {

class RecipientsTest : public NotifierWorld {
 protected:
  void SetUp() override {
    NotifierWorld::SetUp();
    if (HasFatalFailure()) return;
    StartNotifier("a");
  }

  // Applies `event` and returns the notifications it made: (username, title, body, severity).
  struct Told {
    std::string username, title, body;
    int severity = 0;
  };
  std::vector<Told> Apply(const v1::EventEnvelope& event) {
    Publish(event);
    EXPECT_TRUE(WaitFor([&] {
      return Count("SELECT count(*) FROM notifier.idempotency WHERE request_id = 'event/" + event.event_id() + "'") == 1;
    }, absl::Seconds(30)));
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::vector<Told> told;
    for (const auto& row : work.exec_params(
             "SELECT p.username, n.title_vi, n.body_vi, n.severity FROM notifier.notification n "
             "JOIN directory.person p ON p.id::text = n.person_id WHERE n.event_id = $1 ORDER BY p.username",
             event.event_id())) {
      told.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].as<int>()});
    }
    return told;
  }
  static std::set<std::string> Usernames(const std::vector<Told>& told) {
    std::set<std::string> names;
    for (const Told& t : told) names.insert(t.username);
    return names;
  }
};

TEST_F(RecipientsTest, SubmittedTellsTheAppraisersOfTheOrganisationItArrivesAt) {
  const std::vector<Told> told = Apply(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-1"));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].username, "vp.dongtan");
  EXPECT_EQ(told[0].title, "Hồ sơ mới cần thẩm định: Lao động tiên tiến – Phạm Thị Hồng Nhung");
  EXPECT_EQ(told[0].body,
            "Trường Tiểu học Đồng Tân đã nộp hồ sơ đề nghị Lao động tiên tiến năm 2026 cho Phạm Thị Hồng Nhung (mã tra "
            "cứu ABCD-EFGH-JKMN-PQRS). Hồ sơ đang chờ UBND xã Đồng Tân tiếp nhận và thẩm định.\nXem hồ sơ: /dossiers/d-1");
  EXPECT_EQ(told[0].severity, v1::NOTIFICATION_SEVERITY_ACTION);
}

TEST_F(RecipientsTest, ReturnedTellsTheSubmittersWithTheReasonAndTheMissingDocuments) {
  v1::EventEnvelope e = Event(v1::EVENT_TYPE_DOSSIER_RETURNED, "d-2");
  e.mutable_dossier_returned()->set_reason_vi("Thiếu chữ ký của thủ trưởng đơn vị");
  e.mutable_dossier_returned()->add_missing_document_kinds("TO_TRINH");
  e.mutable_dossier_returned()->add_missing_document_kinds("BIEN_BAN_XET");
  const std::vector<Told> told = Apply(e);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].username, "vt.dongtan.thdt");
  EXPECT_EQ(told[0].title, "Hồ sơ bị trả lại để bổ sung: Lao động tiên tiến – Phạm Thị Hồng Nhung");
  EXPECT_NE(told[0].body.find("UBND xã Đồng Tân đã trả lại hồ sơ"), std::string::npos) << told[0].body;
  EXPECT_NE(told[0].body.find("\nLý do: Thiếu chữ ký của thủ trưởng đơn vị\n"), std::string::npos) << told[0].body;
  EXPECT_NE(told[0].body.find("\nTài liệu cần bổ sung: Tờ trình, Biên bản xét\n"), std::string::npos) << told[0].body;
}

TEST_F(RecipientsTest, RejectedDecidedAndPublishedTellTheSubmitters) {
  v1::EventEnvelope rejected = Event(v1::EVENT_TYPE_DOSSIER_REJECTED, "d-3");
  rejected.mutable_dossier_rejected()->set_reason_vi("Chưa đủ tiêu chuẩn");
  EXPECT_EQ(Usernames(Apply(rejected)), std::set<std::string>{"vt.dongtan.thdt"});
  v1::EventEnvelope decided = Event(v1::EVENT_TYPE_DOSSIER_DECIDED, "d-4");
  decided.mutable_dossier_decided()->mutable_decision()->set_number("123/QĐ-UBND");
  const std::vector<Told> told = Apply(decided);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].body.find("quyết định khen thưởng số 123/QĐ-UBND"), std::string::npos) << told[0].body;
  v1::EventEnvelope published = Event(v1::EVENT_TYPE_DOSSIER_PUBLISHED, "d-4");
  *published.mutable_dossier_published()->mutable_published_on() = [] {
    v1::Date d;
    d.set_year(2026);
    d.set_month(3);
    d.set_day(9);
    return d;
  }();
  const std::vector<Told> told_published = Apply(published);
  ASSERT_EQ(told_published.size(), 1u);
  EXPECT_NE(told_published[0].body.find("được công bố ngày 09/03/2026"), std::string::npos) << told_published[0].body;
}

TEST_F(RecipientsTest, VoteOpenedTellsTheVotingMembersAndTheChairOnceEveryoneVoted) {
  // No eligible list in the event: the holder council's voting members that day (the secretary does not vote).
  const std::vector<Told> invited = Apply(Event(v1::EVENT_TYPE_VOTE_OPENED, "d-5"));
  EXPECT_EQ(Usernames(invited), (std::set<std::string>{"ct.donglien", "ct.dongtan", "uv.dongtan"}));
  v1::EventEnvelope second = Event(v1::EVENT_TYPE_VOTE_CAST, "d-5");
  second.mutable_vote_cast()->set_voted_count(2);
  second.mutable_vote_cast()->set_eligible_count(3);
  EXPECT_TRUE(Apply(second).empty());
  v1::EventEnvelope last = Event(v1::EVENT_TYPE_VOTE_CAST, "d-5");
  last.mutable_vote_cast()->set_voted_count(3);
  last.mutable_vote_cast()->set_eligible_count(3);
  const std::vector<Told> chair = Apply(last);
  ASSERT_EQ(chair.size(), 1u);
  EXPECT_EQ(chair[0].username, "ct.dongtan");
  EXPECT_NE(chair[0].body.find("Đã có 3/3 thành viên"), std::string::npos) << chair[0].body;
}

TEST_F(RecipientsTest, EscalationTellsTheChairAndRemindersTellTheAppraisers) {
  v1::EventEnvelope escalated = Event(v1::EVENT_TYPE_DOSSIER_ESCALATED, "d-6");
  escalated.mutable_dossier_escalated()->set_overdue_working_days(2);
  escalated.mutable_dossier_escalated()->mutable_deadline_due_date()->set_year(2026);
  escalated.mutable_dossier_escalated()->mutable_deadline_due_date()->set_month(3);
  escalated.mutable_dossier_escalated()->mutable_deadline_due_date()->set_day(5);
  const std::vector<Told> chair = Apply(escalated);
  ASSERT_EQ(chair.size(), 1u);
  EXPECT_EQ(chair[0].username, "ct.dongtan");
  EXPECT_EQ(chair[0].severity, v1::NOTIFICATION_SEVERITY_URGENT);
  EXPECT_NE(chair[0].body.find("quá hạn thẩm định 2 ngày làm việc (hạn 05/03/2026)"), std::string::npos)
      << chair[0].body;

  v1::EventEnvelope reminder = Event(v1::EVENT_TYPE_DEADLINE_REMINDER, "d-6");
  reminder.set_producer("scheduler");
  auto* r = reminder.mutable_deadline_reminder();
  r->set_kind(v1::REMINDER_KIND_BEFORE_DUE);
  r->set_working_days_before_due(3);
  r->mutable_due_date()->set_year(2026);
  r->mutable_due_date()->set_month(3);
  r->mutable_due_date()->set_day(13);
  r->set_org_id(OrgId("PT-DONGTAN"));
  const std::vector<Told> appraisers = Apply(reminder);
  ASSERT_EQ(appraisers.size(), 1u);
  EXPECT_EQ(appraisers[0].username, "vp.dongtan");
  EXPECT_EQ(appraisers[0].severity, v1::NOTIFICATION_SEVERITY_WARNING);
  EXPECT_EQ(appraisers[0].title, "Nhắc hạn: còn 3 ngày làm việc – Lao động tiên tiến – Phạm Thị Hồng Nhung");
  EXPECT_NE(appraisers[0].body.find("trước ngày 13/03/2026"), std::string::npos) << appraisers[0].body;
}

TEST_F(RecipientsTest, EventsWithoutRecipientsAreRecordedAndTellNobody) {
  v1::EventEnvelope attached = Event(v1::EVENT_TYPE_DOCUMENT_ATTACHED, "d-7");
  attached.mutable_document_attached()->set_kind("TO_TRINH");
  EXPECT_TRUE(Apply(attached).empty());
  EXPECT_TRUE(Apply(Event(v1::EVENT_TYPE_DEADLINE_SET, "d-7")).empty());
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.notification"), 0);
}

TEST_F(RecipientsTest, NoNotificationHoldsAnIdNumber) {
  Apply(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-8"));
  Apply(Event(v1::EVENT_TYPE_VOTE_OPENED, "d-8"));
  // The demo's fake ID numbers all start 0251…; none may reach a text or the log.
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.notification WHERE title_vi ~ '0251[0-9]{8}' OR body_vi ~ "
                  "'0251[0-9]{8}'"), 0);
  EXPECT_FALSE(std::regex_search(ReadFile(notifiers_["a"]->log), std::regex("0251[0-9]{8}")));
}

}  // namespace
}  // namespace tdkt::notifier_test
