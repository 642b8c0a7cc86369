// The generic mapping end to end: what the gateway answers over HTTP is what the services answer over gRPC,
// uploads and downloads carry the bytes unchanged, and notifications arrive as server-sent events — new ones
// while connected, and on a reconnect with Last-Event-ID exactly those missed.
#include "tests/integration/services/gateway/gateway_world.h"

#include "base/sha256.h"

namespace tdkt::gateway_test {
namespace {

class GatewayMapping : public GatewayWorld {};

TEST_F(GatewayMapping, UnaryAnswersAreTheServicesAnswersInJson) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  ASSERT_FALSE(submitter.csrf.empty());
  const json created = CreateDossier(submitter, "gw-map-1", "Nguyễn Thị Mai Anh");
  ASSERT_TRUE(created.is_object());
  const std::string id = created["id"].get<std::string>();

  // GetDossier through the gateway and directly, as the same person.
  const Reply through = Call(submitter, "dossier/GetDossier", {{"dossierId", id}});
  ASSERT_EQ(through.status, 200) << through.body;
  EXPECT_EQ(through.Header("Content-Type"), "application/json; charset=utf-8");
  const std::string token = Token(kSubmitter);
  v1::GetDossierRequest get;
  get.set_dossier_id(id);
  v1::GetDossierResponse direct;
  ASSERT_TRUE(Dossier()->GetDossier(Context(token).get(), get, &direct).ok());
  EXPECT_EQ(through.Json(), JsonOf(direct));
  // The JSON mapping: lowerCamelCase names, enums by name, int64 as strings.
  EXPECT_EQ(through.Json()["dossier"]["state"], "DOSSIER_STATE_DRAFT");
  EXPECT_TRUE(through.Json()["dossier"]["version"].is_string());
  EXPECT_EQ(through.Json()["dossier"]["nominee"]["name"], "Nguyễn Thị Mai Anh");

  // ListInbox the same way (the draft waits for its submitter).
  const Reply inbox = Call(submitter, "dossier/ListInbox", json::object());
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  v1::ListInboxResponse direct_inbox;
  ASSERT_TRUE(Dossier()->ListInbox(Context(token).get(), v1::ListInboxRequest(), &direct_inbox).ok());
  ASSERT_GT(direct_inbox.items_size(), 0);
  EXPECT_EQ(inbox.Json(), JsonOf(direct_inbox));

  // The session body is GetCurrentIdentity's answer and the CSRF token.
  const Reply session = Get("/api/v1/session", {{"Cookie", submitter.cookie}});
  ASSERT_EQ(session.status, 200) << session.body;
  v1::GetCurrentIdentityResponse identity;
  ASSERT_TRUE(v1::DirectoryService::NewStub(Channel(directory_port_))
                  ->GetCurrentIdentity(Context(token).get(), v1::GetCurrentIdentityRequest(), &identity)
                  .ok());
  EXPECT_EQ(session.Json()["identity"], JsonOf(identity));
  EXPECT_EQ(session.Json()["csrfToken"], submitter.csrf);
}

TEST_F(GatewayMapping, BearerTokenScriptsNeedNoCookieOrCsrf) {
  StartGateway();
  const std::string token = Token(kSubmitter);
  const Reply reply = Post("/api/v1/dossier/ListInbox", "{}", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  // A bearer request ignores cookies: a valid session cookie does not make a bad token good.
  Browser submitter = LogIn(kSubmitter);
  const Reply bad = Post("/api/v1/dossier/ListInbox", "{}",
                         {{"Authorization", "Bearer not-a-token"}, {"Cookie", submitter.cookie},
                          {"X-CSRF-Token", submitter.csrf}});
  EXPECT_EQ(bad.status, 401) << bad.body;
  EXPECT_EQ(bad.Json()["code"], "UNAUTHENTICATED");
}

TEST_F(GatewayMapping, UploadThenDownloadGivesTheSameBytes) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  const json created = CreateDossier(submitter, "gw-up-1", "Trần Văn Khánh");
  ASSERT_TRUE(created.is_object());
  const std::string id = created["id"].get<std::string>();
  // 2.5 MiB of a PDF: several chunks on the way in and on the way out.
  std::string content = "%PDF-1.4\n";
  std::mt19937 random(7);
  while (content.size() < (5u << 19)) content += static_cast<char>(random() % 256);
  const std::string path = absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", id,
                                        "&kind=TO_TRINH&fileName=t%E1%BB%9D%20tr%C3%ACnh%20%C4%91%C3%BAng.pdf",
                                        "&requestId=gw-up-doc-1&expectedVersion=", created["version"].get<std::string>());
  const Reply uploaded = Post(path, content, As(submitter), "application/pdf");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const json document = uploaded.Json()["document"];
  EXPECT_EQ(document["fileName"], "tờ trình đúng.pdf");
  EXPECT_EQ(document["sizeBytes"], std::to_string(content.size()));
  EXPECT_EQ(document["sha256"], base::Sha256Hex(content));
  EXPECT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM dossier.document WHERE dossier_id = '", id, "'")), "1");

  const Reply downloaded =
      Get(absl::StrCat("/api/v1/dossier/GetDocumentContent?dossierId=", id, "&documentId=",
                       document["id"].get<std::string>()),
          {{"Cookie", submitter.cookie}});
  ASSERT_EQ(downloaded.status, 200) << downloaded.body.substr(0, 300);
  EXPECT_EQ(downloaded.body.size(), content.size());
  EXPECT_TRUE(downloaded.body == content);
  EXPECT_EQ(downloaded.Header("Content-Type"), "application/pdf");
  EXPECT_EQ(downloaded.Header("Transfer-Encoding"), "chunked");
  // The file name as RFC 5987 says, on the wire (httplib::Client would decode it).
  const Reply raw = Raw("GET",
                        absl::StrCat("/api/v1/dossier/GetDocumentContent?dossierId=", id, "&documentId=",
                                     document["id"].get<std::string>()),
                        absl::StrCat("Cookie: ", submitter.cookie, "\r\n"));
  EXPECT_EQ(raw.status, 200);
  EXPECT_EQ(raw.Header("Content-Disposition"),
            "attachment; filename*=UTF-8''t%E1%BB%9D%20tr%C3%ACnh%20%C4%91%C3%BAng.pdf");

  // An unknown document is the service's NOT_FOUND, as JSON, before any byte.
  const Reply missing =
      Get(absl::StrCat("/api/v1/dossier/GetDocumentContent?dossierId=", id, "&documentId=nope"),
          {{"Cookie", submitter.cookie}});
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.Json()["code"], "NOT_FOUND");
}

TEST_F(GatewayMapping, EventStreamDeliversANotificationWrittenAfterConnecting) {
  StartGateway();
  Browser appraiser = LogIn(kAppraiser);
  EventStreamReader stream(port(), {{"Cookie", appraiser.cookie}});
  ASSERT_TRUE(WaitFor([&] { return stream.text().find(": connected") != std::string::npos; }, absl::Seconds(10)))
      << stream.status() << " " << stream.text();
  EXPECT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.content_type(), "text/event-stream");
  EXPECT_TRUE(stream.EventIds().empty()) << stream.text();

  PublishSubmitted("dossier-gw-sse-1");
  ASSERT_TRUE(WaitFor([&] { return !stream.EventIds().empty(); }, absl::Seconds(20))) << stream.text();
  const std::string text = stream.text();
  EXPECT_NE(text.find("event: notification\nid: "), std::string::npos) << text;
  const size_t data = text.find("\ndata: ");
  ASSERT_NE(data, std::string::npos);
  const json notification = Parse(text.substr(data + 7, text.find('\n', data + 7) - data - 7));
  EXPECT_EQ(notification["dossierId"], "dossier-gw-sse-1");
  EXPECT_EQ(notification["eventType"], "EVENT_TYPE_DOSSIER_SUBMITTED");
  EXPECT_EQ(notification["id"], stream.EventIds().front());
  // Keep-alive comments come while nothing happens (every 500 ms here).
  ASSERT_TRUE(WaitFor([&] { return stream.text().find(": keep-alive") != std::string::npos; }, absl::Seconds(5)));
}

TEST_F(GatewayMapping, ReconnectWithLastEventIdGetsExactlyWhatWasMissed) {
  StartGateway();
  Browser appraiser = LogIn(kAppraiser);
  std::string last_seen;
  {
    EventStreamReader stream(port(), {{"Cookie", appraiser.cookie}});
    ASSERT_TRUE(WaitFor([&] { return stream.text().find(": connected") != std::string::npos; }, absl::Seconds(10)));
    PublishSubmitted("dossier-gw-resume-1");
    PublishSubmitted("dossier-gw-resume-2");
    ASSERT_TRUE(WaitFor([&] { return stream.EventIds().size() == 2; }, absl::Seconds(20))) << stream.text();
    last_seen = stream.EventIds().back();
  }
  // While disconnected: three more.
  for (int i = 3; i <= 5; ++i) PublishSubmitted(absl::StrCat("dossier-gw-resume-", i));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf(kAppraiser) == 5; }, absl::Seconds(20)));
  const std::vector<std::string> missed = [&] {
    std::vector<std::string> ids;
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    for (const auto& row : work.exec(absl::StrCat("SELECT id FROM notifier.notification WHERE person_id = '",
                                                  PersonId(kAppraiser), "' AND id > ", last_seen, " ORDER BY id"))) {
      ids.push_back(row[0].c_str());
    }
    return ids;
  }();
  ASSERT_EQ(missed.size(), 3u);

  // The browser reconnects to its original URL (afterId of the first connection) with Last-Event-ID: the
  // header wins.
  EventStreamReader again(port(), {{"Cookie", appraiser.cookie}, {"Last-Event-ID", last_seen}},
                          "/api/v1/notifier/WatchNotifications?afterId=0");
  ASSERT_TRUE(WaitFor([&] { return again.EventIds().size() >= 3; }, absl::Seconds(20))) << again.text();
  absl::SleepFor(absl::Seconds(1));  // nothing more comes
  EXPECT_EQ(again.EventIds(), missed) << again.text();
}

TEST_F(GatewayMapping, EventStreamWithoutSessionIsRefusedWithAStatus) {
  StartGateway();
  const Reply reply = Get("/api/v1/notifier/WatchNotifications");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.Json()["code"], "UNAUTHENTICATED");
  // A token the notifier refuses: its status, not a stream that never says anything.
  const Reply bad = Get("/api/v1/notifier/WatchNotifications", {{"Authorization", "Bearer abc.def.ghi"}});
  EXPECT_EQ(bad.status, 401) << bad.body;
}

}  // namespace
}  // namespace tdkt::gateway_test
