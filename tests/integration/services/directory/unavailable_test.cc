// The directory while its PostgreSQL is gone: a running service whose database stops taking connections (and
// whose open connections are cut, as a stopping server cuts them) answers Login with UNAVAILABLE in
// Vietnamese and names no URL, host, port or database to the unauthenticated caller; the detail goes to the
// operator's log. When the database is back, logins work again without a restart.
#include "services/directory/password_hash.h"
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

constexpr char kPassword[] = "mat-khau-khi-mat-dien-2026";

class DirectoryUnavailableTest : public DirectoryServiceTest {
 protected:
  // On a connection to the maintenance database (kept open): refuses new connections to the test's database
  // and ends every open one, the service's pool included — what PostgreSQL does to them when it shuts down.
  void CutTheDatabase() {
    database_ = pqxx::connection(url_).dbname();
    admin_ = std::make_unique<pqxx::connection>(testing::TestPostgres().admin_url());
    pqxx::nontransaction work(*admin_);
    work.exec("ALTER DATABASE " + admin_->quote_name(database_) + " WITH ALLOW_CONNECTIONS false");
    work.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + admin_->quote(database_));
  }
  void RestoreTheDatabase() {
    pqxx::nontransaction work(*admin_);
    work.exec("ALTER DATABASE " + admin_->quote_name(database_) + " WITH ALLOW_CONNECTIONS true");
  }
  void TearDown() override {
    if (admin_ != nullptr) RestoreTheDatabase();  // the test support drops the database afterwards
    DirectoryServiceTest::TearDown();
  }

  grpc::Status Login(const std::string& password, tdkt::v1::LoginResponse* response) {
    tdkt::v1::LoginRequest request;
    request.set_username("mat.ket.noi");
    request.set_password(password);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub_->Login(&context, request, response);
  }

  std::string database_;
  std::unique_ptr<pqxx::connection> admin_;
};

TEST_F(DirectoryUnavailableTest, LoginWhileTheDatabaseIsDownIsUnavailableInVietnameseAndNamesNoServer) {
  Secret(kPassword);
  auto hash = HashPassword(kPassword);
  ASSERT_TRUE(hash.ok());
  ASSERT_TRUE(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
                tdkt::v1::Person person;
                person.set_full_name("Mất Kết Nối");
                person.set_username("mat.ket.noi");
                person.set_active(true);
                return stores_->people.Create(tx, person, *hash).status();
              }).ok());
  tdkt::v1::LoginResponse response;
  ASSERT_TRUE(Login(kPassword, &response).ok());
  Secret(response.access_token());
  Secret(response.refresh_token());

  CutTheDatabase();
  const std::string port = std::to_string(testing::TestPostgres().port());
  // The first call meets a pooled connection the server has cut, the next ones a refused reconnection.
  for (int attempt = 0; attempt < 3; ++attempt) {
    SCOPED_TRACE(attempt);
    const grpc::Status status = Login(kPassword, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    const std::string& message = status.error_message();
    EXPECT_EQ(message.rfind("Dịch vụ tạm thời không khả dụng", 0), 0u) << message;
    for (const std::string& leak : {std::string("postgres"), std::string("127.0.0.1"), std::string("localhost"),
                                    std::string("TDKT_PG_URL"), std::string("pg-url"), database_, port}) {
      EXPECT_EQ(message.find(leak), std::string::npos) << leak << " in: " << message;
    }
    EXPECT_TRUE(status.error_details().empty());
  }
  // The operator's log has what happened.
  EXPECT_NE(log_.str().find("cannot connect to postgresql://"), std::string::npos) << log_.str();

  RestoreTheDatabase();
  const grpc::Status back = Login(kPassword, &response);
  EXPECT_TRUE(back.ok()) << back.error_message();
  Secret(response.access_token());
  Secret(response.refresh_token());
}

}  // namespace
}  // namespace tdkt::directory
