#pragma once
// GatewayWorld: what every gateway integration test stands on — a fresh database with the demo directory
// imported by tdkt-directory-admin, the real tdkt-directory, tdkt-dossier and tdkt-notifier processes (the
// notifier reading events from a stream whose name is unique to the test), and the gateway itself in this
// process (GatewayServer, on a port the kernel picks, its sessions under Redis keys of the test's own, its
// clock a FakeClock the test moves). Tests talk to the gateway over HTTP with httplib::Client as a browser or a
// script would, and check what they get against the services reached directly over gRPC and against the
// database.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/proto_time.h"
#include "services/common/redis_streams.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/gateway_server.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt::gateway_test {

namespace fs = std::filesystem;
namespace v1 = tdkt::v1;
using nlohmann::json;

inline constexpr char kDemoPassword[] = "tdkt-demo-2025";
inline constexpr char kDossierServicePassword[] = "svc-dossier-gateway-test-mat-khau";
inline constexpr char kNotifierServicePassword[] = "svc-notifier-gateway-test-mat-khau";
inline constexpr char kSubmitter[] = "vt.dongtan.thdt";  // submitter of Trường Tiểu học Đồng Tân
inline constexpr char kAppraiser[] = "vp.dongtan";       // appraiser of UBND xã Đồng Tân
inline constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// Polls `done` every 50 ms until it holds or `timeout` passes; returns its last answer.
inline bool WaitFor(const std::function<bool()>& done, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return done();
}

// A JSON text as an object, null when it is not JSON.
inline json Parse(const std::string& text) { return json::parse(text, nullptr, /*allow_exceptions=*/false); }

// A message in the JSON mapping the gateway speaks, parsed (for comparing with what the gateway answered).
inline json JsonOf(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return Parse(text);
}

struct Reply {
  int status = 0;  // 0: no answer at all
  std::string body;
  httplib::Headers headers;

  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  json Json() const { return Parse(body); }
};

// A browser: the session cookie and CSRF token of one login.
struct Browser {
  std::string cookie;  // "tdkt_session=<id>"
  std::string csrf;
  std::string session_id() const { return cookie.substr(cookie.find('=') + 1); }
};

class GatewayWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    tag_ = absl::StrCat("gw", getpid(), "-", random() % 1000000);
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-gateway-", tag_);
    fs::create_directories(dir_);
    std::string key;
    for (int i = 0; i < 64; ++i) key += "0123456789abcdef"[random() % 16];
    setenv("TDKT_PII_KEY", key.c_str(), 1);
    std::string dossier_key;
    for (int i = 0; i < 64; ++i) dossier_key += "0123456789abcdef"[random() % 16];
    setenv("TDKT_DOSSIER_PII_KEY", dossier_key.c_str(), 1);
    setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kDossierServicePassword, 1);
    setenv("TDKT_NOTIFIER_DIRECTORY_PASSWORD", kNotifierServicePassword, 1);

    ASSERT_EQ(Admin("import " + std::string(TDKT_SOURCE_DIR) + "/data/demo"), 0) << ReadFile(dir_ / "admin.log");
    ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'"), 0) << ReadFile(dir_ / "admin.log");
    ASSERT_EQ(Admin("set-password svc-dossier", std::string(kDossierServicePassword) + "\n"), 0);
    ASSERT_EQ(Admin("create-service-account svc-notifier 'Dịch vụ thông báo'"), 0) << ReadFile(dir_ / "admin.log");
    ASSERT_EQ(Admin("set-password svc-notifier", std::string(kNotifierServicePassword) + "\n"), 0);
    for (const char* user : {kSubmitter, kAppraiser}) {
      ASSERT_EQ(Admin(absl::StrCat("set-password ", user), std::string(kDemoPassword) + "\n"), 0);
    }

    auto directory = testing::StartServiceOnAnyPort(
        {TDKT_DIRECTORY_BINARY, "--pg-url", url_, "--pg-pool-size", "2"}, (dir_ / "directory.log").string());
    ASSERT_TRUE(directory.ok()) << directory.status();
    directory_ = std::move(directory->process);
    directory_port_ = directory->port;
    const std::string directory_addr = absl::StrCat("127.0.0.1:", directory_port_);
    // The dossier service's public-status limit must not be what the gateway's tests meet: it sees every
    // browser at the gateway's one address.
    auto dossier = testing::StartServiceOnAnyPort(
        {TDKT_DOSSIER_BINARY, "--pg-url", url_, "--pg-pool-size", "3", "--redis-url", testing::TestRedis().url(),
         "--directory-addr", directory_addr, "--outbox-relay", "false", "--public-status-per-minute", "100000",
         "--public-status-burst", "10000"},
        (dir_ / "dossier.log").string());
    ASSERT_TRUE(dossier.ok()) << dossier.status();
    dossier_ = std::move(dossier->process);
    dossier_port_ = dossier->port;
    auto notifier = testing::StartServiceOnAnyPort(
        {TDKT_NOTIFIER_BINARY, "--pg-url", url_, "--pg-pool-size", "2", "--redis-url", testing::TestRedis().url(),
         "--directory-addr", directory_addr, "--data-dir", std::string(TDKT_SOURCE_DIR) + "/data", "--admin-listen",
         "", "--events-stream", tag_ + ":events", "--dead-stream", tag_ + ":dead", "--fanout-channel",
         tag_ + ":fanout", "--heartbeat-ms", "1000", "--consumer-threads", "1"},
        (dir_ / "notifier.log").string());
    ASSERT_TRUE(notifier.ok()) << notifier.status();
    notifier_ = std::move(notifier->process);
    notifier_port_ = notifier->port;

    web_root_ = dir_ / "web";
    WriteFile(web_root_ / "index.html", "<!doctype html><title>tdkt</title><script src=\"/assets/app.js\"></script>");
    WriteFile(web_root_ / "assets" / "app.js", "console.log('tdkt');\n");
    WriteFile(web_root_ / "assets" / "app.css", "body { margin: 0; }\n");
    WriteFile(web_root_ / "assets" / "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WriteFile(dir_ / "secret.txt", "outside the web root\n");

    config_.listen = "127.0.0.1:0";
    config_.http_threads = 16;
    config_.web_root = web_root_.string();
    config_.directory_addr = directory_addr;
    config_.dossier_addr = absl::StrCat("127.0.0.1:", dossier_port_);
    config_.notifier_addr = absl::StrCat("127.0.0.1:", notifier_port_);
    config_.scheduler_addr = absl::StrCat("127.0.0.1:", testing::FreeLocalPort());  // none: not needed here
    config_.campaign_addr = absl::StrCat("127.0.0.1:", testing::FreeLocalPort());   // none: not needed here
    config_.redis_url = testing::TestRedis().url();
    config_.session_prefix = tag_ + ":session:";
    config_.keep_alive = absl::Milliseconds(500);
    config_.login_burst = 1000;  // the tests log in often from one address; LoginLimit tests the limit
  }

  void TearDown() override {
    gateway_.reset();
    for (testing::ChildProcess* process : {&notifier_, &dossier_, &directory_}) {
      if (process->Running()) process->Stop(SIGTERM, absl::Seconds(10));
    }
    if (HasFailure() || getenv("TDKT_TEST_SHOW_LOGS") != nullptr) {
      for (const char* log : {"directory.log", "dossier.log", "notifier.log"}) {
        std::cerr << log << ":\n" << ReadFile(dir_ / log) << "\n";
      }
    }
    fs::remove_all(dir_);
  }

  // Starts the gateway with config_ (change it before); a running one is stopped first (a restart).
  void StartGateway() {
    gateway_.reset();
    clock_.Set(absl::Now());
    auto server = gateway::GatewayServer::Create(config_, {.clock = &clock_});
    ASSERT_TRUE(server.ok()) << server.status();
    gateway_ = std::move(*server);
    ASSERT_TRUE(gateway_->Start().ok());
  }
  int port() const { return gateway_->port(); }
  std::string origin() const { return absl::StrCat("http://127.0.0.1:", port()); }

  int Admin(const std::string& args, const std::string& input = "") {
    const std::string command = absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args, " >>",
                                             (dir_ / "admin.log").string(), " 2>&1");
    FILE* pipe = popen(command.c_str(), "w");
    if (pipe == nullptr) return -1;
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // ---- HTTP ----

  // A request sent over a plain socket, exactly as written, and the answer's head and body as they came
  // (httplib::Client percent-decodes header values: tests of the bytes on the wire use this).
  Reply Raw(const std::string& method, const std::string& target, const std::string& headers = "") const {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Reply reply;
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd);
      return reply;
    }
    const std::string request = absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n", headers,
                                             "Connection: close\r\n\r\n");
    (void)!write(fd, request.data(), request.size());
    std::string all;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0) all.append(buffer, static_cast<size_t>(n));
    close(fd);
    if (all.rfind("HTTP/1.1 ", 0) == 0) reply.status = std::stoi(all.substr(9, 3));
    const size_t end = all.find("\r\n\r\n");
    if (end == std::string::npos) return reply;
    reply.body = all.substr(end + 4);
    size_t line = all.find("\r\n") + 2;
    while (line < end) {
      const size_t next = all.find("\r\n", line);
      const std::string header = all.substr(line, next - line);
      const size_t colon = header.find(": ");
      if (colon != std::string::npos) reply.headers.emplace(header.substr(0, colon), header.substr(colon + 2));
      line = next + 2;
    }
    return reply;
  }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30, 0);
    return client;
  }

  static Reply From(const httplib::Result& result) {
    if (!result) return {};
    return {result->status, result->body, result->headers};
  }

  Reply Post(const std::string& path, const std::string& body, httplib::Headers headers = {},
             const std::string& content_type = "application/json") {
    return From(Client().Post(path.c_str(), headers, body, content_type.c_str()));
  }
  Reply Get(const std::string& path, httplib::Headers headers = {}) {
    return From(Client().Get(path.c_str(), headers));
  }

  // The headers a browser sends with a session: the cookie, the CSRF token and its origin.
  httplib::Headers As(const Browser& browser) const {
    return {{"Cookie", browser.cookie}, {"X-CSRF-Token", browser.csrf}, {"Origin", origin()}};
  }

  // Logs `username` in through /api/v1/session/login.
  Browser LogIn(const std::string& username) {
    const Reply reply = Post("/api/v1/session/login",
                             json{{"username", username}, {"password", kDemoPassword}}.dump(), {{"Origin", origin()}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    Browser browser;
    const std::string set_cookie = reply.Header("Set-Cookie");
    browser.cookie = set_cookie.substr(0, set_cookie.find(';'));
    const json body = reply.Json();
    if (body.is_object() && body.contains("csrfToken")) browser.csrf = body["csrfToken"].get<std::string>();
    return browser;
  }

  // POST /api/v1/<service>/<method> as `browser`.
  Reply Call(const Browser& browser, const std::string& route, const json& request) {
    return Post("/api/v1/" + route, request.dump(), As(browser));
  }

  // ---- the services, directly ----

  std::shared_ptr<grpc::Channel> Channel(int port) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }
  std::string Token(const std::string& username) {
    auto stub = v1::DirectoryService::NewStub(Channel(directory_port_));
    grpc::ClientContext context;
    v1::LoginRequest request;
    request.set_username(username);
    request.set_password(kDemoPassword);
    v1::LoginResponse response;
    const grpc::Status status = stub->Login(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.access_token();
  }
  std::unique_ptr<v1::DossierService::Stub> Dossier() { return v1::DossierService::NewStub(Channel(dossier_port_)); }
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  // ---- the database ----

  std::string Scalar(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    const pqxx::result r = work.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : std::string(r[0][0].c_str());
  }
  std::string OrgId(const std::string& code) {
    return Scalar(absl::StrCat("SELECT id FROM directory.organisation WHERE code = '", code,
                               "' AND (valid_until IS NULL OR valid_until >= '2026-01-01') ORDER BY valid_from DESC"));
  }
  std::string PersonId(const std::string& username) {
    return Scalar(absl::StrCat("SELECT id FROM directory.person WHERE username = '", username, "'"));
  }
  // Every row count of the dossier service's tables and every dossier's version: what a refused request must
  // leave as it was.
  std::string DossierState() {
    std::string state;
    for (const char* table : {"dossier.dossier", "dossier.event", "dossier.document", "dossier.outbox",
                              "dossier.idempotency"}) {
      absl::StrAppend(&state, table, "=", Scalar(absl::StrCat("SELECT count(*) FROM ", table)), " ");
    }
    absl::StrAppend(&state, Scalar("SELECT string_agg(id || ':' || version, ',' ORDER BY id) FROM dossier.dossier"));
    return state;
  }
  // How many dossiers `username` finds through the real dossier service (SearchDossiers, any state).
  int DossiersSeenBy(const std::string& username) {
    v1::SearchDossiersRequest request;
    v1::SearchDossiersResponse response;
    const grpc::Status status = Dossier()->SearchDossiers(Context(Token(username)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.dossiers_size();
  }

  // A new dossier of the school (DRAFT), made through the gateway by the submitter; its JSON.
  json CreateDossier(const Browser& submitter, const std::string& request_id, const std::string& nominee) {
    const Reply reply = Call(submitter, "dossier/CreateDossier",
                             {{"requestId", request_id},
                              {"awardCode", "CSTD_CO_SO"},
                              {"year", 2026},
                              {"originOrgId", OrgId("PT-DONGTAN-THDT")},
                              {"nominee",
                               {{"kind", "NOMINEE_KIND_INDIVIDUAL"},
                                {"name", nominee},
                                {"birthYear", 1990},
                                {"gender", "GENDER_FEMALE"},
                                {"positionVi", "Giáo viên"},
                                {"unitNameVi", "Trường Tiểu học Đồng Tân"},
                                {"occupation", "OCCUPATION_CATEGORY_CIVIL_SERVANT"}}}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json body = reply.Json();
    return body.is_object() && body.contains("dossier") ? body["dossier"] : json();
  }

  // ---- events for the notifier ----

  // A DOSSIER_SUBMITTED event of a dossier arriving at UBND xã Đồng Tân: its appraisers (kAppraiser) are told.
  std::string PublishSubmitted(const std::string& dossier_id) {
    v1::EventEnvelope e;
    e.set_event_id(absl::StrCat(tag_, "-", ++event_counter_));
    e.set_type(v1::EVENT_TYPE_DOSSIER_SUBMITTED);
    *e.mutable_occurred_at() = common::ToProtoTime(absl::Now());
    e.set_producer("dossier");
    e.mutable_actor()->set_person_id(PersonId(kSubmitter));
    e.set_dossier_id(dossier_id);
    e.set_dossier_version(2);
    e.set_award_code("CSTD_CO_SO");
    e.set_year(2026);
    e.set_nominee_name("Nguyễn Thị Mai Anh");
    e.set_state(v1::DOSSIER_STATE_SUBMITTED);
    e.set_level(v1::ORG_LEVEL_COMMUNE);
    e.set_origin_org_id(OrgId("PT-DONGTAN-THDT"));
    e.set_holding_org_id(OrgId("PT-DONGTAN"));
    e.set_previous_holding_org_id(OrgId("PT-DONGTAN-THDT"));
    e.set_tracking_code("ABCD-EFGH-JKMN-PQRS");
    e.mutable_dossier_submitted();
    common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
    auto id = redis.XAdd(tag_ + ":events", {{"event_id", e.event_id()},
                                            {"type", v1::EventType_Name(e.type())},
                                            {"dossier_id", e.dossier_id()},
                                            {"data", e.SerializeAsString()}});
    EXPECT_TRUE(id.ok()) << id.status();
    return e.event_id();
  }
  long NotificationsOf(const std::string& username) {
    return std::stol(Scalar(absl::StrCat("SELECT count(*) FROM notifier.notification WHERE person_id = '",
                                         PersonId(username), "'")));
  }

  std::string url_ = testing::NewDatabase();
  std::string tag_;
  fs::path dir_;
  fs::path web_root_;
  testing::ChildProcess directory_;
  testing::ChildProcess dossier_;
  testing::ChildProcess notifier_;
  int directory_port_ = 0;
  int dossier_port_ = 0;
  int notifier_port_ = 0;
  base::FakeClock clock_{absl::Now()};
  gateway::GatewayConfig config_;
  std::unique_ptr<gateway::GatewayServer> gateway_;
  int event_counter_ = 0;
};

// An event stream read on a thread of its own, as a browser's EventSource does.
class EventStreamReader {
 public:
  EventStreamReader(int port, httplib::Headers headers, std::string path = "/api/v1/notifier/WatchNotifications")
      : thread_([this, port, headers, path] {
          httplib::Client client("127.0.0.1", port);
          client.set_read_timeout(30, 0);
          auto result = client.Get(path.c_str(), headers,
                                   [this](const httplib::Response& response) {
                                     std::lock_guard<std::mutex> lock(mutex_);
                                     status_ = response.status;
                                     content_type_ = response.get_header_value("Content-Type");
                                     csp_ = response.get_header_value("Content-Security-Policy");
                                     return true;
                                   },
                                   [this](const char* data, size_t length) {
                                     std::lock_guard<std::mutex> lock(mutex_);
                                     text_.append(data, length);
                                     return !stop_;
                                   });
          std::lock_guard<std::mutex> lock(mutex_);
          finished_ = true;
          if (result && status_ == 0) status_ = result->status;
        }) {}
  ~EventStreamReader() { Close(); }

  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }
  std::string text() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }
  int status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }
  std::string content_type() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return content_type_;
  }
  std::string csp() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return csp_;
  }
  bool finished() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return finished_;
  }
  // The `id:` of every event received so far, in order.
  std::vector<std::string> EventIds() const {
    std::vector<std::string> ids;
    const std::string all = text();
    for (size_t at = all.find("\nid: "); at != std::string::npos; at = all.find("\nid: ", at + 1)) {
      const size_t end = all.find('\n', at + 5);
      if (end == std::string::npos) break;
      ids.push_back(all.substr(at + 5, end - at - 5));
    }
    return ids;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
  int status_ = 0;
  std::string content_type_;
  std::string csp_;
  bool stop_ = false;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace tdkt::gateway_test
