// The gateway's guarantees towards browsers: a mutating cookie request needs the session's CSRF token and the
// gateway's own origin, per-address limits answer 429 with Retry-After, every response carries the security
// headers, sessions live in Redis (hashed, expiring with the refresh token, surviving a restart), are
// refreshed before the access token expires — once, however many requests wait — and logout revokes.
#include "tests/integration/services/gateway/gateway_world.h"

#include "base/sha256.h"

namespace tdkt::gateway_test {
namespace {

class GatewaySecurity : public GatewayWorld {};

json NewDossierRequest(const std::string& request_id, const std::string& origin_org_id) {
  return {{"requestId", request_id},
          {"awardCode", "CSTD_CO_SO"},
          {"year", 2026},
          {"originOrgId", origin_org_id},
          {"nominee",
           {{"kind", "NOMINEE_KIND_INDIVIDUAL"},
            {"name", "Phạm Quang Huy"},
            {"gender", "GENDER_MALE"},
            {"occupation", "OCCUPATION_CATEGORY_CIVIL_SERVANT"}}}};
}

TEST_F(GatewaySecurity, MutatingCookieRequestWithoutCsrfTokenIsRefusedAndChangesNothing) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  const std::string before = DossierState();
  const int seen_before = DossiersSeenBy(kSubmitter);
  const std::string body = NewDossierRequest("gw-csrf-1", OrgId("PT-DONGTAN-THDT")).dump();

  const Reply without = Post("/api/v1/dossier/CreateDossier", body, {{"Cookie", submitter.cookie}});
  EXPECT_EQ(without.status, 403) << without.body;
  EXPECT_EQ(without.Json()["code"], "PERMISSION_DENIED");
  const Reply wrong = Post("/api/v1/dossier/CreateDossier", body,
                           {{"Cookie", submitter.cookie}, {"X-CSRF-Token", std::string(64, 'a')}});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  // Another session's token is no better.
  Browser other = LogIn(kAppraiser);
  const Reply others = Post("/api/v1/dossier/CreateDossier", body,
                            {{"Cookie", submitter.cookie}, {"X-CSRF-Token", other.csrf}});
  EXPECT_EQ(others.status, 403) << others.body;
  const Reply logout = Post("/api/v1/session/logout", "", {{"Cookie", submitter.cookie}});
  EXPECT_EQ(logout.status, 403) << logout.body;

  EXPECT_EQ(DossiersSeenBy(kSubmitter), seen_before);
  EXPECT_EQ(DossierState(), before);
  EXPECT_EQ(Get("/api/v1/session", {{"Cookie", submitter.cookie}}).status, 200);  // still logged in

  // With the token the same request goes through: the refusal was the token's doing.
  const Reply with = Post("/api/v1/dossier/CreateDossier", body, As(submitter));
  EXPECT_EQ(with.status, 200) << with.body;
  EXPECT_EQ(DossiersSeenBy(kSubmitter), seen_before + 1);
}

TEST_F(GatewaySecurity, CookieRequestFromAnotherOriginIsRefused) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  const std::string before = DossierState();
  const std::string body = NewDossierRequest("gw-origin-1", OrgId("PT-DONGTAN-THDT")).dump();
  for (const std::string& evil : {std::string("http://evil.example"), std::string("null"),
                                  absl::StrCat("http://127.0.0.1:", port() + 1),
                                  absl::StrCat("https://127.0.0.1:", port())}) {
    const Reply reply = Post("/api/v1/dossier/CreateDossier", body,
                             {{"Cookie", submitter.cookie}, {"X-CSRF-Token", submitter.csrf}, {"Origin", evil}});
    EXPECT_EQ(reply.status, 403) << evil << ": " << reply.body;
    EXPECT_EQ(reply.Json()["code"], "PERMISSION_DENIED");
  }
  const Reply login = Post("/api/v1/session/login", json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump(),
                           {{"Origin", "http://evil.example"}});
  EXPECT_EQ(login.status, 403) << login.body;
  EXPECT_EQ(login.Header("Set-Cookie"), "");
  EXPECT_EQ(DossierState(), before);
  // The gateway's own origin (and no Origin header, as same-origin fetches may send) go through.
  EXPECT_EQ(Post("/api/v1/dossier/ListInbox", "{}", As(submitter)).status, 200);
  EXPECT_EQ(Post("/api/v1/dossier/ListInbox", "{}", {{"Cookie", submitter.cookie}, {"X-CSRF-Token", submitter.csrf}})
                .status,
            200);

  // With --origin set, that origin is the only one, whatever the Host header says.
  config_.origin = "https://tdkt.example.vn";
  StartGateway();
  const Reply listening = Post("/api/v1/session/login",
                               json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump(), {{"Origin", origin()}});
  EXPECT_EQ(listening.status, 403) << "the listening address is not the configured origin";
  const Reply configured = Post("/api/v1/session/login",
                                json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump(),
                                {{"Origin", "https://tdkt.example.vn"}});
  ASSERT_EQ(configured.status, 200) << configured.body;
  EXPECT_NE(configured.Header("Set-Cookie").find("; Secure"), std::string::npos) << configured.Header("Set-Cookie");
}

TEST_F(GatewaySecurity, PublicStatusIsLimitedTo100AMinutePerAddress) {
  StartGateway();
  httplib::Client client = Client();
  const std::string body = json{{"trackingCode", "ABCD-EFGH-JKMN-PQRS"}}.dump();
  for (int i = 1; i <= 100; ++i) {
    auto result = client.Post("/api/v1/dossier/GetPublicStatus", body, "application/json");
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 404) << "call " << i << ": " << result->body;  // no such code: the service answered
  }
  auto refused = client.Post("/api/v1/dossier/GetPublicStatus", body, "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_EQ(Parse(refused->body)["code"], "RESOURCE_EXHAUSTED");
  // Another address is not affected: only through a trusted proxy can the test be another address.
  config_.trust_proxy = true;
  StartGateway();
  httplib::Client proxied = Client();
  auto other = proxied.Post("/api/v1/dossier/GetPublicStatus", {{"X-Forwarded-For", "192.0.2.7"}}, body,
                            "application/json");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  // A minute later the bucket is full again.
  clock_.Advance(absl::Seconds(61));
  for (int i = 1; i <= 100; ++i) {
    auto result = proxied.Post("/api/v1/dossier/GetPublicStatus", body, "application/json");
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 404) << "call " << i;
  }
  auto again = proxied.Post("/api/v1/dossier/GetPublicStatus", body, "application/json");
  EXPECT_EQ(again->status, 429);
}

TEST_F(GatewaySecurity, XForwardedForIsIgnoredWithoutTrustProxy) {
  config_.public_status_burst = 2;
  StartGateway();
  const std::string body = json{{"trackingCode", "ABCD-EFGH-JKMN-PQRS"}}.dump();
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    const Reply reply = Post("/api/v1/dossier/GetPublicStatus", body, {{"X-Forwarded-For", absl::StrCat("192.0.2.", i)}});
    if (reply.status == 429) ++refused;
  }
  EXPECT_EQ(refused, 2);  // one address (the socket's), whatever the header claims
}

TEST_F(GatewaySecurity, LoginIsLimitedPerAddress) {
  config_.login_burst = 5;
  config_.login_per_minute = 10;
  StartGateway();
  // Five wrong passwords, each for another username (the directory's own throttle counts per username and
  // locks none of them).
  for (int i = 0; i < 5; ++i) {
    const Reply wrong = Post("/api/v1/session/login",
                             json{{"username", absl::StrCat("khong-co-", i)}, {"password", "sai-mat-khau"}}.dump());
    EXPECT_EQ(wrong.status, 401) << wrong.body;
  }
  // The sixth, with the right password: the gateway refuses it before the directory would have let it in.
  const Reply refused =
      Post("/api/v1/session/login", json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump());
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.Header("Retry-After"), "6");
  EXPECT_EQ(refused.Header("Set-Cookie"), "");
  EXPECT_NE(Get("/metrics").body.find("tdkt_gateway_rate_limited_total{limit=\"login\"} 1"), std::string::npos);
  // Six seconds on, one more attempt is allowed.
  clock_.Advance(absl::Seconds(6));
  EXPECT_EQ(Post("/api/v1/session/login", json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump()).status,
            200);
}

TEST_F(GatewaySecurity, EveryResponseCarriesTheSecurityHeaders) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  std::vector<std::pair<std::string, Reply>> replies = {
      {"index", Get("/")},
      {"status page", Get("/tra-cuu")},
      {"asset", Get("/assets/app.js")},
      {"missing file", Get("/assets/none.js")},
      {"healthz", Get("/healthz")},
      {"readyz", Get("/readyz")},
      {"metrics", Get("/metrics")},
      {"session", Get("/api/v1/session", {{"Cookie", submitter.cookie}})},
      {"no session", Get("/api/v1/session")},
      {"unary", Call(submitter, "dossier/ListInbox", json::object())},
      {"unknown route", Call(submitter, "dossier/EscalateDossier", json::object())},
      {"bad json", Post("/api/v1/dossier/ListInbox", "{", As(submitter))},
      {"too large", Post("/api/v1/dossier/ListInbox", std::string(2 << 20, ' '), As(submitter))},
      {"csrf", Post("/api/v1/dossier/ListInbox", "{}", {{"Cookie", submitter.cookie}})},
      {"public", Post("/api/v1/dossier/GetPublicStatus", R"({"trackingCode":"X"})")},
      {"wrong method", From(Client().Put("/api/v1/dossier/ListInbox", "{}", "application/json"))},
  };
  for (const auto& [what, reply] : replies) {
    ASSERT_NE(reply.status, 0) << what;
    EXPECT_EQ(reply.Header("Content-Security-Policy"), kCsp) << what;
    EXPECT_EQ(reply.Header("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(reply.Header("Referrer-Policy"), "no-referrer") << what;
  }
  EventStreamReader stream(port(), {{"Cookie", submitter.cookie}});
  ASSERT_TRUE(WaitFor([&] { return stream.status() != 0; }, absl::Seconds(10)));
  EXPECT_EQ(stream.status(), 200);
  EXPECT_EQ(stream.csp(), kCsp) << "event stream";
}

TEST_F(GatewaySecurity, MissingOrExpiredSessionIs401Json) {
  StartGateway();
  const auto expect_401 = [](const Reply& reply, const std::string& what) {
    EXPECT_EQ(reply.status, 401) << what << ": " << reply.body;
    EXPECT_EQ(reply.Header("Content-Type"), "application/json; charset=utf-8") << what;
    EXPECT_EQ(reply.Json()["code"], "UNAUTHENTICATED") << what;
    EXPECT_FALSE(reply.Json()["message"].get<std::string>().empty()) << what;
  };
  expect_401(Get("/api/v1/session"), "no cookie");
  expect_401(Post("/api/v1/dossier/ListInbox", "{}"), "no cookie, no token");
  expect_401(Get("/api/v1/session", {{"Cookie", "tdkt_session=" + std::string(64, 'f')}}), "unknown session");
  expect_401(Get("/api/v1/session", {{"Cookie", "tdkt_session=../../etc"}}), "malformed session");

  Browser submitter = LogIn(kSubmitter);
  ASSERT_EQ(Get("/api/v1/session", {{"Cookie", submitter.cookie}}).status, 200);
  // The session's Redis key is gone (expired there, or deleted): the browser must log in again.
  common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
  const std::string key = config_.session_prefix + base::Sha256Hex(submitter.session_id());
  ASSERT_EQ(*redis.Command({"DEL", key}), "1");
  expect_401(Get("/api/v1/session", {{"Cookie", submitter.cookie}}), "deleted session");
  expect_401(Call(submitter, "dossier/ListInbox", json::object()), "deleted session, unary");

  // A session whose refresh token has expired (31 days on) is no session, even if Redis still holds it.
  Browser later = LogIn(kSubmitter);
  clock_.Advance(absl::Hours(24 * 31));
  expect_401(Get("/api/v1/session", {{"Cookie", later.cookie}}), "refresh token expired");
}

TEST_F(GatewaySecurity, SessionsLiveInRedisHashedAndSurviveARestart) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
  const std::string key = config_.session_prefix + base::Sha256Hex(submitter.session_id());
  const std::string stored = *redis.Command({"GET", key});
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.find(submitter.session_id()), std::string::npos);  // the id itself is nowhere in Redis
  EXPECT_EQ(*redis.Command({"EXISTS", config_.session_prefix + submitter.session_id()}), "0");
  // It expires with the refresh token (30 days). The directory dates the token by the real clock, the gateway
  // counts the time left from its fake clock, which stood still since StartGateway: a loaded machine puts the
  // login a few seconds later, and the TTL that many seconds over 30 days.
  const long ttl = std::stol(*redis.Command({"TTL", key}));
  EXPECT_GT(ttl, 30 * 86400 - 120);
  EXPECT_LE(ttl, 30 * 86400 + 60);
  // The cookie: HttpOnly, SameSite=Strict, Path=/ (no Secure over plain HTTP).
  const Reply login = Post("/api/v1/session/login", json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump());
  EXPECT_EQ(login.Header("Set-Cookie").substr(login.Header("Set-Cookie").find(';')),
            "; HttpOnly; SameSite=Strict; Path=/");

  // A restarted gateway (or another replica) knows the session.
  StartGateway();
  const Reply after = Call(submitter, "dossier/ListInbox", json::object());
  EXPECT_EQ(after.status, 200) << after.body;
}

TEST_F(GatewaySecurity, AccessTokenIsRefreshedBeforeItExpires) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
  const std::string key = config_.session_prefix + base::Sha256Hex(submitter.session_id());
  const json first = Parse(*redis.Command({"GET", key}));
  // 12 minutes on, the 15-minute token has more than the 2-minute margin left: kept.
  clock_.Advance(absl::Minutes(12));
  ASSERT_EQ(Call(submitter, "dossier/ListInbox", json::object()).status, 200);
  EXPECT_EQ(Parse(*redis.Command({"GET", key}))["access_token"], first["access_token"]);
  // 14 minutes on it would expire within the margin: refreshed (the refresh token rotates too).
  clock_.Advance(absl::Minutes(2));
  ASSERT_EQ(Call(submitter, "dossier/ListInbox", json::object()).status, 200);
  const json second = Parse(*redis.Command({"GET", key}));
  EXPECT_NE(second["access_token"], first["access_token"]);
  EXPECT_NE(second["refresh_token"], first["refresh_token"]);
  EXPECT_GE(second["access_expires_ms"].get<int64_t>(), first["access_expires_ms"].get<int64_t>());
}

TEST_F(GatewaySecurity, ConcurrentRequestsRefreshOnceAndKeepTheSession) {
  // Every request finds the token within the margin, so each would refresh; the rotated refresh token must be
  // presented once only, or the directory revokes the whole family and the session dies.
  config_.refresh_margin = absl::Hours(1);
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        if (Call(submitter, "dossier/ListInbox", json::object()).status == 200) ++ok;
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok.load(), 8) << "round " << round;
  }
  EXPECT_EQ(Get("/api/v1/session", {{"Cookie", submitter.cookie}}).status, 200);
  // No family was revoked for reuse.
  EXPECT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM directory.refresh_token WHERE person_id = '",
                                PersonId(kSubmitter), "' AND revoked_at IS NULL")),
            "1");
}

TEST_F(GatewaySecurity, LogoutRevokesTheRefreshTokenAndClearsTheCookie) {
  StartGateway();
  Browser submitter = LogIn(kSubmitter);
  const std::string person = PersonId(kSubmitter);
  ASSERT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM directory.refresh_token WHERE person_id = '", person,
                                "' AND revoked_at IS NULL")),
            "1");
  const Reply reply = Post("/api/v1/session/logout", "", As(submitter));
  EXPECT_EQ(reply.status, 204) << reply.body;
  EXPECT_EQ(reply.Header("Set-Cookie"), "tdkt_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  EXPECT_EQ(Scalar(absl::StrCat("SELECT count(*) FROM directory.refresh_token WHERE person_id = '", person,
                                "' AND revoked_at IS NULL")),
            "0");
  EXPECT_EQ(Get("/api/v1/session", {{"Cookie", submitter.cookie}}).status, 401);
  EXPECT_EQ(Call(submitter, "dossier/ListInbox", json::object()).status, 401);
}

}  // namespace
}  // namespace tdkt::gateway_test

namespace tdkt::gateway_test {
namespace {

TEST_F(GatewaySecurity, OverHttpsTheCookieIsSecureAndTheOriginHttps) {
  const std::string cert = (dir_ / "cert.pem").string();
  const std::string key = (dir_ / "key.pem").string();
  ASSERT_EQ(std::system(absl::StrCat("openssl req -x509 -newkey rsa:2048 -nodes -keyout ", key, " -out ", cert,
                                     " -days 2 -subj /CN=127.0.0.1 >/dev/null 2>&1")
                            .c_str()),
            0);
  config_.tls_cert = cert;
  config_.tls_key = key;
  StartGateway();
  httplib::SSLClient client("127.0.0.1", port());
  client.enable_server_certificate_verification(false);  // self-signed for the test
  const std::string https_origin = absl::StrCat("https://127.0.0.1:", port());
  auto login = client.Post("/api/v1/session/login", {{"Origin", https_origin}},
                           json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump(), "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_EQ(set_cookie.substr(set_cookie.find(';')), "; HttpOnly; SameSite=Strict; Path=/; Secure");
  const httplib::Headers session = {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))},
                                    {"X-CSRF-Token", Parse(login->body)["csrfToken"].get<std::string>()}};
  httplib::Headers own = session;
  own.emplace("Origin", https_origin);
  auto inbox = client.Post("/api/v1/dossier/ListInbox", own, "{}", "application/json");
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200) << inbox->body;
  httplib::Headers plain = session;
  plain.emplace("Origin", absl::StrCat("http://127.0.0.1:", port()));
  auto downgraded = client.Post("/api/v1/dossier/ListInbox", plain, "{}", "application/json");
  ASSERT_TRUE(downgraded);
  EXPECT_EQ(downgraded->status, 403);
  // Plain HTTP is not served on the HTTPS port.
  EXPECT_EQ(Get("/healthz").status, 0);
}

}  // namespace
}  // namespace tdkt::gateway_test
