// What DirectoryServer runs besides the RPCs: the bound on concurrent argon2id verifications (PasswordChecks,
// measured inside the bounded section while many logins arrive at once) and the periodic purge of expired
// login state (the PeriodicTask, with a period shortened through DirectoryConfig).
#include <thread>

#include "base/status_macros.h"
#include "services/directory/password_checks.h"
#include "services/directory/password_hash.h"
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

constexpr char kPassword[] = "mat-khau-dong-thoi-2026";

class DirectoryServerTest : public DirectoryServiceTest {
 protected:
  // Restarts the service on the same database with `config` (listen address and throttle from the fixture).
  void Restart(DirectoryConfig config) {
    server_.reset();
    config.listen_address = "127.0.0.1:0";
    config.throttle = throttle_;
    auto server = DirectoryServer::Create(config, {.pool = pool_.get(), .clock = &clock_, .cipher = cipher_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    stores_ = &server_->stores();
    keys_ = server_->signing_keys();
    stub_ = tdkt::v1::DirectoryService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->bound_port()), grpc::InsecureChannelCredentials()));
  }

  // People "dong.thoi.<i>" with kPassword.
  void CreatePeople(int count) {
    Secret(kPassword);
    auto hash = HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
                  for (int i = 0; i < count; ++i) {
                    tdkt::v1::Person person;
                    person.set_full_name("Người Đồng Thời");
                    person.set_username("dong.thoi." + std::to_string(i));
                    person.set_active(true);
                    TDKT_RETURN_IF_ERROR(stores_->people.Create(tx, person, *hash).status());
                  }
                  return absl::OkStatus();
                }).ok());
  }

  grpc::Status Login(const std::string& username, const std::string& password) {
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    tdkt::v1::LoginResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    const grpc::Status status = stub_->Login(&context, request, &response);
    if (status.ok()) {
      Secret(response.access_token());
      Secret(response.refresh_token());
    }
    return status;
  }
};

// 12 logins at once (right and wrong passwords, known and unknown users: each verifies once) on a server
// allowed 2 verifications at a time: never more than 2 ran together, and 2 did (the logins overlapped).
TEST_F(DirectoryServerTest, ConcurrentLoginsNeverRunMoreVerificationsAtOnceThanTheBound) {
  Restart({.grpc_threads = 16, .max_concurrent_password_checks = 2});
  CreatePeople(6);
  EXPECT_EQ(server_->password_checks().slots(), 2);
  std::vector<std::thread> clients;
  std::vector<grpc::StatusCode> codes(12);
  for (int i = 0; i < 12; ++i) {
    clients.emplace_back([&, i] {
      const std::string username = i < 6 ? "dong.thoi." + std::to_string(i) : "khong.ai." + std::to_string(i);
      codes[i] = Login(username, i % 2 == 0 ? kPassword : "sai-mat-khau-dong-thoi").error_code();
    });
  }
  for (std::thread& client : clients) client.join();
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(codes[i], i < 6 && i % 2 == 0 ? grpc::StatusCode::OK : grpc::StatusCode::UNAUTHENTICATED) << i;
  }
  EXPECT_EQ(server_->password_checks().peak(), 2);

  // The default: one slot per core.
  Restart({});
  EXPECT_EQ(server_->password_checks().slots(),
            std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
}

// The purge runs on its own: with a period of 50 ms, an expired session family and a stale throttle row
// disappear without anyone calling PurgeExpiredLoginState; live ones stay.
TEST_F(DirectoryServerTest, ThePeriodicTaskPurgesExpiredLoginStateOnSchedule) {
  CreatePeople(1);
  ASSERT_TRUE(Login("khong.ton.tai", "sai-mat-khau-dong-thoi").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(Login("dong.thoi.0", kPassword).ok());
  clock_.Advance(absl::Hours(24 * 30) + absl::Minutes(1));  // the session and the throttle row are stale
  ASSERT_TRUE(Login("dong.thoi.0", kPassword).ok());        // a live session
  ASSERT_EQ(Count("refresh_token"), 2);
  ASSERT_EQ(Count("login_throttle"), 1);

  Restart({.purge_period = absl::Milliseconds(50)});
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while ((Count("refresh_token") != 1 || Count("login_throttle") != 0) && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(Count("refresh_token"), 1);
  EXPECT_EQ(Count("login_throttle"), 0);
  EXPECT_NE(log_.str().find("purged 2 expired session rows"), std::string::npos) << log_.str();
}

// The default period is an hour: a server started with it purges nothing in the first seconds.
TEST_F(DirectoryServerTest, TheDefaultPurgePeriodIsAnHour) {
  EXPECT_EQ(DirectoryConfig{}.purge_period, absl::Hours(1));
  ASSERT_TRUE(Login("khong.ton.tai", "sai-mat-khau-dong-thoi").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  clock_.Advance(absl::Hours(48));
  Restart({});
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Count("login_throttle"), 1);
}

}  // namespace
}  // namespace tdkt::directory
