// The tdkt-gateway binary as deploy/local runs it: --help, a bad flag, a start on the real services with its
// flags from the environment, /healthz and /readyz, and a clean exit on SIGTERM.
#include <sys/wait.h>

#include "tests/integration/services/gateway/gateway_world.h"

namespace tdkt::gateway_test {
namespace {

class GatewayBinary : public GatewayWorld {};

int RunQuietly(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(GatewayBinary, HelpAndBadFlags) {
  EXPECT_EQ(RunQuietly(absl::StrCat(TDKT_GATEWAY_BINARY, " --help")), 0);
  EXPECT_EQ(RunQuietly(absl::StrCat(TDKT_GATEWAY_BINARY, " --listen nowhere")), 2);
  EXPECT_EQ(RunQuietly(absl::StrCat(TDKT_GATEWAY_BINARY, " --no-such-flag 1")), 2);
  EXPECT_EQ(RunQuietly(absl::StrCat("TDKT_GATEWAY_TRUST_PROXY=maybe ", TDKT_GATEWAY_BINARY)), 2);
}

TEST_F(GatewayBinary, ServesTheServicesAndStopsOnSigterm) {
  setenv("TDKT_DIRECTORY_ADDR", config_.directory_addr.c_str(), 1);
  setenv("TDKT_DOSSIER_ADDR", config_.dossier_addr.c_str(), 1);
  setenv("TDKT_NOTIFIER_ADDR", config_.notifier_addr.c_str(), 1);
  setenv("TDKT_REDIS_URL", config_.redis_url.c_str(), 1);
  setenv("TDKT_GATEWAY_SESSION_PREFIX", config_.session_prefix.c_str(), 1);
  setenv("TDKT_GATEWAY_WEB_ROOT", config_.web_root.c_str(), 1);
  setenv("TDKT_LOG_FORMAT", "json", 1);
  const std::string log = (dir_ / "gateway.log").string();
  auto gateway = testing::StartServiceOnAnyPort({TDKT_GATEWAY_BINARY}, log, absl::Seconds(30));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  httplib::Client client("127.0.0.1", gateway->port);
  auto healthz = client.Get("/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 200);
  EXPECT_EQ(healthz->body, "ok\n");
  auto readyz = client.Get("/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 200) << readyz->body;
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  auto login = client.Post("/api/v1/session/login", json{{"username", kSubmitter}, {"password", kDemoPassword}}.dump(),
                           "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200) << login->body;
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("tdkt_gateway_requests_total{route=\"session\",status=\"200\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("tdkt_gateway_request_seconds_bucket{route=\"readyz\",le=\"+Inf\"} 1"),
            std::string::npos);

  // The notifier gone: not ready, and says which.
  notifier_.Stop(SIGTERM, absl::Seconds(10));
  auto unready = client.Get("/readyz");
  ASSERT_TRUE(unready);
  EXPECT_EQ(unready->status, 503);
  EXPECT_EQ(unready->body, "not ready: notifier\n");

  const int status = gateway->process.Stop(SIGTERM, absl::Seconds(10));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const std::string text = ReadFile(log);
  EXPECT_NE(text.find("\"msg\":\"gateway stopped\""), std::string::npos) << text;
  // Nothing secret in the log: no password, no token, no session id.
  EXPECT_EQ(text.find(kDemoPassword), std::string::npos);
  EXPECT_EQ(text.find("eyJ"), std::string::npos);  // a JWS header
}

}  // namespace
}  // namespace tdkt::gateway_test
