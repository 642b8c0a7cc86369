// End to end with the real binaries: tdkt-directory-admin loads the demo
// directory into a fresh database, tdkt-directory, tdkt-dossier and tdkt-notifier run as separate processes on
// ports the kernel picks, with the test PostgreSQL and a Redis of the test's own (the service publishes to its
// production stream tdkt:events, which no other test may see), and tdktctl drives them as a user would: the demo
// scenario twice (the second run changes nothing), the appraiser's inbox, the public status, search and login.
// Then the events must be in the Redis stream, the notifier must have told each person of the scenario what the
// rules of services/notifier/recipient_rules.cc say (tdktctl notifications), and no log may hold an ID number, a
// password or a token.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tdkt/v1/events.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"
#include "tools/tdktctl/demo_scenario_plan.h"

namespace tdkt {
namespace {

namespace fs = std::filesystem;
namespace demo = tdkt::tdktctl::demo;
namespace v1 = tdkt::v1;

constexpr char kDemoPassword[] = "tdkt-demo-2025";
constexpr char kServicePassword[] = "svc-dossier-e2e-mat-khau";
constexpr char kNotifierPassword[] = "svc-notifier-e2e-mat-khau";

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string RandomHexKey() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 64; ++i) hex += "0123456789abcdef"[random() % 16];
  return hex;
}

class DemoEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-e2e-", getpid());
    fs::create_directories(dir_);
    // Secrets travel through the environment, never argv: the PII keys (the directory's, for it and the admin
    // tool; the dossier service's own), the dossier service's and the notifier's directory passwords, and the
    // demo password for tdktctl.
    setenv("TDKT_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_PII_KEY", RandomHexKey().c_str(), 1);
    setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kServicePassword, 1);
    setenv("TDKT_NOTIFIER_DIRECTORY_PASSWORD", kNotifierPassword, 1);
    setenv("TDKT_PASSWORD", kDemoPassword, 1);
  }
  void TearDown() override {
    if (notifier_.Running()) notifier_.Stop(SIGTERM, absl::Seconds(10));
    if (dossier_.Running()) dossier_.Stop(SIGTERM, absl::Seconds(10));
    if (directory_.Running()) directory_.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure()) {
      std::cerr << "directory log:\n" << ReadFile(dir_ / "directory.log") << "\ndossier log:\n"
                << ReadFile(dir_ / "dossier.log") << "\nnotifier log:\n" << ReadFile(dir_ / "notifier.log") << "\n";
    }
    fs::remove_all(dir_);
  }

  // Runs a command line through the shell with `input` on stdin; output collected in one file.
  ToolRun Shell(const std::string& command, const std::string& input = "") {
    const std::string out = (dir_ / "tool-output.txt").string();
    FILE* pipe = popen((command + " >" + out + " 2>&1").c_str(), "w");
    if (pipe == nullptr) return {};
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    ToolRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out)};
    tool_output_ += run.output;
    return run;
  }
  ToolRun Admin(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args), input);
  }
  ToolRun Ctl(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_TDKTCTL_BINARY, " --directory 127.0.0.1:", directory_port_,
                              " --dossier 127.0.0.1:", dossier_port_, " --notifier 127.0.0.1:", notifier_port_, " ",
                              args),
                 input);
  }

  std::string Query(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string all;
    for (const auto& row : work.exec(sql)) {
      for (const auto& field : row) absl::StrAppend(&all, field.is_null() ? "NULL" : field.c_str(), "|");
      all += "\n";
    }
    return all;
  }

  // Every row count and every dossier's version: what a replayed scenario must leave unchanged.
  std::string DatabaseState() {
    std::string state;
    for (const char* table : {"dossier.dossier", "dossier.event", "dossier.deadline", "dossier.outbox",
                              "dossier.idempotency", "dossier.document", "directory.person",
                              "directory.role_assignment", "directory.council", "directory.council_member",
                              "directory.idempotency"}) {
      absl::StrAppend(&state, table, " ", Query(absl::StrCat("SELECT count(*) FROM ", table)));
    }
    absl::StrAppend(&state, Query("SELECT id, state, version, holder_org_id FROM dossier.dossier ORDER BY id"));
    return state;
  }

  long long StreamLength(const std::string& stream) {
    redisContext* redis = redisConnect(redis_->host().c_str(), redis_->port());
    if (redis == nullptr || redis->err != 0) {
      if (redis != nullptr) redisFree(redis);
      return -1;
    }
    auto* reply = static_cast<redisReply*>(redisCommand(redis, "XLEN %s", stream.c_str()));
    long long length = reply != nullptr && reply->type == REDIS_REPLY_INTEGER ? reply->integer : -1;
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(redis);
    return length;
  }

  fs::path dir_;
  std::string url_ = testing::NewDatabase();
  std::unique_ptr<testing::RedisServer> redis_ = testing::PrivateRedis();
  testing::ChildProcess directory_;
  testing::ChildProcess dossier_;
  testing::ChildProcess notifier_;
  int directory_port_ = 0;
  int dossier_port_ = 0;
  int notifier_port_ = 0;
  std::string tool_output_;  // everything the tools printed, checked for secrets at the end
};

TEST_F(DemoEndToEnd, DemoScenarioOnTheRealServicesIsIdempotentAndLeaksNothing) {
  // The operator's bootstrap, as deploy/local does it.
  ToolRun run = Admin("import " + std::string(TDKT_SOURCE_DIR) + "/data/demo");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("set-password svc-dossier", std::string(kServicePassword) + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("create-service-account svc-notifier 'Dịch vụ thông báo'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("set-password svc-notifier", std::string(kNotifierPassword) + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;

  auto directory = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_},
                                                  (dir_ / "directory.log").string(), absl::Seconds(30));
  ASSERT_TRUE(directory.ok()) << directory.status();
  directory_ = std::move(directory->process);
  directory_port_ = directory->port;

  auto dossier = testing::StartServiceOnAnyPort(
      {TDKT_DOSSIER_BINARY, "--pg-url", url_, "--redis-url", redis_->url(), "--directory-addr",
       absl::StrCat("127.0.0.1:", directory_port_)},
      (dir_ / "dossier.log").string());
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  dossier_ = std::move(dossier->process);
  dossier_port_ = dossier->port;

  auto notifier = testing::StartServiceOnAnyPort(
      {TDKT_NOTIFIER_BINARY, "--pg-url", url_, "--redis-url", redis_->url(), "--directory-addr",
       absl::StrCat("127.0.0.1:", directory_port_), "--data-dir", std::string(TDKT_SOURCE_DIR) + "/data",
       "--admin-listen", ""},  // no metrics port: a fixed default could be taken by a parallel test
      (dir_ / "notifier.log").string());
  ASSERT_TRUE(notifier.ok()) << notifier.status();
  notifier_ = std::move(notifier->process);
  notifier_port_ = notifier->port;

  // The scenario, then again: the same output and not one row or version changed.
  const ToolRun first = Ctl("demo-scenario");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string after_first = DatabaseState();
  EXPECT_NE(after_first.find("dossier.dossier 8|"), std::string::npos) << after_first;
  const ToolRun second = Ctl("demo-scenario");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(second.output, first.output);
  EXPECT_EQ(DatabaseState(), after_first);

  // The spread of states the demo promises.
  const std::string states = Query("SELECT state, count(*) FROM dossier.dossier GROUP BY state ORDER BY state");
  for (const char* state : {"DRAFT|1", "SUBMITTED|3", "UNDER_REVIEW|1", "RETURNED_FOR_SUPPLEMENT|1",
                            "COUNCIL_VOTING|1", "PUBLISHED|1"}) {
    EXPECT_NE(states.find(state), std::string::npos) << state << " in\n" << states;
  }

  // The line to try next names the dossier waiting for Đồng Tân's appraiser; her inbox lists it.
  const std::string marker = "tdktctl status ";
  const size_t at = first.output.find(marker);
  ASSERT_NE(at, std::string::npos) << first.output;
  const std::string code = first.output.substr(at + marker.size(), first.output.find('\n', at) - at - marker.size());
  ASSERT_GE(code.size(), 16u) << first.output;
  const ToolRun inbox = Ctl("inbox --user vp.dongtan");
  ASSERT_EQ(inbox.exit_code, 0) << inbox.output;
  EXPECT_NE(inbox.output.find(code), std::string::npos) << inbox.output;
  EXPECT_NE(inbox.output.find("Lê Thị Bích Ngọc"), std::string::npos) << inbox.output;
  EXPECT_NE(inbox.output.find("Chiến sĩ thi đua cơ sở"), std::string::npos) << inbox.output;
  EXPECT_NE(inbox.output.find("hạn 20"), std::string::npos) << inbox.output;

  // The public status: no login, the state, and no nominee.
  unsetenv("TDKT_PASSWORD");
  const ToolRun status = Ctl("status " + code, "");
  setenv("TDKT_PASSWORD", kDemoPassword, 1);
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("Đã nộp"), std::string::npos) << status.output;
  // The level and who holds the dossier (organisations are public).
  EXPECT_NE(status.output.find("Cấp hiện tại:   xã — UBND xã Đồng Tân"), std::string::npos) << status.output;
  for (const demo::DemoDossier& planned : demo::kDossiers) {
    EXPECT_EQ(status.output.find(planned.nominee_name), std::string::npos) << status.output;
  }
  EXPECT_EQ(Ctl("status KHONG-CO-MA-NAY").exit_code, 1);

  // Search at the province finds the forwarded dossier; login shows council grants with organisation codes.
  const ToolRun search = Ctl("search --user nv.tinh --state SUBMITTED --year 2026");
  ASSERT_EQ(search.exit_code, 0) << search.output;
  EXPECT_NE(search.output.find("Đỗ Thị Lan Hương"), std::string::npos) << search.output;
  const ToolRun login = Ctl("login --user ct.dongtan");
  ASSERT_EQ(login.exit_code, 0) << login.output;
  EXPECT_NE(login.output.find("Chủ tịch Hội đồng tại PT-DONGTAN"), std::string::npos) << login.output;
  const std::string dossier_id = Query("SELECT id FROM dossier.dossier WHERE tracking_code = '" + code + "'");
  const ToolRun show = Ctl("show --user vp.dongtan " + dossier_id.substr(0, dossier_id.find('|')));
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("Kết thúc bỏ phiếu"), std::string::npos) << show.output;
  // Who took each step: the name in the directory, the role and the organisation it was authorised by.
  EXPECT_NE(show.output.find("(Cao Văn Minh, cán bộ thẩm định tại PT-DONGTAN-THDT"), std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("(Đặng Thị Thu Hà, Chủ tịch Hội đồng tại PT-DONGTAN-THDT"), std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("Bỏ phiếu:"), std::string::npos) << show.output;  // the unit council's round

  // Usage errors and a wrong password.
  EXPECT_EQ(Ctl("inbox").exit_code, 2);
  EXPECT_EQ(Ctl("inbox --user vp.dongtan --password x").exit_code, 2);
  unsetenv("TDKT_PASSWORD");
  EXPECT_EQ(Ctl("inbox --user vp.dongtan", "sai-mat-khau-roi\n").exit_code, 1);
  setenv("TDKT_PASSWORD", kDemoPassword, 1);

  // The outbox relay published the transitions.
  long long length = 0;
  for (int i = 0; i < 100 && length <= 0; ++i) {
    length = StreamLength("tdkt:events");
    if (length <= 0) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_GT(length, 0);

  // The notifier applied every event of the scenario (it records each one, whoever it told)…
  const std::string events = Query("SELECT count(*) FROM dossier.outbox");
  std::string applied;
  for (int i = 0; i < 600 && applied != events; ++i) {
    if (i > 0) absl::SleepFor(absl::Milliseconds(100));
    applied = Query("SELECT count(*) FROM notifier.idempotency WHERE request_id LIKE 'event/%'");
  }
  ASSERT_EQ(applied, events) << "the notifier did not apply every event of the scenario";
  // …and told each person what services/notifier/recipient_rules.cc says of the scenario's steps, once:
  //  - the school's appraiser: every dossier submitted at the school (all but the draft);
  //  - the school council (chair, vice-chair, member): the vote on each of the six dossiers that reached it,
  //    and its chair once all three had voted;
  //  - Đồng Tân's appraiser: the six dossiers the school's council passed up to the commune;
  //  - Đồng Tân's three voting members: the three votes opened there; its chair the two that everyone cast;
  //  - the province's two appraisers: the dossier forwarded to it;
  //  - the school's submitter: the dossier returned to her, and the one decided and published.
  struct Told {
    const char* username;
    v1::EventType type;
    int count;
  };
  const std::vector<Told> expected_told = {
      {"cd.dongtan.thdt", v1::EVENT_TYPE_VOTE_OPENED, 6},      {"ct.donglien", v1::EVENT_TYPE_VOTE_OPENED, 3},
      {"ct.dongtan", v1::EVENT_TYPE_VOTE_OPENED, 3},           {"ct.dongtan", v1::EVENT_TYPE_VOTE_CAST, 2},
      {"ht.dongtan.thdt", v1::EVENT_TYPE_VOTE_OPENED, 6},      {"ht.dongtan.thdt", v1::EVENT_TYPE_VOTE_CAST, 6},
      {"nv.tinh", v1::EVENT_TYPE_DOSSIER_FORWARDED, 1},        {"pht.dongtan.thdt", v1::EVENT_TYPE_DOSSIER_SUBMITTED, 7},
      {"pht.dongtan.thdt", v1::EVENT_TYPE_VOTE_OPENED, 6},     {"tk.tinh", v1::EVENT_TYPE_DOSSIER_FORWARDED, 1},
      {"uv.dongtan", v1::EVENT_TYPE_VOTE_OPENED, 3},           {"vp.dongtan", v1::EVENT_TYPE_DOSSIER_FORWARDED, 6},
      {"vt.dongtan.thdt", v1::EVENT_TYPE_DOSSIER_RETURNED, 1}, {"vt.dongtan.thdt", v1::EVENT_TYPE_DOSSIER_DECIDED, 1},
      {"vt.dongtan.thdt", v1::EVENT_TYPE_DOSSIER_PUBLISHED, 1},
  };
  std::string expected;
  for (const Told& t : expected_told) absl::StrAppend(&expected, t.username, "|", static_cast<int>(t.type), "|", t.count, "|\n");
  EXPECT_EQ(Query("SELECT p.username, n.event_type, count(*) FROM notifier.notification n "
                  "JOIN directory.person p ON p.id::text = n.person_id GROUP BY 1, 2 ORDER BY 1, 2"),
            expected);
  // What they read with tdktctl, in Vietnamese: the submitter's three, unread, the newest first.
  const ToolRun submitter = Ctl("notifications --user vt.dongtan.thdt");
  ASSERT_EQ(submitter.exit_code, 0) << submitter.output;
  EXPECT_NE(submitter.output.find("Thông báo của vt.dongtan.thdt: 3 thông báo, 3 chưa đọc"), std::string::npos)
      << submitter.output;
  const size_t published =
      submitter.output.find("Quyết định khen thưởng đã được công bố: Chiến sĩ thi đua cơ sở – Ngô Văn Phúc");
  const size_t decided = submitter.output.find("Đã có quyết định khen thưởng: Chiến sĩ thi đua cơ sở – Ngô Văn Phúc");
  const size_t returned =
      submitter.output.find("Hồ sơ bị trả lại để bổ sung: Chiến sĩ thi đua cơ sở – Hoàng Thị Thanh Tâm");
  EXPECT_NE(returned, std::string::npos) << submitter.output;
  EXPECT_LT(published, decided) << submitter.output;
  EXPECT_LT(decided, returned) << submitter.output;
  EXPECT_NE(submitter.output.find("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị"), std::string::npos)
      << "the reason for the return: " << submitter.output;
  // The province's appraiser learns of the one dossier that reached it, and Đồng Tân's of the six; --unread only.
  const ToolRun province = Ctl("notifications --user nv.tinh --unread");
  ASSERT_EQ(province.exit_code, 0) << province.output;
  EXPECT_NE(province.output.find("Thông báo chưa đọc của nv.tinh: 1"), std::string::npos)
      << province.output;
  EXPECT_NE(province.output.find("Hồ sơ cấp dưới chuyển lên: Bằng khen của Chủ tịch UBND tỉnh – Đỗ Thị Lan Hương"),
            std::string::npos)
      << province.output;
  const ToolRun commune = Ctl("notifications --user vp.dongtan");
  ASSERT_EQ(commune.exit_code, 0) << commune.output;
  for (const demo::DemoDossier& planned : demo::kDossiers) {
    const bool reached_the_commune = planned.target != demo::Target::kDraft &&
                                     planned.target != demo::Target::kSubmittedAtUnit;
    EXPECT_EQ(commune.output.find(planned.nominee_name) != std::string::npos, reached_the_commune)
        << planned.nominee_name << " in\n" << commune.output;
  }
  // A person the scenario gave nothing to do has no notification.
  const ToolRun nobody = Ctl("notifications --user vt.dongtan.tyt");
  ASSERT_EQ(nobody.exit_code, 0) << nobody.output;
  EXPECT_NE(nobody.output.find("Thông báo của vt.dongtan.tyt: 0 thông báo, 0 chưa đọc"), std::string::npos)
      << nobody.output;
  EXPECT_EQ(Ctl("notifications --user vp.dongtan --all").exit_code, 2);

  // What a user sees, in the test log (checked for secrets below like everything else the tools printed).
  std::cout << first.output << inbox.output << status.output << show.output << login.output << submitter.output
            << province.output;

  // No log and no tool output holds an ID number, a password or a token.
  notifier_.Stop(SIGTERM, absl::Seconds(10));
  dossier_.Stop(SIGTERM, absl::Seconds(10));
  directory_.Stop(SIGTERM, absl::Seconds(10));
  const std::string logs =
      ReadFile(dir_ / "directory.log") + ReadFile(dir_ / "dossier.log") + ReadFile(dir_ / "notifier.log");
  EXPECT_NE(logs.find("dossier ready"), std::string::npos) << logs;
  std::vector<std::string> secrets = {kDemoPassword, kServicePassword, kNotifierPassword, "eyJhbGciOi",
                                      "sai-mat-khau-roi"};
  for (const demo::DemoDossier& planned : demo::kDossiers) secrets.push_back(planned.nominee_id_number);
  std::ifstream people(std::string(TDKT_SOURCE_DIR) + "/data/demo/people.csv");
  std::string line;
  std::getline(people, line);  // header
  while (std::getline(people, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    ASSERT_GE(fields.size(), 3u) << line;
    secrets.push_back(fields[2]);
  }
  ASSERT_GT(secrets.size(), 40u);
  for (const std::string& secret : secrets) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << "a service log holds " << secret;
    EXPECT_EQ(tool_output_.find(secret), std::string::npos) << "a tool printed " << secret;
  }
  // At rest the nominees' ID numbers are sealed: no dossier row or stored response holds one, nor its hex.
  const std::string stored = Query("SELECT t::text FROM dossier.dossier t") +
                             Query("SELECT t::text FROM dossier.idempotency t");
  for (const demo::DemoDossier& planned : demo::kDossiers) {
    const std::string id_number = planned.nominee_id_number;
    if (id_number.empty()) continue;  // a collective
    std::string hex;
    for (unsigned char c : id_number) absl::StrAppend(&hex, absl::Hex(c, absl::kZeroPad2));
    EXPECT_EQ(stored.find(id_number), std::string::npos) << id_number;
    EXPECT_EQ(stored.find(hex), std::string::npos) << id_number;
  }
}

}  // namespace
}  // namespace tdkt
