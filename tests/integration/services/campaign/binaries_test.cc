// The binaries as the demo runs them, on the real clock: tdkt-directory on the demo directory with the service
// accounts "campaign" and "scheduler", tdkt-scheduler and tdkt-campaign --seed-plans. The campaign service looks
// organisations up in the directory (plan codes → ids), people log in to the directory, and the scheduler accepts
// the due dates and registrations handed over by the account "campaign"; the scheduler stopped with SIGTERM while
// a campaign is created gets its deadline once it is started again. And tdkt-campaign's flags: --help, a bad
// value, a missing password; SIGTERM ends it with 0. And `tdktctl report` against these binaries: the report in
// the terminal and as JSON, against a plan's targets, the CSV download (BOM, CRLF, not over an existing file
// without --force), a refusal outside the caller's subtree and the usage errors.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <grpcpp/grpcpp.h>
#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "services/campaign/plan_campaign.h"
#include "services/common/pii_cipher.h"
#include "services/common/proto_conversions.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/report.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kDemoPassword[] = "tdkt-demo-2025";
constexpr char kCampaignPassword[] = "svc-campaign-binaries-test";
constexpr char kSchedulerPassword[] = "svc-scheduler-binaries-test";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class BinariesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::NewDatabase();
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-campaign-binaries-", getpid());
    fs::create_directories(dir_);
    setenv("TDKT_PII_KEY", common::PiiCipher::GenerateKeyText().c_str(), 1);
  }
  void TearDown() override {
    for (testing::ChildProcess* process : {&campaign_, &scheduler_, &directory_}) {
      if (process->Running()) process->Stop(SIGTERM, absl::Seconds(10));
    }
    if (HasFailure()) {
      for (const char* log : {"directory.log", "scheduler.log", "campaign.log"}) {
        std::cerr << log << ":\n" << ReadFile(dir_ / log) << "\n";
      }
    }
    fs::remove_all(dir_);
  }

  int Shell(const std::string& command, const std::string& input = "") {
    const std::string out = (dir_ / "tool-output.txt").string();
    FILE* pipe = popen((command + " >" + out + " 2>&1").c_str(), "w");
    if (pipe == nullptr) return -1;
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    output_ = ReadFile(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int Admin(const std::string& args, const std::string& input = "") {
    return Shell(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args), input);
  }

  void StartDirectory() {
    ASSERT_EQ(Admin(absl::StrCat("import ", TDKT_SOURCE_DATA_DIR, "/demo")), 0) << output_;
    ASSERT_EQ(Admin("create-service-account campaign 'Dịch vụ phong trào thi đua'"), 0) << output_;
    ASSERT_EQ(Admin("set-password campaign", std::string(kCampaignPassword) + "\n"), 0) << output_;
    ASSERT_EQ(Admin("create-service-account scheduler 'Dịch vụ nhắc hạn'"), 0) << output_;
    ASSERT_EQ(Admin("set-password scheduler", std::string(kSchedulerPassword) + "\n"), 0) << output_;
    ASSERT_EQ(Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n"), 0) << output_;
    auto started = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_},
                                                  (dir_ / "directory.log").string());
    ASSERT_TRUE(started.ok()) << started.status();
    directory_ = std::move(started->process);
    directory_addr_ = absl::StrCat("127.0.0.1:", started->port);
    directory_stub_ = tdkt::v1::DirectoryService::NewStub(
        grpc::CreateChannel(directory_addr_, grpc::InsecureChannelCredentials()));
  }
  // On a port of its own that stays the same across restarts, as in the demo.
  void StartScheduler() {
    if (scheduler_port_ == 0) scheduler_port_ = testing::FreeLocalPort();
    auto started = testing::ChildProcess::Start(
        {TDKT_SCHEDULER_BINARY, "--listen", absl::StrCat("127.0.0.1:", scheduler_port_), "--admin-listen", "",
         "--pg-url", url_, "--redis-url", testing::TestRedis().url(), "--stream",
         absl::StrCat("test:campaign-binaries:", getpid()), "--directory-addr", directory_addr_,
         "--directory-password", kSchedulerPassword, "--escalate", "false"},
        (dir_ / "scheduler.log").string());
    ASSERT_TRUE(started.ok()) << started.status();
    scheduler_ = std::move(*started);
    ASSERT_TRUE(testing::WaitForPort(scheduler_port_, absl::Seconds(60)));
  }
  void StartCampaign() {
    auto started = testing::StartServiceOnAnyPort(
        {TDKT_CAMPAIGN_BINARY, "--pg-url", url_, "--admin-listen", "", "--directory-addr", directory_addr_,
         "--directory-password", kCampaignPassword, "--scheduler-addr", absl::StrCat("127.0.0.1:", scheduler_port_),
         "--seed-plans", "true", "--handoff-max-backoff-seconds", "1"},
        (dir_ / "campaign.log").string());
    ASSERT_TRUE(started.ok()) << started.status();
    campaign_ = std::move(started->process);
    campaign_addr_ = absl::StrCat("127.0.0.1:", started->port);
    campaign_stub_ = tdkt::v1::CampaignService::NewStub(
        grpc::CreateChannel(campaign_addr_, grpc::InsecureChannelCredentials()));
  }

  // tdktctl as `user` (logged in with TDKT_PASSWORD on its first call, the session saved under dir_): the exit code,
  // stdout and stderr in output_.
  int Ctl(const std::string& user, const std::string& args) {
    return Shell(absl::StrCat("env XDG_CONFIG_HOME=", dir_.string(), " TDKT_PASSWORD=", kDemoPassword, " ",
                              TDKT_TDKTCTL_BINARY, " --directory ", directory_addr_, " --campaign ", campaign_addr_,
                              " --user ", user, " ", args));
  }

  // A demo person's bearer context, from the directory's Login.
  std::unique_ptr<grpc::ClientContext> As(const std::string& username) {
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(kDemoPassword);
    tdkt::v1::LoginResponse response;
    grpc::ClientContext login;
    const grpc::Status status = directory_stub_->Login(&login, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + response.access_token());
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }
  // The directory's id of the organisation `code` today.
  std::string IdOf(const std::string& code) {
    tdkt::v1::GetOrganizationRequest request;
    request.set_code(code);
    tdkt::v1::GetOrganizationResponse response;
    const grpc::Status status = directory_stub_->GetOrganization(As("qt.tinh").get(), request, &response);
    EXPECT_TRUE(status.ok()) << code << ": " << status.error_message();
    return response.organization().id();
  }

  long long Count(const std::string& table, const std::string& where = "true") {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    return txn.exec1(absl::StrCat("SELECT count(*) FROM ", table, " WHERE ", where))[0].as<long long>();
  }
  bool WaitForCount(const std::string& table, const std::string& where, long long expected) {
    for (int i = 0; i < 600; ++i) {
      if (Count(table, where) == expected) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  // A campaign of the province for next year, with its registration due on 14 February.
  tdkt::v1::CreateCampaignRequest NextYear(const std::string& request_id, const std::string& name) {
    const int year = workflow::VietnamDate(absl::Now()).year() + 1;
    tdkt::v1::CreateCampaignRequest request;
    request.set_request_id(request_id);
    tdkt::v1::Campaign* c = request.mutable_campaign();
    c->set_name_vi(name);
    c->set_issuing_org_id(IdOf("PT"));
    *c->mutable_valid_from() = common::ToProtoDate(absl::CivilDay(year, 1, 1));
    *c->mutable_valid_until() = common::ToProtoDate(absl::CivilDay(year, 12, 31));
    tdkt::v1::PlanDueDateSpec* due = c->add_due_dates()->mutable_due();
    due->set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
    *due->mutable_due_on() = common::ToProtoDate(absl::CivilDay(year, 2, 14));
    due->set_applies_to_level(tdkt::v1::ORG_LEVEL_UNIT);
    return request;
  }

  std::string url_;
  fs::path dir_;
  std::string output_;
  testing::ChildProcess directory_, scheduler_, campaign_;
  std::string directory_addr_;
  std::string campaign_addr_;
  int scheduler_port_ = 0;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory_stub_;
  std::unique_ptr<tdkt::v1::CampaignService::Stub> campaign_stub_;
};

TEST_F(BinariesTest, FlagsHelpAndBadValues) {
  EXPECT_EQ(Shell(absl::StrCat(TDKT_CAMPAIGN_BINARY, " --help")), 0);
  EXPECT_THAT(output_, HasSubstr("--seed-plans (TDKT_CAMPAIGN_SEED_PLANS)"));
  EXPECT_THAT(output_, HasSubstr("--scheduler-addr (TDKT_SCHEDULER_ADDR)"));
  EXPECT_EQ(Shell(absl::StrCat(TDKT_CAMPAIGN_BINARY, " --seed-plans maybe --directory-password x")), 2);
  EXPECT_THAT(output_, HasSubstr("--seed-plans"));
  EXPECT_EQ(Shell(absl::StrCat("env -u TDKT_CAMPAIGN_DIRECTORY_PASSWORD ", TDKT_CAMPAIGN_BINARY)), 2);
  EXPECT_THAT(output_, HasSubstr("--directory-password / TDKT_CAMPAIGN_DIRECTORY_PASSWORD is required"));
}

TEST_F(BinariesTest, TheDemoWiringWithTheRealDirectoryAndSchedulerBinaries) {
  StartDirectory();
  StartScheduler();
  StartCampaign();
  EXPECT_THAT(ReadFile(dir_ / "campaign.log"), HasSubstr("plans loaded as campaigns: 3 new, 0 already loaded"));
  // The 2024 plans are loaded with the directory's ids of 2024; their due dates are past: nothing handed over.
  tdkt::v1::GetCampaignRequest get;
  get.set_campaign_id(PlanCampaignId("phu-tho-2024"));
  tdkt::v1::GetCampaignResponse phu_tho;
  grpc::Status status = campaign_stub_->GetCampaign(As("nv.tinh").get(), get, &phu_tho);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(phu_tho.campaign().issuing_org_id(), IdOf("PT"));
  EXPECT_EQ(phu_tho.campaign().due_dates(0).handoff_state(), tdkt::v1::HANDOFF_STATE_NOT_NEEDED);

  tdkt::v1::CreateCampaignResponse created;
  status = campaign_stub_->CreateCampaign(As("nv.tinh").get(), NextYear("binaries-1", "Thi đua năm sau"), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(WaitForCount("campaign.handoff", "state = 2", 1)) << "the scheduler accepted the account campaign";
  EXPECT_EQ(Count("scheduler.campaign_deadline", "org_id = '" + IdOf("PT") + "'"), 1);
  const long long reminded = Count("scheduler.timer", "campaign_deadline_id <> '' AND status = 1");
  EXPECT_GT(reminded, 0) << "every unit of the province is reminded";

  tdkt::v1::RegisterRequest registration;
  registration.set_request_id("binaries-thdt");
  tdkt::v1::Registration* r = registration.mutable_registration();
  r->set_campaign_id(created.campaign().id());
  r->set_org_id(IdOf("PT-DONGTAN-THDT"));
  r->mutable_nominee()->set_kind(tdkt::v1::NOMINEE_KIND_COLLECTIVE);
  r->mutable_nominee()->set_name("Trường Tiểu học Đồng Tân");
  r->add_award_codes("TAP_THE_LDTT");
  tdkt::v1::RegisterResponse registered;
  status = campaign_stub_->Register(As("vt.dongtan.thdt").get(), registration, &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(registered.registration().late());
  ASSERT_TRUE(WaitForCount("scheduler.campaign_done", "org_id = '" + IdOf("PT-DONGTAN-THDT") + "'", 1));
  EXPECT_LT(Count("scheduler.timer", "campaign_deadline_id <> '' AND status = 1"), reminded);

  // The scheduler stopped while another campaign is created: it gets the deadline once it is back.
  ASSERT_EQ(scheduler_.Stop(SIGTERM, absl::Seconds(15)), 0);
  status = campaign_stub_->CreateCampaign(As("nv.tinh").get(), NextYear("binaries-2", "Thi đua thứ hai"), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(WaitForCount("campaign.handoff", "state = 1 AND attempts >= 2", 1));
  StartScheduler();
  ASSERT_TRUE(WaitForCount("campaign.handoff", "state = 1", 0));
  EXPECT_EQ(Count("scheduler.campaign_deadline"), 2);

  EXPECT_EQ(campaign_.Stop(SIGTERM, absl::Seconds(15)), 0) << "a clean exit on SIGTERM";
}


TEST_F(BinariesTest, TdktctlReportInTheTerminalAndAsCsv) {
  StartDirectory();
  StartScheduler();
  StartCampaign();
  ASSERT_FALSE(HasFatalFailure());
  // No dossier event reached this campaign service: every figure is zero, the period and the labels are there.
  ASSERT_EQ(Ctl("nv.tinh", "report --org PT --from 2024-01 --until 2024-12"), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("Báo cáo thi đua, khen thưởng: PT"));
  EXPECT_THAT(output_, HasSubstr("từ 2024-01-01 đến 2024-12-31"));
  EXPECT_THAT(output_, HasSubstr("Hồ sơ mở trong kỳ: 0"));
  EXPECT_THAT(output_, HasSubstr("Khiếu nại: 0 đã nhận, 0 đã giải quyết"));

  // Against the Phú Thọ 2024 plan, over its period (no months given): its targets, none reached.
  ASSERT_EQ(Ctl("nv.tinh", "--output json report --org PT --plan phu-tho-2024"), 0) << output_;
  tdkt::v1::GetReportResponse json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(output_, &json).ok()) << output_;
  EXPECT_EQ(json.report().org_id(), IdOf("PT"));
  EXPECT_EQ(json.report().campaign_id(), PlanCampaignId("phu-tho-2024"));
  EXPECT_EQ(json.report().from().year(), 2024);
  ASSERT_GT(json.report().targets_size(), 0);
  EXPECT_FALSE(json.report().targets(0).reached());
  ASSERT_EQ(Ctl("nv.tinh", "report --org PT --plan phu-tho-2024"), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("Chỉ tiêu khen thưởng:"));
  EXPECT_THAT(output_, HasSubstr(json.report().targets(0).target().label_vi() + ": 0"));

  // The CSV: UTF-8 with a byte order mark, CRLF lines, the console's header; an existing file needs --force.
  const fs::path csv = dir_ / "bao-cao.csv";
  const std::string download = absl::StrCat("report --org PT --from 2024-01 --until 2024-12 --csv ", csv.string());
  ASSERT_EQ(Ctl("nv.tinh", download), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("Đã tải bao-cao-"));
  const std::string bytes = ReadFile(csv);
  ASSERT_GE(bytes.size(), 3u);
  EXPECT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(bytes.rfind("Nhóm,Cấp,Trạng thái,Danh hiệu / hình thức,Chỉ tiêu,Giá trị\r\n", 3), 3u) << bytes;
  EXPECT_EQ(Ctl("nv.tinh", download), 1) << output_;
  EXPECT_THAT(output_, HasSubstr("đã có (dùng --force để ghi đè)"));
  EXPECT_EQ(ReadFile(csv), bytes);
  EXPECT_EQ(Ctl("nv.tinh", download + " --force"), 0) << output_;
  EXPECT_FALSE(fs::exists(csv.string() + ".tdktctl-download"));

  // A school's officer reads its own school, not the province.
  EXPECT_EQ(Ctl("vt.dongtan.thdt", "report --org PT --from 2024-01 --until 2024-12"), 1) << output_;
  EXPECT_THAT(output_, HasSubstr("không có quyền"));
  // By default: the officer's own school (its record since the 2025 merger), January to this month.
  EXPECT_EQ(Ctl("vt.dongtan.thdt", "report"), 0) << output_;
  EXPECT_THAT(output_, HasSubstr("Báo cáo thi đua, khen thưởng: PT-DONGTAN-THDT"));
  EXPECT_THAT(output_, HasSubstr(absl::StrCat("từ ", workflow::VietnamDate(absl::Now()).year(), "-01-01 đến ")));

  // Usage errors, before any call.
  EXPECT_EQ(Ctl("nv.tinh", "report --from 2024-13"), 2) << output_;
  EXPECT_THAT(output_, HasSubstr("--from cần YYYY-MM"));
  EXPECT_EQ(Ctl("nv.tinh", "report --force"), 2) << output_;
  EXPECT_EQ(Ctl("nv.tinh", "report extra"), 2) << output_;
}

}  // namespace
}  // namespace tdkt::campaign
