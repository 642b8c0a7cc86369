#include "services/notifier/template_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/proto_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;
using ::testing::HasSubstr;

const char kShipped[] = TDKT_SOURCE_DIR "/data/templates/notifications.textproto";

// Every template the rules need, plain, so that one broken line can be added in front.
std::string Complete() {
  std::string text;
  for (const char* type : {"EVENT_TYPE_DOSSIER_SUBMITTED", "EVENT_TYPE_DOSSIER_FORWARDED", "EVENT_TYPE_DOSSIER_RESUBMITTED",
                           "EVENT_TYPE_DOSSIER_RETURNED", "EVENT_TYPE_DOSSIER_REJECTED", "EVENT_TYPE_DOSSIER_DECIDED",
                           "EVENT_TYPE_DOSSIER_PUBLISHED", "EVENT_TYPE_VOTE_OPENED", "EVENT_TYPE_VOTE_CAST",
                           "EVENT_TYPE_DOSSIER_ESCALATED"}) {
    text += std::string("templates { event_type: \"") + type + "\" title_vi: \"T {award_name}\" body_vi: \"B {link}\" }\n";
  }
  for (const char* kind : {"REMINDER_KIND_BEFORE_DUE", "REMINDER_KIND_DUE_TODAY", "REMINDER_KIND_OVERDUE"}) {
    text += std::string("templates { event_type: \"EVENT_TYPE_DEADLINE_REMINDER\" reminder_kind: \"") + kind +
            "\" title_vi: \"Nhắc\" body_vi: \"Hạn {due_date}\" }\n";
  }
  text += "digest_subject_vi: \"{count} thông báo\"\ndigest_intro_vi: \"Ngày {date}\"\n";
  return text;
}

TEST(TemplateSet, TheShippedFileLoads) {
  absl::StatusOr<TemplateSet> set = TemplateSet::Load(kShipped);
  ASSERT_TRUE(set.ok()) << set.status();
}

TEST(TemplateSet, ACompleteMinimalFileLoads) {
  EXPECT_TRUE(TemplateSet::FromText(Complete(), "t.textproto").ok()) << TemplateSet::FromText(Complete(), "t").status();
}

TEST(TemplateSet, AnUnknownPlaceholderIsRefusedWithItsLine) {
  const std::string text = Complete() + "\n\ntemplates {\n  event_type: \"EVENT_TYPE_DOSSIER_WITHDRAWN\"\n"
                                        "  title_vi: \"Rút {award_nam}\"\n  body_vi: \"x\"\n}\n";
  absl::Status status = TemplateSet::FromText(text, "bad.textproto").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("bad.textproto:20: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("{award_nam}"));
}

TEST(TemplateSet, APlaceholderTheEventDoesNotProvideIsRefused) {
  const std::string text = "templates {\n  event_type: \"EVENT_TYPE_DOSSIER_SUBMITTED\"\n  title_vi: \"x\"\n"
                           "  body_vi: \"Lý do: {reason}\"\n}\n" + Complete();
  absl::Status status = TemplateSet::FromText(text, "f").status();
  EXPECT_THAT(std::string(status.message()), HasSubstr("f:4: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("{reason}"));
}

TEST(TemplateSet, AMissingTemplateIsRefused) {
  std::string text = Complete();
  const size_t at = text.find("templates { event_type: \"EVENT_TYPE_VOTE_CAST\"");
  text.erase(at, text.find('\n', at) - at);
  absl::Status status = TemplateSet::FromText(text, "f").status();
  EXPECT_THAT(std::string(status.message()), HasSubstr("EVENT_TYPE_VOTE_CAST"));
  std::string no_overdue = Complete();
  const size_t overdue = no_overdue.find("reminder_kind: \"REMINDER_KIND_OVERDUE\"");
  no_overdue.erase(no_overdue.rfind('\n', overdue), no_overdue.find('\n', overdue) - no_overdue.rfind('\n', overdue));
  EXPECT_THAT(std::string(TemplateSet::FromText(no_overdue, "f").status().message()), HasSubstr("REMINDER_KIND_OVERDUE"));
}

TEST(TemplateSet, OtherMistakesAreRefusedWithTheirLine) {
  auto error = [](const std::string& extra) {
    return std::string(TemplateSet::FromText(extra + Complete(), "f").status().message());
  };
  EXPECT_THAT(error("templates {\n event_type: \"EVENT_TYPE_NO_SUCH\"\n title_vi: \"x\" body_vi: \"y\" }\n"),
              HasSubstr("f:2: "));
  EXPECT_THAT(error("templates {\n event_type: \"EVENT_TYPE_DOSSIER_WITHDRAWN\"\n title_vi: \"a\\nb\" body_vi: \"y\" }\n"),
              HasSubstr("f:3: "));
  EXPECT_THAT(error("templates { event_type: \"EVENT_TYPE_DOSSIER_WITHDRAWN\" title_vi: \"{reason\" body_vi: \"y\" }\n"),
              HasSubstr("không được đóng"));
  EXPECT_THAT(error("templates { event_type: \"EVENT_TYPE_DOSSIER_SUBMITTED\" title_vi: \"x\" body_vi: \"y\" }\n"),
              HasSubstr("duplicate"));
  EXPECT_THAT(error("templates {\n  event_type: \"EVENT_TYPE_DOSSIER_WITHDRAWN\"\n  wrong_field: 1\n}\n"),
              HasSubstr("f:3:"));
}

TEST(TemplateSet, RendersVietnameseDatesReasonsAndTheLink) {
  absl::StatusOr<TemplateSet> set = TemplateSet::Load(kShipped);
  ASSERT_TRUE(set.ok()) << set.status();
  v1::EventEnvelope e;
  e.set_type(v1::EVENT_TYPE_DEADLINE_REMINDER);
  e.set_dossier_id("d-42");
  e.set_award_code("LDTT");
  e.set_year(2026);
  e.set_nominee_name("Phạm Thị Hồng Nhung");
  e.set_tracking_code("ABCD-EFGH-JKMN-PQRS");
  e.mutable_deadline_reminder()->set_kind(v1::REMINDER_KIND_OVERDUE);
  e.mutable_deadline_reminder()->set_overdue_working_days(2);
  e.mutable_deadline_reminder()->mutable_due_date()->set_year(2026);
  e.mutable_deadline_reminder()->mutable_due_date()->set_month(1);
  e.mutable_deadline_reminder()->mutable_due_date()->set_day(5);
  absl::StatusOr<RenderedText> text = set->Render(e, {"Lao động tiên tiến", "UBND xã Đồng Tân", "Trường"});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->title, "Quá hạn thẩm định 2 ngày làm việc: Lao động tiên tiến – Phạm Thị Hồng Nhung");
  EXPECT_THAT(text->body, HasSubstr("ngày 05/01/2026 là 2 ngày làm việc"));
  EXPECT_THAT(text->body, HasSubstr("Xem hồ sơ: /dossiers/d-42"));
  EXPECT_EQ(text->link, "/dossiers/d-42");

  v1::EventEnvelope returned = e;
  returned.set_type(v1::EVENT_TYPE_DOSSIER_RETURNED);
  returned.mutable_dossier_returned();  // no reason given, no kinds
  text = set->Render(returned, {"Lao động tiên tiến", "UBND xã Đồng Tân", "Trường"});
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(text->body, HasSubstr("Lý do: (không nêu)"));
  EXPECT_EQ(set->Render(v1::EventEnvelope(), {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(VietnameseDate(absl::CivilDay(2026, 9, 2)), "02/09/2026");
}

}  // namespace
}  // namespace tdkt::notifier
