#pragma once
// A directory service in process on a fresh, migrated database: real PostgreSQL (tests/support) and the whole service as
// DirectoryServer builds it for tdkt-directory (stores, GrantAuthorizer, real access tokens from SigningKeys in
// the same database), on port 0 and a fake clock. Log output is captured: TearDown checks that no token and no
// registered secret (passwords, ID numbers: Secret()) reached it.
#include <fstream>
#include <map>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "directory_migrations.h"
#include "services/common/bootstrap.h"
#include "services/directory/directory_server.h"
#include "services/directory/stores.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/directory/identity.h"
#include "services/common/pii_cipher.h"
#include "services/directory/signing_keys.h"
#include "base/clock.h"
#include "workflow/vietnam_time.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tests/support/log_capture.h"
#include "tests/support/migrated_database.h"
#include "tests/support/servers_environment.h"

namespace tdkt::directory {

inline std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline tdkt::v1::Date D(int y, int m, int d) {
  tdkt::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// "<person id>;<ROLE>@<org id>,…" (e.g. "12;ADMIN@3,SUBMITTER@7"; ROLE without the ROLE_ prefix; org "*" =
// every organisation) → the claims of a token that the fixture mints with the service's own keys.
inline auth::AccessTokenClaims ParseTestIdentity(const std::string& value) {
  std::vector<std::string> parts = absl::StrSplit(value, absl::MaxSplits(';', 1));
  auth::AccessTokenClaims claims;
  claims.person_id = std::string(absl::StripAsciiWhitespace(parts[0]));
  if (parts.size() == 2 && !absl::StripAsciiWhitespace(parts[1]).empty()) {
    for (absl::string_view grant : absl::StrSplit(parts[1], ',')) {
      std::vector<std::string> role_org = absl::StrSplit(absl::StripAsciiWhitespace(grant), '@');
      EXPECT_EQ(role_org.size(), 2u) << "test identity: grant is not ROLE@org: " << value;
      if (role_org.size() != 2) continue;
      static const std::map<std::string, workflow::Role> kRoles = {
          {"SUBMITTER", workflow::Role::kSubmitter},          {"APPRAISER", workflow::Role::kAppraiser},
          {"COUNCIL_MEMBER", workflow::Role::kCouncilMember}, {"COUNCIL_CHAIR", workflow::Role::kCouncilChair},
          {"DECIDER", workflow::Role::kDecider},              {"ADMIN", workflow::Role::kAdmin}};
      auto role = kRoles.find(role_org[0]);
      EXPECT_NE(role, kRoles.end()) << "test identity: unknown role " << role_org[0];
      if (role == kRoles.end()) continue;
      claims.grants.push_back({role->second, role_org[1]});
    }
  }
  return claims;
}

class DirectoryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::NewMigratedDatabase("directory", DirectoryMigrations());
    auto pool = common::PgPool::Connect(url_, 2);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    auto cipher = PiiCipher::FromKeyText(PiiCipher::GenerateKeyText());
    ASSERT_TRUE(cipher.ok());
    cipher_ = std::make_unique<PiiCipher>(*cipher);
    StartService();
  }

  // (Re)starts the service on the same database and PII key — a restart: the signing keys come from the
  // database. Call again after changing throttle_.
  void StartService() {
    server_.reset();
    auto server = DirectoryServer::Create({.listen_address = "127.0.0.1:0", .throttle = throttle_},
                                          {.pool = pool_.get(), .clock = &clock_, .cipher = cipher_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    stores_ = &server_->stores();
    keys_ = server_->signing_keys();
    stub_ = tdkt::v1::DirectoryService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->bound_port()), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    const std::string log = log_.str();
    EXPECT_EQ(log.find("eyJhbGciOi"), std::string::npos) << "an access token (JWS header {\"alg\":…) reached the log";
    for (const std::string& secret : secrets_) {
      EXPECT_EQ(log.find(secret), std::string::npos) << "a secret reached the log: " << secret;
    }
    if (HasFailure()) std::cerr << "captured log:\n" << log;
    if (server_ != nullptr) server_->Shutdown();
  }

  // Remembers a password, ID number or token that must never appear in the log (checked in TearDown).
  const std::string& Secret(const std::string& value) { return secrets_.emplace_back(value); }

  // A client context carrying a real access token signed by the service's keys for the identity written as
  // "<person id>;<ROLE>@<org id>,…", e.g. As("1;ADMIN@*"); "" = no token.
  std::unique_ptr<grpc::ClientContext> As(const std::string& identity) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (identity.empty()) return context;
    auto token = keys_->Issue(ParseTestIdentity(identity));
    EXPECT_TRUE(token.ok()) << token.status();
    if (token.ok()) context->AddMetadata("authorization", "Bearer " + token->token);
    return context;
  }
  // A client context carrying `token` as its bearer token.
  static std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  long long Count(const std::string& table) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1("SELECT count(*) FROM directory." + table)[0].as<long long>();
  }
  std::string Query1(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1(sql)[0].as<std::string>();
  }

  grpc::Status Import(const std::string& identity, const std::vector<std::pair<tdkt::v1::CsvFileKind, std::string>>& files,
                      const std::string& request_id, tdkt::v1::ImportDirectoryCsvResponse* response,
                      bool dry_run = false) {
    tdkt::v1::ImportDirectoryCsvRequest request;
    request.set_request_id(request_id);
    request.set_dry_run(dry_run);
    for (const auto& [kind, path] : files) {
      tdkt::v1::CsvFile* file = request.add_files();
      file->set_kind(kind);
      const bool inline_content = path.find('/') == std::string::npos;  // CSV text, not a path
      file->set_file_name(inline_content ? "inline.csv" : path.substr(path.find_last_of('/') + 1));
      file->set_content(inline_content ? path : ReadTextFile(path));
    }
    return stub_->ImportDirectoryCsv(As(identity).get(), request, response);
  }

  // Every ID number of the demo people (people.csv, third column): none may ever reach a log.
  static std::vector<std::string> DemoIdNumbers() {
    std::vector<std::string> ids;
    std::istringstream lines(ReadTextFile(std::string(TDKT_SOURCE_DIR) + "/data/demo/people.csv"));
    std::string line;
    std::getline(lines, line);  // header: username,full_name,id_number,…
    while (std::getline(lines, line)) {
      std::vector<std::string> columns = absl::StrSplit(line, ',');
      if (columns.size() > 2 && !columns[2].empty()) ids.push_back(columns[2]);
    }
    return ids;
  }

  grpc::Status ImportDemo() {
    const std::string dir = std::string(TDKT_SOURCE_DIR) + "/data/demo/";
    for (const std::string& id_number : DemoIdNumbers()) Secret(id_number);
    tdkt::v1::ImportDirectoryCsvResponse response;
    return Import("1;ADMIN@*",
                  {{tdkt::v1::CSV_FILE_KIND_COUNCILS, dir + "councils.csv"},
                   {tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS, dir + "organizations.csv"},
                   {tdkt::v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS, dir + "role_assignments.csv"},
                   {tdkt::v1::CSV_FILE_KIND_PEOPLE, dir + "people.csv"}},
                  "demo-import", &response);
  }

  tdkt::v1::Organization Org(const std::string& code, const tdkt::v1::Date& as_of) {
    tdkt::v1::GetOrganizationRequest request;
    request.set_code(code);
    *request.mutable_as_of() = as_of;
    tdkt::v1::GetOrganizationResponse response;
    grpc::Status status = stub_->GetOrganization(As("1").get(), request, &response);
    EXPECT_TRUE(status.ok()) << code << ": " << status.error_message();
    return response.organization();
  }

  std::string PersonId(const std::string& username) {
    return Query1("SELECT id::text FROM directory.person WHERE username = '" + username + "'");
  }

  testing::LogCapture log_;  // captures what the service logs while the fixture lives
  std::vector<std::string> secrets_;
  base::FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 2, 8, 0, 0), workflow::VietnamTimeZone())};
  ThrottlePolicy throttle_;  // set before SetUp's StartService, or call StartService again
  std::string url_;
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<PiiCipher> cipher_;
  std::unique_ptr<DirectoryServer> server_;
  const DirectoryStores* stores_ = nullptr;  // the server's
  SigningKeys* keys_ = nullptr;              // the server's
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> stub_;
};

}  // namespace tdkt::directory
