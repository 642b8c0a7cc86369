// tdkt-directory-admin as an operator runs it on a fresh database: import the demo CSV files, create
// the system administrator, set passwords from stdin — and then log in to the real tdkt-directory binary.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/pii_cipher.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt::directory {
namespace {

namespace fs = std::filesystem;

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class AdminBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat("tdkt-admin-", getpid(), "-", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the tool through the shell with `input` on stdin.
  ToolRun Admin(const std::string& args, const std::string& input = "") {
    const std::string out = (dir_ / "out.txt").string();
    const std::string command = absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' --pii-key ", key_,
                                             " ", args, " >", out, " 2>&1");
    FILE* pipe = popen(command.c_str(), "w");
    if (pipe == nullptr) return {};
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
  }

  std::string Query1(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1(sql)[0].as<std::string>();
  }

  fs::path dir_;
  std::string url_ = testing::NewDatabase();
  std::string key_ = PiiCipher::GenerateKeyText();
};

TEST_F(AdminBinary, BootstrapsAFreshDatabaseUpToALogin) {
  const std::string demo = std::string(TDKT_SOURCE_DIR) + "/data/demo";
  ToolRun run = Admin("import " + demo);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("34 organisations, 37 people"), std::string::npos) << run.output;

  run = Admin("create-system-admin quantri.he.thong 'Quản trị hệ thống'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("create-system-admin quantri.he.thong 'Quản trị hệ thống'");  // idempotent
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.system_admin"), "1");

  EXPECT_EQ(Admin("set-password quantri.he.thong", "ngan\n").exit_code, 1);  // too short
  EXPECT_EQ(Admin("set-password khong.co.ai", "mat-khau-du-dai-1\n").exit_code, 1);
  run = Admin("set-password quantri.he.thong", "mat-khau-quan-tri-1\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = Admin("set-password --all-without-password", "mat-khau-demo-2026\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("password set for 37 people"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("mat-khau"), std::string::npos);
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.person WHERE password_hash IS NULL"), "0");

  // The service on the same database and key: both kinds of account log in.
  auto service = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_, "--pii-key", key_},
                                                (dir_ / "service.log").string(), absl::Seconds(30));
  ASSERT_TRUE(service.ok()) << service.status();
  const int port = service->port;
  auto stub = tdkt::v1::DirectoryService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  auto login = [&](const std::string& username, const std::string& password, tdkt::v1::LoginResponse* response) {
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    context.set_wait_for_ready(true);
    return stub->Login(&context, request, response);
  };
  auto service_log = [&] {
    std::ifstream in(dir_ / "service.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  tdkt::v1::LoginResponse admin;
  const grpc::Status status = login("quantri.he.thong", "mat-khau-quan-tri-1", &admin);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message() << "\n" << service_log();
  ASSERT_EQ(admin.grants_size(), 1);
  EXPECT_EQ(admin.grants(0).org_id(), "*");
  EXPECT_EQ(admin.grants(0).role(), tdkt::v1::ROLE_ADMIN);
  tdkt::v1::LoginResponse officer;
  const grpc::Status officer_status = login("nv.tinh", "mat-khau-demo-2026", &officer);
  EXPECT_TRUE(officer_status.ok()) << officer_status.error_message() << "\n" << service_log();
  service->process.Stop(SIGTERM, absl::Seconds(10));

  // Neither the tool nor the service wrote a password, a token or an ID number.
  std::stringstream log;
  log << service_log() << run.output;
  EXPECT_NE(log.str().find("directory ready"), std::string::npos);
  for (const std::string& secret : {std::string("mat-khau"), std::string("eyJhbGciOi"), std::string("025180000001"),
                                    std::string("025172000003")}) {
    EXPECT_EQ(log.str().find(secret), std::string::npos) << secret;
  }
}

// Passwords the operator sets are audited (whom, when, by the operator; never the password); a service
// account needs a long one and is left out of --all-without-password.
TEST_F(AdminBinary, SetPasswordIsAuditedAndServiceAccountsGetTheirOwnLongPassword) {
  ASSERT_EQ(Admin("create-system-admin quantri.he.thong 'Quản trị hệ thống'").exit_code, 0);
  ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'").exit_code, 0);
  ToolRun run = Admin("set-password --all-without-password", "mat-khau-demo-2026\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("password set for 1 person"), std::string::npos) << run.output;
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.person WHERE username = 'svc-dossier' AND password_hash IS NULL"),
            "1");
  run = Admin("set-password svc-dossier", "mat-khau-dich-vu\n");  // 16 characters
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("at least 20 characters"), std::string::npos) << run.output;
  run = Admin("set-password svc-dossier", "mat-khau-dich-vu-ngau-nhien-0123456789\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(Query1("SELECT string_agg(p.username || ':' || a.action || ':' || (a.actor_person_id IS NULL) || ':' || "
                   "(a.request_id IS NULL), ',' ORDER BY a.id) FROM directory.audit_event a "
                   "JOIN directory.person p ON p.id = a.subject_person_id"),
            "quantri.he.thong:password_set:true:true,svc-dossier:password_set:true:true");
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.audit_event a WHERE position('mat-khau' IN a::text) > 0"), "0");
}

TEST_F(AdminBinary, ACsvWithOneBadLineImportsNothingAndNamesTheLine) {
  std::ofstream(dir_ / "organizations.csv")
      << "code,name_vi,level,parent_code,valid_from,valid_until,successor_code\n"
         "AA,UBND tỉnh A,PROVINCE,,2020-01-01,,\n"
         "AA-B,UBND xã B,COMMUNE,AA,2020-13-01,,\n";
  const ToolRun run = Admin("import " + (dir_ / "organizations.csv").string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("organizations.csv:3:"), std::string::npos) << run.output;
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.organisation"), "0");

  EXPECT_EQ(Admin("no-such-command").exit_code, 2);
  std::ofstream(dir_ / "stuff.csv") << "a,b\n";
  EXPECT_EQ(Admin("import " + (dir_ / "stuff.csv").string()).exit_code, 1);
}

}  // namespace
}  // namespace tdkt::directory
