// The dossier service's production link to the directory, against the real tdkt-directory binary on the demo
// directory (Phú Thọ before and after the 2025-07-01 reform): GrpcOrgDirectory's lookups as of a date on both
// sides of the reform and a merged commune's successor; CachingOrgDirectory; the service account's session
// refreshing its token; the directory stopped and started again with a rotated signing key, the link's
// KeyRefresher learning the new key. And the tdkt-dossier binary as an operator meets it, linked to that
// directory: flags, health, its outbox relay on and off, SIGTERM. The dossier's other integration tests use an
// in-memory tree instead.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <grpcpp/grpcpp.h>
#include "grpc/health/v1/health.grpc.pb.h"
#include <pqxx/pqxx>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "services/common/pii_cipher.h"
#include "services/common/proto_conversions.h"
#include "services/dossier/caching_org_directory.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/grpc_org_directory.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "tests/support/service_process.h"

namespace tdkt::dossier {
namespace {

namespace fs = std::filesystem;

constexpr char kServicePassword[] = "svc-dossier-link-test";
constexpr char kDemoPassword[] = "tdkt-demo-2025";
const absl::CivilDay kBefore(2025, 6, 2);  // the 4-level chain: unit → commune → district → province
const absl::CivilDay kAfter(2025, 8, 1);   // the 3-level chain: districts are gone

class DirectoryLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::NewDatabase();
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-directory-link-", getpid());
    fs::create_directories(dir_);
    setenv("TDKT_PII_KEY", common::PiiCipher::GenerateKeyText().c_str(), 1);
    ASSERT_EQ(Admin(absl::StrCat("import ", TDKT_SOURCE_DATA_DIR, "/demo")), 0) << output_;
    ASSERT_EQ(Admin("create-service-account svc-dossier 'Dịch vụ hồ sơ'"), 0) << output_;
    ASSERT_EQ(Admin("set-password svc-dossier", std::string(kServicePassword) + "\n"), 0) << output_;
    ASSERT_EQ(Admin("set-password --all-without-password", std::string(kDemoPassword) + "\n"), 0) << output_;
    auto started = testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url_}, Log());
    ASSERT_TRUE(started.ok()) << started.status();
    directory_ = std::move(*started);
    address_ = absl::StrCat("127.0.0.1:", directory_.port);
    stub_ = tdkt::v1::DirectoryService::NewStub(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
    auto link = DirectoryLink::Connect(address_, "svc-dossier", kServicePassword, clock_);
    ASSERT_TRUE(link.ok()) << link.status();
    link_ = std::move(*link);
    lookups_ = std::make_unique<GrpcOrgDirectory>(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()),
                                                  link_->AccessToken());
  }
  void TearDown() override {
    if (directory_.process.Running()) directory_.process.Stop(SIGTERM, absl::Seconds(10));
    if (HasFailure()) std::cerr << "directory log:\n" << Read(Log()) << "\n";
    fs::remove_all(dir_);
  }

  std::string Log() const { return (dir_ / "directory.log").string(); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  int Admin(const std::string& args, const std::string& input = "") {
    const std::string out = (dir_ / "admin-output.txt").string();
    FILE* pipe = popen(absl::StrCat(TDKT_DIRECTORY_ADMIN_BINARY, " --pg-url '", url_, "' ", args, " >", out, " 2>&1")
                           .c_str(),
                       "w");
    if (pipe == nullptr) return -1;
    std::fputs(input.c_str(), pipe);
    const int status = pclose(pipe);
    output_ = Read(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // The directory's id of the organisation `code` valid on `day`.
  std::string IdOf(const std::string& code, absl::CivilDay day) {
    tdkt::v1::GetOrganizationRequest request;
    request.set_code(code);
    *request.mutable_as_of() = common::ToProtoDate(day);
    tdkt::v1::GetOrganizationResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + link_->AccessToken()().value_or(""));
    const grpc::Status status = stub_->GetOrganization(&context, request, &response);
    EXPECT_TRUE(status.ok()) << code << ": " << status.error_message();
    return response.organization().id();
  }

  // A demo person's access token, straight from the directory's Login.
  std::string LoginAs(const std::string& username) {
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(kDemoPassword);
    tdkt::v1::LoginResponse response;
    grpc::ClientContext context;
    const grpc::Status status = stub_->Login(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.access_token();
  }

  std::string url_;
  fs::path dir_;
  std::string output_;
  base::FakeClock clock_{absl::Now()};
  testing::ServiceProcess directory_;
  std::string address_;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> stub_;
  std::unique_ptr<DirectoryLink> link_;
  std::unique_ptr<GrpcOrgDirectory> lookups_;
};

TEST_F(DirectoryLinkTest, LookupsAsOfADateFollowTheReformAndAMergedCommunesSuccessor) {
  const std::string school_before = IdOf("PT-DONGTAN-THDT", kBefore), school_after = IdOf("PT-DONGTAN-THDT", kAfter);
  const std::string commune_before = IdOf("PT-DONGTAN", kBefore), commune_after = IdOf("PT-DONGTAN", kAfter);
  const std::string district = IdOf("PT-THANHSON", kBefore), province = IdOf("PT", kBefore);
  EXPECT_EQ(lookups_->Ancestors(school_before, kBefore).value_or(std::vector<std::string>{}),
            (std::vector<std::string>{commune_before, district, province}));
  EXPECT_EQ(lookups_->Ancestors(school_after, kAfter).value_or(std::vector<std::string>{}),
            (std::vector<std::string>{commune_after, province}))
      << "after the reform the commune answers to the province";
  EXPECT_EQ(lookups_->LevelOf(district, kBefore).value_or(workflow::OrgLevel::kUnit), workflow::OrgLevel::kDistrict);
  EXPECT_EQ(lookups_->Ancestors(district, kAfter).status().code(), absl::StatusCode::kNotFound)
      << "the district no longer exists after 2025-06-30";
  EXPECT_EQ(lookups_->OrganisationName(commune_after, kAfter).value_or(""), "UBND xã Đồng Tân");

  // Đồng Liên merged into Đồng Tân: its record names the successor, which the lookups then follow.
  tdkt::v1::GetOrganizationRequest request;
  request.set_code("PT-DONGLIEN");
  *request.mutable_as_of() = common::ToProtoDate(kBefore);
  tdkt::v1::GetOrganizationResponse merged;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + link_->AccessToken()().value_or(""));
  ASSERT_TRUE(stub_->GetOrganization(&context, request, &merged).ok());
  ASSERT_FALSE(merged.organization().successor_id().empty());
  const std::string successor = merged.organization().successor_id();
  EXPECT_EQ(lookups_->OrganisationName(successor, kAfter).value_or(""), "UBND xã Đồng Tân");
  EXPECT_EQ(lookups_->Ancestors(successor, kAfter).value_or(std::vector<std::string>{}),
            (std::vector<std::string>{province}));
  // The council of the province, with named voting members.
  absl::StatusOr<CouncilRoster> council = lookups_->CouncilMembers(province, kAfter);
  ASSERT_TRUE(council.ok()) << council.status();
  EXPECT_FALSE(council->council_id.empty());
  ASSERT_FALSE(council->voting_members.empty());
  EXPECT_FALSE(council->voting_members.front().full_name.empty());
}

TEST_F(DirectoryLinkTest, TheServiceAccountsTokenIsRefreshedWhenItExpires) {
  const absl::StatusOr<std::string> first = link_->AccessToken()();
  ASSERT_TRUE(first.ok()) << first.status();
  clock_.Advance(absl::Hours(2));  // past the access token's lifetime, by the session's clock
  const absl::StatusOr<std::string> second = link_->AccessToken()();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(*second, *first) << "a new token from the refresh token";
  EXPECT_TRUE(lookups_->Ancestors(IdOf("PT-DONGTAN", kAfter), kAfter).ok()) << "and the directory accepts it";
}

TEST_F(DirectoryLinkTest, TheDirectoryDownAndBackWithARotatedKey) {
  const std::string commune = IdOf("PT-DONGTAN", kAfter);
  const std::string before_rotation = LoginAs("qt.tinh");
  ASSERT_TRUE(link_->verifier().Verify(before_rotation).ok());
  CachingOrgDirectory cached(*lookups_, clock_, absl::Seconds(60));
  ASSERT_TRUE(cached.Ancestors(commune, kAfter).ok());

  ASSERT_EQ(directory_.process.Stop(SIGTERM, absl::Seconds(10)), 0);
  EXPECT_EQ(lookups_->Ancestors(commune, kAfter).status().code(), absl::StatusCode::kUnavailable)
      << "the directory is down: a clear UNAVAILABLE, not a wrong answer";
  EXPECT_TRUE(cached.Ancestors(commune, kAfter).ok()) << "a cached answer within its lifetime";
  clock_.Advance(absl::Seconds(61));
  EXPECT_EQ(cached.Ancestors(commune, kAfter).status().code(), absl::StatusCode::kUnavailable)
      << "an expired answer is not served";

  // Back on the same address, with its signing key rotated at start: the current key is made older than the
  // 30 days after which the directory replaces it, as if a month had passed while it was down.
  {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    work.exec("UPDATE directory.signing_key SET not_before = not_before - interval '31 days' WHERE not_after IS NULL");
    work.commit();
  }
  auto restarted =
      testing::ChildProcess::Start({TDKT_DIRECTORY_BINARY, "--pg-url", url_, "--listen", address_}, Log());
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  directory_.process = std::move(*restarted);
  bool back = false;
  for (int i = 0; i < 300 && !back; ++i) {
    back = lookups_->Ancestors(commune, kAfter).ok();
    if (!back) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(back) << "lookups work again once the directory is back";
  EXPECT_TRUE(cached.Ancestors(commune, kAfter).ok());
  const std::string after_rotation = LoginAs("qt.tinh");
  EXPECT_EQ(link_->verifier().Verify(after_rotation).status().code(), absl::StatusCode::kUnauthenticated)
      << "signed with a key the verifier has not fetched yet";
  ASSERT_TRUE(link_->KeyRefresh()()) << "the key refresher fetches the new key";
  EXPECT_TRUE(link_->verifier().Verify(after_rotation).ok());
  EXPECT_TRUE(link_->verifier().Verify(before_rotation).ok()) << "tokens of the old key stay valid until they expire";
}

// An outbox row as a transition writes it (the relay does not read the envelope).
void InsertOutboxRow(const std::string& url, const std::string& event_id) {
  pqxx::connection connection(url);
  pqxx::work work(connection);
  work.exec_params(
      "INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
      "VALUES ($1, 'd-binary', 1, 'EVENT_TYPE_DOSSIER_CREATED', '\\x00'::bytea)",
      event_id);
  work.commit();
}

long long Published(const std::string& url, const std::string& event_id) {
  pqxx::connection connection(url);
  pqxx::work work(connection);
  return work.exec_params1("SELECT count(*) FROM dossier.outbox WHERE event_id = $1 AND published_at IS NOT NULL",
                           event_id)[0]
      .as<long long>();
}

bool Serving(int port) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

TEST_F(DirectoryLinkTest, TheDossierBinaryServesHealthRelaysWhenToldAndStopsOnSigterm) {
  const std::string log = (dir_ / "dossier.log").string();
  auto bad_flag = testing::ChildProcess::Start({TDKT_DOSSIER_BINARY, "--no-such-flag=1"}, log);
  ASSERT_TRUE(bad_flag.ok());
  const int bad_flag_status = bad_flag->Wait();
  ASSERT_TRUE(WIFEXITED(bad_flag_status));
  EXPECT_EQ(WEXITSTATUS(bad_flag_status), 2);
  EXPECT_EQ(Read(log), "tdkt-dossier: unknown flag '--no-such-flag' (see --help)\n");
  fs::remove(log);

  // Its own Redis, so that the rows it publishes reach no other test's consumers.
  std::unique_ptr<testing::RedisServer> redis = testing::PrivateRedis();
  setenv("TDKT_DOSSIER_DIRECTORY_PASSWORD", kServicePassword, 1);
  unsetenv("TDKT_DOSSIER_PII_KEY");
  const std::vector<std::string> argv = {TDKT_DOSSIER_BINARY, "--pg-url", url_, "--redis-url", redis->url(),
                                         "--directory-addr", address_};
  auto no_key = testing::ChildProcess::Start(argv, log);
  ASSERT_TRUE(no_key.ok());
  const int no_key_status = no_key->Wait();
  ASSERT_TRUE(WIFEXITED(no_key_status));
  EXPECT_NE(WEXITSTATUS(no_key_status), 0);
  EXPECT_NE(Read(log).find("--pii-key"), std::string::npos) << Read(log);
  setenv("TDKT_DOSSIER_PII_KEY", common::PiiCipher::GenerateKeyText().c_str(), 1);

  for (const bool relay : {false, true}) {
    std::vector<std::string> with_relay = argv;
    with_relay.insert(with_relay.end(), {"--outbox-relay", relay ? "true" : "false"});
    auto dossier = testing::StartServiceOnAnyPort(with_relay, log);
    ASSERT_TRUE(dossier.ok()) << dossier.status();
    EXPECT_TRUE(Serving(dossier->port)) << Read(log);
    const std::string event_id = relay ? "binary-relay-on" : "binary-relay-off";
    InsertOutboxRow(url_, event_id);
    long long published = 0;
    for (int i = 0; i < (relay ? 100 : 20) && published == 0; ++i) {
      absl::SleepFor(absl::Milliseconds(100));
      published = Published(url_, event_id);
    }
    EXPECT_EQ(published, relay ? 1 : 0) << (relay ? "the relay publishes" : "no relay runs with --outbox-relay false");
    const absl::Time sent = absl::Now();
    EXPECT_EQ(dossier->process.Stop(SIGTERM, absl::Seconds(10)), 0) << Read(log);
    EXPECT_LT(absl::Now() - sent, absl::Seconds(10)) << "stops within ten seconds of SIGTERM";
  }
  // The row the relay published when it started is the one the first run left unpublished.
  EXPECT_EQ(Published(url_, "binary-relay-off"), 1);
}

}  // namespace
}  // namespace tdkt::dossier
