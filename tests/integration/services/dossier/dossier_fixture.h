#pragma once
// A dossier service in process on a fresh database with the schemas `dossier` and `anchor` migrated, built as
// main.cc builds it (DossierServer::Create): real PostgreSQL (tests/support), the catalogue and calendar from
// data/, an in-memory organisation tree P (province) → D (district) → C (commune) → U, U2 (units) behind the
// service's cache, and access tokens minted with a test Ed25519 key through the same TokenVerifier the service
// uses, and a fresh PII key per test. Everyone
// a token is minted for is a person of the directory, named FullName(person) unless a test named them otherwise.
// Log output is captured so that tests can check it. The in-memory tree ignores dates: lookups as of a date,
// against the real directory, are tested in directory_link_test.cc.
#include <cctype>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "base/clock.h"
#include "base/sha256.h"
#include "anchor_migrations.h"
#include "dossier_migrations.h"
#include "services/auth/access_token.h"
#include "services/auth/signing_key.h"
#include "services/auth/token_verifier.h"
#include "services/common/pg_pool.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/dossier_server.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_runner.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tests/integration/services/dossier/support/in_memory_org_directory.h"
#include "tests/support/log_capture.h"
#include "tests/support/migrated_database.h"
#include "tests/support/servers_environment.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {

using workflow::OrgLevel;
using workflow::Role;

inline constexpr char kNomineeIdNumber[] = "001088123456";

class DossierServiceTest : public ::testing::Test {
 protected:
  // The service's clock starts at `now` (by default Monday 2026-03-02 08:00 in Vietnam).
  explicit DossierServiceTest(
      absl::Time now = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 8, 0, 0), workflow::VietnamTimeZone()))
      : clock_(now), key_(*auth::SigningKey::Generate(clock_.Now() - absl::Hours(1))) {}

  void SetUp() override {
    url_ = testing::NewMigratedDatabase({{"dossier", DossierMigrations()}, {"anchor", AnchorMigrations()}});
    auto pool = common::PgPool::Connect(url_, pool_size_);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    if (separate_anchor_connection_) {
      auto anchor_pool = common::PgPool::Connect(url_, 1);
      ASSERT_TRUE(anchor_pool.ok()) << anchor_pool.status();
      anchor_pool_ = std::move(*anchor_pool);
    }
    directory_.AddOrganisation("P", OrgLevel::kProvince, "", "UBND tỉnh Phú Thọ");
    directory_.AddOrganisation("D", OrgLevel::kDistrict, "P", "UBND huyện Thanh Sơn");
    directory_.AddOrganisation("C", OrgLevel::kCommune, "D", "UBND xã Đồng Tân");
    directory_.AddOrganisation("U", OrgLevel::kUnit, "C", "Trường Tiểu học Đồng Tân");
    directory_.AddOrganisation("U2", OrgLevel::kUnit, "C", "Trường Mầm non Đồng Tân");
    for (const char* org : {"U", "C", "P"}) {
      for (const char* who : {"chair", "m1", "m2"}) directory_.AddPerson(Person(who, org), FullName(Person(who, org)));
      directory_.SetCouncil(org, {Person("chair", org), Person("m1", org), Person("m2", org)});
    }
    auth::PublicKeySet keys;
    ASSERT_TRUE(keys.Add(key_.PublicInfo()).ok());
    verifier_ = std::make_unique<auth::TokenVerifier>(std::move(keys), clock_);
    StartNeighbours();
    if (HasFatalFailure()) return;
    auto server = DossierServer::Create(
        DossierServerConfig{.data_dir = data_dir_,
                            .listen_address = "127.0.0.1:0",
                            .grpc_threads = 64,  // 16 racing clients, a handler thread each
                            .max_document_bytes = kMaxDocumentBytes,
                            .campaign_address = campaign_address_,
                            .pii_key = pii_key_,
                            .outbox_relay = !events_stream_.empty(),
                            .pg_url = calendar_listens_ || !events_stream_.empty() ? url_ : std::string(),
                            .redis_url = events_stream_.empty() ? std::string() : testing::TestRedis().url(),
                            .events_stream = events_stream_.empty() ? std::string(common::kEventsStream)
                                                                    : events_stream_,
                            .calendar_poll_interval = calendar_poll_interval_},
        DossierServerDeps{.pool = pool_.get(), .anchor_pool = anchor_pool_.get(), .clock = &clock_,
                          .verifier = verifier_.get(), .org_directory = &directory_,
                          .campaign_token = [this]() -> absl::StatusOr<std::string> {
                            return Token("p-svc-dossier", {}, std::string("svc-dossier"));
                          }});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    stub_ = tdkt::v1::DossierService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->bound_port()), grpc::InsecureChannelCredentials()));
  }

  // Services the dossier service calls, started on the test's database before it (set campaign_address_ here).
  virtual void StartNeighbours() {}

  void TearDown() override {
    if (HasFailure()) std::cerr << "captured log:\n" << log_.str();
    if (server_) server_->Shutdown();
  }

  // The person id of a role holder at an organisation, e.g. Person("appraiser", "C") = "appraiser@C".
  static std::string Person(const std::string& who, const std::string& org) { return who + "@" + org; }
  // The directory's name of a test person, e.g. FullName("appraiser@C") = "Nguyễn Văn Appraiser C": no person
  // id is part of it, so that a log line with the id does not look like one with the name.
  static std::string FullName(const std::string& person) {
    std::string name = "Nguyễn Văn ";
    for (char c : person) {
      if (c == '@') {
        name += ' ';
      } else {
        name += name.back() == ' ' ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      }
    }
    return name;
  }

  // An access token for `person` holding `grants`, signed now with the test key. A person the directory does not
  // know yet becomes one, named FullName(person).
  std::string Token(const std::string& person, std::vector<workflow::RoleGrant> grants,
                    std::optional<std::string> service = std::nullopt) {
    if (!service && !directory_.PersonName(person).ok()) directory_.AddPerson(person, FullName(person));
    auto issued = auth::IssueAccessToken({person, std::move(grants), std::move(service)}, key_, clock_);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return issued->token;
  }

  // A client context for the holder of `role` at `org` (the conventional person of the test tree).
  std::unique_ptr<grpc::ClientContext> As(Role role, const std::string& org) {
    static const char* const kNames[] = {"submitter", "appraiser", "m1", "chair", "decider", "admin"};
    const std::string person = Person(kNames[static_cast<int>(role)], org);
    std::vector<workflow::RoleGrant> grants{{role, org}};
    if (role == Role::kCouncilChair) grants.push_back({Role::kCouncilMember, org});
    return WithToken(Token(person, grants));
  }
  std::unique_ptr<grpc::ClientContext> AsPerson(const std::string& person, std::vector<workflow::RoleGrant> grants) {
    return WithToken(Token(person, std::move(grants)));
  }
  static std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  std::string NextRequestId() { return "req-" + std::to_string(++request_counter_); }

  // Uploads a small PDF of `kind` to the dossier through the UploadDocument RPC, as the submitter at `origin`
  // (metadata first, then the content in two chunks). The version goes up by one.
  grpc::Status UploadDocument(const std::string& dossier_id, int64_t expected_version, const std::string& kind,
                              const std::string& origin, tdkt::v1::UploadDocumentResponse* response) {
    const std::string content = "%PDF-1.7\n% " + kind + "\n" + std::string(2000, 'x') + "\n%%EOF\n";
    auto context = As(Role::kSubmitter, origin);
    auto writer = stub_->UploadDocument(context.get(), response);
    tdkt::v1::UploadDocumentRequest first;
    first.set_request_id(NextRequestId());
    first.set_expected_version(expected_version);
    tdkt::v1::DocumentUploadMetadata* metadata = first.mutable_metadata();
    metadata->set_dossier_id(dossier_id);
    metadata->set_kind(kind);
    metadata->set_file_name(kind + ".pdf");
    metadata->set_content_type("application/pdf");
    metadata->set_size_bytes(static_cast<int64_t>(content.size()));
    metadata->set_sha256(base::Sha256Hex(content));
    bool open = writer->Write(first);
    for (size_t offset = 0; open && offset < content.size(); offset += 1024) {
      tdkt::v1::UploadDocumentRequest part;
      part.set_chunk(content.substr(offset, 1024));
      open = writer->Write(part);
    }
    writer->WritesDone();
    return writer->Finish();
  }

  // Uploads a document of each kind the award requires, one transition each, so the version goes up by one
  // per document.
  void AttachRequiredDocuments(const std::string& dossier_id, const std::string& award_code,
                               const std::string& origin) {
    auto award = server_->catalog().AwardOn(award_code, workflow::VietnamDate(clock_.Now()));
    ASSERT_TRUE(award.ok());
    auto loaded = server_->store().Load(dossier_id);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    int64_t version = loaded->row.snapshot.version;
    for (const std::string& kind : (*award)->required_documents) {
      tdkt::v1::UploadDocumentResponse response;
      const grpc::Status status = UploadDocument(dossier_id, version, kind, origin, &response);
      ASSERT_TRUE(status.ok()) << kind << ": " << status.error_message();
      ASSERT_EQ(response.dossier().version(), version + 1);
      version = response.dossier().version();
    }
  }

  // Waits until `count` sessions of the test's database wait for a lock (row locks included), or 10 s pass;
  // how many do.
  long long WaitForLockWaiters(long long count) {
    pqxx::connection connection(url_);
    long long waiting = 0;
    for (int i = 0; i < 2000; ++i) {
      pqxx::work work(connection);
      waiting = work.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'")[0].as<long long>();
      if (waiting >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return waiting;
  }

  // Creates a dossier at U (or `origin`) with its required documents attached and returns it.
  tdkt::v1::Dossier CreateAt(const std::string& origin = "U", const std::string& award = "BANG_KHEN_TINH") {
    tdkt::v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_award_code(award);
    request.set_year(2025);
    request.set_origin_org_id(origin);
    tdkt::v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
    nominee->set_name("Nguyễn Thị Hoa");
    nominee->set_id_number(kNomineeIdNumber);
    nominee->set_birth_year(1988);
    tdkt::v1::CreateDossierResponse response;
    grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, origin).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) return response.dossier();
    AttachRequiredDocuments(response.dossier().id(), award, origin);
    return Get(response.dossier().id(), Role::kSubmitter, origin).dossier();
  }

  tdkt::v1::GetDossierResponse Get(const std::string& id, Role role = Role::kSubmitter, const std::string& org = "U") {
    tdkt::v1::GetDossierRequest request;
    request.set_dossier_id(id);
    tdkt::v1::GetDossierResponse response;
    grpc::Status status = stub_->GetDossier(As(role, org).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  long long Count(const std::string& table, const std::string& where = "TRUE") {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1("SELECT count(*) FROM dossier." + table + " WHERE " + where)[0].as<long long>();
  }
  void Exec(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    work.exec(sql);
    work.commit();
  }
  std::string AllText(const std::string& table) {  // every row of a table as text, to look for leaks
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string all;
    for (const auto& row : work.exec("SELECT t::text FROM dossier." + table + " t")) all += row[0].c_str();
    return all;
  }

  // Small enough that an oversized upload test sends little.
  static constexpr int64_t kMaxDocumentBytes = int64_t{1} << 20;
  // The counts of open votes are stored sealed under it, as in production.

  int pool_size_ = 3;  // the handlers' connections; set in a derived constructor for more
  // Whether the history anchors get their own connection (as the same role: the test has one).
  bool separate_anchor_connection_ = false;
  // Whether the calendar watcher LISTENs on a connection of its own (else it only polls), and how often it polls:
  // by default rarely, so that only a test's own CatchUpCalendar() recomputes deadlines.
  bool calendar_listens_ = false;
  absl::Duration calendar_poll_interval_ = absl::Hours(1);
  // Non-empty: the outbox relay runs and publishes to this stream of the test Redis.
  std::string events_stream_;
  // The data folder the service loads its catalogue and calendar from (a test may give a changed copy).
  std::string data_dir_ = TDKT_SOURCE_DATA_DIR;
  // Non-empty: the campaign service the dossier service asks for plan targets (set by StartNeighbours).
  std::string campaign_address_;
  base::FakeClock clock_;
  auth::SigningKey key_;
  const std::string pii_key_ = common::PiiCipher::GenerateKeyText();  // the service's --pii-key
  InMemoryOrgDirectory directory_;
  std::string url_;
  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::PgPool> anchor_pool_;  // with separate_anchor_connection_
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<DossierServer> server_;
  std::unique_ptr<tdkt::v1::DossierService::Stub> stub_;
  testing::LogCapture log_;  // captures what the service logs while the fixture lives
  int request_counter_ = 0;
};

}  // namespace tdkt::dossier
