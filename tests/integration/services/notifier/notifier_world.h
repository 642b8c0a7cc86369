#pragma once
// NotifierWorld: what every notifier integration test stands on — a fresh database with the demo directory
// imported by tdkt-directory-admin, the real tdkt-directory process, a service account for the notifier, and
// tdkt-notifier processes started on demand (child processes of the test, killed with it). Events are real
// tdkt.v1.EventEnvelope entries XADDed to a stream whose name is unique to the test (the Redis may be shared
// by several test processes), laid out as proto/tdkt/v1/events.proto says.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/common/proto_time.h"
#include "services/common/redis_streams.h"
#include "services/notifier/fanout_subscriber.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"

namespace tdkt::notifier_test {

namespace fs = std::filesystem;
namespace v1 = tdkt::v1;

inline constexpr char kDemoPassword[] = "tdkt-demo-2025";
inline constexpr char kServicePassword[] = "svc-notifier-test-mat-khau";

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
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

// One running tdkt-notifier.
struct NotifierProcess {
  testing::ChildProcess process;
  int grpc_port = 0;
  int admin_port = 0;
  std::string log;
};

class NotifierWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    tag_ = absl::StrCat("t", getpid(), "-", random() % 1000000);
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-notifier-", tag_);
    fs::create_directories(dir_);
    std::string key;
    for (int i = 0; i < 64; ++i) key += "0123456789abcdef"[random() % 16];
    setenv("TDKT_PII_KEY", key.c_str(), 1);
    setenv("TDKT_NOTIFIER_DIRECTORY_PASSWORD", kServicePassword, 1);

    ASSERT_EQ(Admin("import " + std::string(TDKT_SOURCE_DIR) + "/data/demo"), 0) << ReadFile(dir_ / "admin.log");
    ASSERT_EQ(Admin(ServiceAccountCommand()), 0) << ReadFile(dir_ / "admin.log");
    ASSERT_EQ(Admin("set-password svc-notifier", std::string(kServicePassword) + "\n"), 0);
    // Only the people the tests log in as (each password costs an argon2id hash).
    for (const char* user : {"vp.dongtan", "vt.dongtan.thdt", "qt.dongtan", "ct.dongtan", "qt.tinh"}) {
      ASSERT_EQ(Admin(absl::StrCat("set-password ", user), std::string(kDemoPassword) + "\n"), 0);
    }

    directory_port_ = testing::FreeLocalPort();
    auto directory = testing::ChildProcess::Start(
        {TDKT_DIRECTORY_BINARY, "--listen", absl::StrCat("127.0.0.1:", directory_port_), "--pg-url", url_,
         "--pg-pool-size", "2"},
        (dir_ / "directory.log").string());
    ASSERT_TRUE(directory.ok()) << directory.status();
    directory_ = std::move(*directory);
    ASSERT_TRUE(testing::WaitForPort(directory_port_, absl::Seconds(30))) << ReadFile(dir_ / "directory.log");
    directory_channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", directory_port_), grpc::InsecureChannelCredentials());
  }

  void TearDown() override {
    for (auto& [name, notifier] : notifiers_) {
      if (notifier->process.Running()) notifier->process.Stop(SIGTERM, absl::Seconds(10));
    }
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure() || getenv("TDKT_TEST_SHOW_LOGS") != nullptr) {
      std::cerr << "directory log:\n" << ReadFile(dir_ / "directory.log");
      for (auto& [name, notifier] : notifiers_) std::cerr << "\n" << name << " log:\n" << ReadFile(notifier->log);
    }
    fs::remove_all(dir_);
  }

  // How the notifier's account is made: a plain service account (it cannot see e-mail addresses then).
  virtual std::string ServiceAccountCommand() { return "create-service-account svc-notifier 'Dịch vụ thông báo'"; }

  int Admin(const std::string& args, const std::string& input = "") {
    const std::string command = absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args, " >>",
                                             (dir_ / "admin.log").string(), " 2>&1");
    FILE* pipe = popen(command.c_str(), "w");
    if (pipe == nullptr) return -1;
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Stream() const { return tag_ + ":events"; }
  std::string DeadStream() const { return tag_ + ":dead"; }
  std::string FanoutChannel() const { return tag_ + ":fanout"; }

  // Starts (or restarts) the notifier called `name`; waits until its health check says SERVING.
  NotifierProcess& StartNotifier(const std::string& name, std::vector<std::string> extra = {}) {
    auto& slot = notifiers_[name];
    if (slot == nullptr) {
      slot = std::make_unique<NotifierProcess>();
      slot->grpc_port = testing::FreeLocalPort();
      slot->admin_port = testing::FreeLocalPort();
      slot->log = (dir_ / (name + ".log")).string();
    }
    std::vector<std::string> argv = {TDKT_NOTIFIER_BINARY,
                                     "--listen", absl::StrCat("127.0.0.1:", slot->grpc_port),
                                     "--admin-listen", absl::StrCat("127.0.0.1:", slot->admin_port),
                                     "--pg-url", url_,
                                     "--pg-pool-size", "3",
                                     "--redis-url", testing::TestRedis().url(),
                                     "--directory-addr", absl::StrCat("127.0.0.1:", directory_port_),
                                     "--data-dir", std::string(TDKT_SOURCE_DIR) + "/data",
                                     "--events-stream", Stream(),
                                     "--dead-stream", DeadStream(),
                                     "--fanout-channel", FanoutChannel(),
                                     "--claim-idle-ms", "1500",
                                     "--heartbeat-ms", "1000",
                                     "--grpc-threads", "4"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto process = testing::ChildProcess::Start(argv, slot->log);
    EXPECT_TRUE(process.ok()) << process.status();
    if (process.ok()) slot->process = std::move(*process);
    EXPECT_TRUE(WaitFor([&] { return Serving(slot->grpc_port); }, absl::Seconds(60))) << ReadFile(slot->log);
    return *slot;
  }

  static bool Serving(int port) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, {}, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  // ---- the directory's ids ----

  std::string Scalar(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    const pqxx::result r = work.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : std::string(r[0][0].c_str());
  }
  long Count(const std::string& sql) { return std::stol(Scalar(sql)); }

  // The organisation with `code` valid from 2025-07-01 on (the demo's post-reform rows).
  std::string OrgId(const std::string& code) {
    return Scalar(absl::StrCat("SELECT id FROM directory.organisation WHERE code = '", code,
                               "' AND (valid_until IS NULL OR valid_until >= '2026-01-01') ORDER BY valid_from DESC"));
  }
  std::string PersonId(const std::string& username) {
    return Scalar(absl::StrCat("SELECT id FROM directory.person WHERE username = '", username, "'"));
  }
  long NotificationsOf(const std::string& username) {
    return Count(absl::StrCat("SELECT count(*) FROM notifier.notification WHERE person_id = '", PersonId(username), "'"));
  }

  // ---- events ----

  // A dossier event of the demo's Trường Tiểu học Đồng Tân, held by UBND xã Đồng Tân, on 10/3/2026.
  v1::EventEnvelope Event(v1::EventType type, const std::string& dossier_id) {
    v1::EventEnvelope e;
    e.set_event_id(absl::StrCat(tag_, "-", ++event_counter_));
    e.set_type(type);
    *e.mutable_occurred_at() = common::ToProtoTime(absl::FromCivil(absl::CivilSecond(2026, 3, 10, 9, 0, 0),
                                                                   absl::FixedTimeZone(7 * 3600)));
    e.set_producer("dossier");
    e.mutable_actor()->set_person_id(PersonId("vt.dongtan.thdt"));
    e.set_dossier_id(dossier_id);
    e.set_dossier_version(2);
    e.set_award_code("LDTT");
    e.set_year(2026);
    e.set_nominee_name("Phạm Thị Hồng Nhung");
    e.set_state(v1::DOSSIER_STATE_SUBMITTED);
    e.set_level(v1::ORG_LEVEL_COMMUNE);
    e.set_origin_org_id(OrgId("PT-DONGTAN-THDT"));
    e.set_holding_org_id(OrgId("PT-DONGTAN"));
    e.set_previous_holding_org_id(OrgId("PT-DONGTAN-THDT"));
    e.set_tracking_code("ABCD-EFGH-JKMN-PQRS");
    if (type == v1::EVENT_TYPE_DOSSIER_SUBMITTED) e.mutable_dossier_submitted();
    return e;
  }

  common::RedisStreams& Redis() {
    if (redis_ == nullptr) {
      redis_ = std::make_unique<common::RedisStreams>(*common::ParseRedisUrl(testing::TestRedis().url()));
    }
    return *redis_;
  }

  // XADD in the layout of events.proto.
  std::string Publish(const v1::EventEnvelope& e) {
    auto id = Redis().XAdd(Stream(), {{"event_id", e.event_id()},
                                      {"type", v1::EventType_Name(e.type())},
                                      {"dossier_id", e.dossier_id()},
                                      {"data", e.SerializeAsString()}});
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : "";
  }

  long StreamLength(const std::string& stream) {
    auto length = Redis().Command({"XLEN", stream});
    return length.ok() ? std::stol(*length) : -1;
  }

  // Every entry of the stream was delivered to the group and acknowledged.
  bool AllAcknowledged() {
    auto info = notifier::ReadGroupInfo(*common::ParseRedisUrl(testing::TestRedis().url()), Stream(), "notifier");
    return info.ok() && info->pending == 0 && info->lag == 0;
  }

  // Field `name` of the index-th (1-based) entry of the dead stream; empty when absent.
  std::string DeadField(int index, const std::string& name) {
    auto value = Redis().Command({"EVAL",
                                  "local e = redis.call('XRANGE', KEYS[1], '-', '+')[tonumber(ARGV[1])][2] "
                                  "for i = 1, #e, 2 do if e[i] == ARGV[2] then return e[i+1] end end return ''",
                                  "1", DeadStream(), absl::StrCat(index), name});
    return value.ok() ? *value : "";
  }

  // The value of one series on the notifier's metrics endpoint (-1 when absent).
  long Metric(const NotifierProcess& process, const std::string& series) {
    httplib::Client client("127.0.0.1", process.admin_port);
    auto response = client.Get("/metrics");
    if (!response || response->status != 200) return -1;
    const std::string& text = response->body;
    const size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stol(text.substr(at + series.size() + 2));
  }

  // ---- clients ----

  std::string Login(const std::string& username) {
    auto stub = v1::DirectoryService::NewStub(directory_channel_);
    grpc::ClientContext context;
    v1::LoginRequest request;
    request.set_username(username);
    request.set_password(kDemoPassword);
    v1::LoginResponse response;
    const grpc::Status status = stub->Login(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.access_token();
  }

  std::unique_ptr<v1::NotifierService::Stub> Notifier(const NotifierProcess& process) {
    return v1::NotifierService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", process.grpc_port), grpc::InsecureChannelCredentials()));
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  std::string url_ = testing::NewDatabase();
  std::string tag_;
  fs::path dir_;
  testing::ChildProcess directory_;
  int directory_port_ = 0;
  std::shared_ptr<grpc::Channel> directory_channel_;
  std::map<std::string, std::unique_ptr<NotifierProcess>> notifiers_;
  std::unique_ptr<common::RedisStreams> redis_;
  int event_counter_ = 0;
};

}  // namespace tdkt::notifier_test
