// E-mail on the real binaries and a real SMTP server (Debian's python3-aiosmtpd, writing a Maildir): a notification
// arrives as a MIME message with the Vietnamese title as its RFC 2047 subject and the body in UTF-8; a person who
// turned e-mail off gets none; an SMTP server that is down delays mail and loses none; the daily digest gathers a
// day's notifications into one message at the digest hour.
//
// The notifier's account is created here as a system administrator, because the directory shows e-mail addresses
// only to ADMINs (see docs/architecture.md §8, "E-mail"): a stand-in for the directory permission it needs.
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/auth/directory_client.h"
#include "services/common/bootstrap.h"
#include "services/notifier/email_worker.h"
#include "services/notifier/grpc_recipient_directory.h"
#include "notifier_migrations.h"
#include "tests/integration/services/notifier/notifier_world.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier_test {
namespace {

// One received message: its headers (unfolded) and its decoded body.
struct Mail {
  std::map<std::string, std::string> headers;
  std::string body;
};

std::string DecodeWords(const std::string& value) {
  std::string out;
  for (absl::string_view word : absl::StrSplit(value, ' ', absl::SkipEmpty())) {
    if (absl::StartsWith(word, "=?UTF-8?B?") && absl::EndsWith(word, "?=")) {
      std::string bytes;
      absl::Base64Unescape(word.substr(10, word.size() - 12), &bytes);
      out += bytes;
    } else {
      if (!out.empty()) out += ' ';
      out += std::string(word);
    }
  }
  return out;
}

Mail ParseMail(const std::string& raw) {
  Mail mail;
  const std::string text = absl::StrReplaceAll(raw, {{"\r\n", "\n"}});
  const size_t split = text.find("\n\n");
  std::string last;
  for (absl::string_view line : absl::StrSplit(text.substr(0, split), '\n')) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      mail.headers[last] += " " + std::string(absl::StripLeadingAsciiWhitespace(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    last = std::string(line.substr(0, colon));
    mail.headers[last] = std::string(absl::StripLeadingAsciiWhitespace(line.substr(colon + 1)));
  }
  absl::Base64Unescape(absl::StrReplaceAll(text.substr(split + 2), {{"\n", ""}}), &mail.body);
  return mail;
}

class EmailTest : public NotifierWorld {
 protected:
  std::string ServiceAccountCommand() override { return "create-system-admin svc-notifier 'Dịch vụ thông báo'"; }

  void StartSmtp() {
    for (const char* sub : {"tmp", "new", "cur"}) fs::create_directories(dir_ / "mail" / sub);  // a Maildir
    auto sink = testing::ChildProcess::Start({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
                                              absl::StrCat("127.0.0.1:", smtp_port_), "-c", "aiosmtpd.handlers.Mailbox",
                                              (dir_ / "mail").string()},
                                             (dir_ / "smtp.log").string());
    ASSERT_TRUE(sink.ok()) << sink.status();
    smtp_ = std::move(*sink);
    ASSERT_TRUE(testing::WaitForPort(smtp_port_, absl::Seconds(20))) << ReadFile(dir_ / "smtp.log");
  }
  void TearDown() override {
    if (smtp_.Running()) smtp_.Stop(SIGTERM, absl::Seconds(5));
    NotifierWorld::TearDown();
  }

  std::vector<Mail> Mails() {
    std::vector<Mail> mails;
    if (!fs::exists(dir_ / "mail" / "new")) return mails;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir_ / "mail" / "new")) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) mails.push_back(ParseMail(ReadFile(file)));
    return mails;
  }

  std::vector<std::string> EmailFlags() {
    return {"--smtp-url", absl::StrCat("smtp://127.0.0.1:", smtp_port_), "--smtp-from", "tdkt@demo.tdkt.invalid",
            "--email-poll-ms", "100", "--email-first-backoff-ms", "200", "--email-max-backoff-ms", "500",
            "--console-url", "https://tdkt.example.gov.vn", "--digest-hour", "23"};
  }

  int smtp_port_ = testing::FreeLocalPort();
  testing::ChildProcess smtp_;
};

TEST_F(EmailTest, ANotificationArrivesWithAVietnameseSubjectAndBody) {
  StartSmtp();
  StartNotifier("a", EmailFlags());
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-mail"));
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(30)));
  const Mail mail = Mails()[0];
  EXPECT_EQ(mail.headers.at("To"), "<vp.dongtan@demo.tdkt.invalid>");
  EXPECT_TRUE(absl::StartsWith(mail.headers.at("Subject"), "=?UTF-8?B?")) << mail.headers.at("Subject");
  EXPECT_EQ(DecodeWords(mail.headers.at("Subject")), "Hồ sơ mới cần thẩm định: Lao động tiên tiến – Phạm Thị Hồng Nhung");
  EXPECT_EQ(mail.headers.at("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(mail.headers.at("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(DecodeWords(mail.headers.at("From")), "Hệ thống Thi đua – Khen thưởng <tdkt@demo.tdkt.invalid>");
  EXPECT_NE(mail.body.find("Trường Tiểu học Đồng Tân đã nộp hồ sơ đề nghị Lao động tiên tiến năm 2026"), std::string::npos)
      << mail.body;
  EXPECT_NE(mail.body.find("Xem hồ sơ: https://tdkt.example.gov.vn/dossiers/d-mail"), std::string::npos) << mail.body;
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.email_message WHERE state = 'sent'"), 1);

  // Turned off: the next one makes no e-mail.
  auto stub = Notifier(*notifiers_["a"]);
  v1::SetEmailPreferenceRequest off;
  off.set_request_id("pref-1");
  off.set_delivery(v1::EMAIL_DELIVERY_OFF);
  v1::SetEmailPreferenceResponse set;
  ASSERT_TRUE(stub->SetEmailPreference(As(Login("vp.dongtan")).get(), off, &set).ok());
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-quiet"));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") == 2; }, absl::Seconds(30)));
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(Mails().size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.email_message"), 1);
}

TEST_F(EmailTest, AnSmtpServerThatIsDownDelaysMailAndLosesNone) {
  StartNotifier("a", EmailFlags());  // nothing listens on the SMTP port yet
  for (int i = 0; i < 3; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  ASSERT_TRUE(WaitFor([&] {
    return Count("SELECT count(*) FROM notifier.email_message WHERE state = 'pending' AND attempts >= 2") == 3;
  }, absl::Seconds(30)));
  StartSmtp();
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 3; }, absl::Seconds(30)));
  absl::SleepFor(absl::Seconds(1));
  std::set<std::string> bodies;
  for (const Mail& mail : Mails()) bodies.insert(mail.body);
  EXPECT_EQ(bodies.size(), 3u);  // three different messages, none twice
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.email_message WHERE state = 'sent'"), 3);
}

TEST_F(EmailTest, TheDailyDigestGathersTheDayIntoOneMessageAtTheDigestHour) {
  StartSmtp();
  NotifierProcess& notifier = StartNotifier("a", EmailFlags());
  auto stub = Notifier(notifier);
  v1::SetEmailPreferenceRequest digest;
  digest.set_request_id("pref-digest");
  digest.set_delivery(v1::EMAIL_DELIVERY_DAILY_DIGEST);
  v1::SetEmailPreferenceResponse set;
  const std::string token = Login("vp.dongtan");
  ASSERT_TRUE(stub->SetEmailPreference(As(token).get(), digest, &set).ok());
  v1::GetEmailPreferenceResponse got;
  ASSERT_TRUE(stub->GetEmailPreference(As(token).get(), v1::GetEmailPreferenceRequest(), &got).ok());
  EXPECT_EQ(got.delivery(), v1::EMAIL_DELIVERY_DAILY_DIGEST);
  for (int i = 0; i < 3; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  ASSERT_TRUE(WaitFor([&] { return Count("SELECT count(*) FROM notifier.digest_item") == 3; }, absl::Seconds(30)));
  EXPECT_TRUE(Mails().empty());

  // The digest run itself, in this process with its clock at 17:05 Vietnam time tomorrow (the binary uses the
  // real time, and may have made today's run already): one message with the three, sent through the same SMTP
  // server.
  auto pool = common::ConnectAndMigrate(url_, 1, "notifier", NotifierMigrations());
  ASSERT_TRUE(pool.ok()) << pool.status();
  auto directory_stub = v1::DirectoryService::NewStub(directory_channel_);
  base::SystemClock clock;
  auth::DirectorySession session(*directory_stub, "svc-notifier", kServicePassword, clock);
  notifier::GrpcRecipientDirectory directory(directory_channel_, [&] { return session.AccessToken(); });
  auto templates = notifier::TemplateSet::Load(std::string(TDKT_SOURCE_DIR) + "/data/templates/notifications.textproto");
  ASSERT_TRUE(templates.ok());
  notifier::Metrics metrics;
  notifier::EmailWorker worker(**pool, directory, *templates, metrics,
                               {.smtp = {.url = absl::StrCat("smtp://127.0.0.1:", smtp_port_),
                                         .from = "tdkt@demo.tdkt.invalid"},
                                .digest_hour = 17});
  const absl::TimeZone vietnam = workflow::VietnamTimeZone();
  const absl::CivilDay today = workflow::VietnamDate(absl::Now()) + 1;
  EXPECT_EQ(*worker.BuildDigestsIfDue(absl::FromCivil(absl::CivilSecond(today) + 16 * 3600 + 59 * 60, vietnam)), 0);
  EXPECT_EQ(*worker.BuildDigestsIfDue(absl::FromCivil(absl::CivilSecond(today) + 17 * 3600 + 5 * 60, vietnam)), 1);
  EXPECT_EQ(*worker.BuildDigestsIfDue(absl::FromCivil(absl::CivilSecond(today) + 18 * 3600, vietnam)), 0);  // once a day
  ASSERT_TRUE(WaitFor([&] { return Mails().size() == 1; }, absl::Seconds(30)));  // sent by either sender
  const Mail mail = Mails()[0];
  EXPECT_EQ(DecodeWords(mail.headers.at("Subject")),
            absl::StrCat("[TĐKT] 3 thông báo ngày ", notifier::VietnameseDate(today)));
  EXPECT_NE(mail.body.find("Dưới đây là 3 thông báo"), std::string::npos) << mail.body;
  for (const char* dossier : {"/dossiers/d-0", "/dossiers/d-1", "/dossiers/d-2"}) {
    EXPECT_NE(mail.body.find(dossier), std::string::npos) << mail.body;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.digest_item"), 0);
}

}  // namespace
}  // namespace tdkt::notifier_test
