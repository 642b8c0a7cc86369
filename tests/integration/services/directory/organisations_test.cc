// Organisations in time through the gRPC API: the 2025 reform, merges, idempotency, versions, validation and
// the authorisation rules.
#include <algorithm>

#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

using tdkt::v1::Organization;

std::vector<std::string> Codes(const google::protobuf::RepeatedPtrField<Organization>& orgs) {
  std::vector<std::string> codes;
  for (const Organization& org : orgs) codes.push_back(org.code());
  return codes;
}

TEST_F(DirectoryServiceTest, MigrationsCreateTheTablesOnce) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE(common::ApplyMigrations(**lease, "directory", DirectoryMigrations()).ok());
  EXPECT_EQ(common::AppliedMigrations(**lease, "directory").size(), DirectoryMigrations().size());
  EXPECT_EQ(Count("organisation"), 0);
}

// Migration 003 keeps the idempotency rows written before it (services/directory/migrations): a retry of a
// request answered before the upgrade is refused, never applied a second time.
TEST_F(DirectoryServiceTest, ARequestAnsweredBeforeTheFingerprintMigrationIsNotAppliedTwice) {
  const std::string url = testing::NewDatabase();
  std::vector<common::Migration> before_003 = DirectoryMigrations();
  const auto m003 = std::find_if(before_003.begin(), before_003.end(), [](const common::Migration& migration) {
    return migration.name == "003_idempotency_fingerprint.sql";
  });
  ASSERT_NE(m003, before_003.end());
  before_003.erase(m003, before_003.end());
  {
    pqxx::connection connection(url);
    ASSERT_TRUE(common::ApplyMigrations(connection, "directory", before_003).ok());
    pqxx::work work(connection);
    work.exec("INSERT INTO directory.idempotency (request_id, method, request_hash, response) "
              "VALUES ('answered-before', 'CreateOrganization', '\\x0102'::bytea, ''::bytea)");
    work.commit();
  }
  auto pool = common::ConnectAndMigrate(url, 1, "directory", DirectoryMigrations());
  ASSERT_TRUE(pool.ok()) << pool.status();
  {
    pqxx::connection connection(url);
    pqxx::work work(connection);
    EXPECT_EQ(work.exec1("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                         "information_schema.columns WHERE table_schema = 'directory' AND table_name = 'idempotency'")[0]
                  .as<std::string>(),
              "request_id,fingerprint,response,created_at");
  }
  auto upgraded = DirectoryServer::Create({}, {.pool = pool->get(), .clock = &clock_, .cipher = cipher_.get()});
  ASSERT_TRUE(upgraded.ok()) << upgraded.status();
  ASSERT_TRUE((*upgraded)->Start().ok());
  auto stub = tdkt::v1::DirectoryService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*upgraded)->bound_port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization",
                      "Bearer " + (*upgraded)->signing_keys()->Issue(ParseTestIdentity("1;ADMIN@*"))->token);
  tdkt::v1::CreateOrganizationRequest retry;
  retry.set_request_id("answered-before");
  retry.mutable_organization()->set_code("PT");
  retry.mutable_organization()->set_name_vi("UBND tỉnh Phú Thọ");
  retry.mutable_organization()->set_level(tdkt::v1::ORG_LEVEL_PROVINCE);
  *retry.mutable_organization()->mutable_valid_from() = D(1997, 1, 1);
  tdkt::v1::CreateOrganizationResponse response;
  EXPECT_EQ(stub->CreateOrganization(&context, retry, &response).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  pqxx::connection connection(url);
  pqxx::work work(connection);
  EXPECT_EQ(work.exec1("SELECT count(*) FROM directory.organisation")[0].as<int>(), 0);
}

TEST_F(DirectoryServiceTest, SubtreeAndAncestorsFollowTheReform) {
  ASSERT_TRUE(ImportDemo().ok());
  const Organization province = Org("PT", D(2024, 5, 1));

  tdkt::v1::ListSubtreeOrganizationsRequest subtree;
  subtree.set_root_id(province.id());
  subtree.set_level(tdkt::v1::ORG_LEVEL_COMMUNE);
  *subtree.mutable_as_of() = D(2024, 5, 1);
  tdkt::v1::ListSubtreeOrganizationsResponse before;
  ASSERT_TRUE(stub_->ListSubtreeOrganizations(As("7").get(), subtree, &before).ok());
  EXPECT_EQ(Codes(before.organizations()),
            (std::vector<std::string>{"PT-KIMTHUONG", "PT-DONGLIEN", "PT-DONGTAN", "PT-THUCLUYEN"}));

  *subtree.mutable_as_of() = D(2025, 7, 1);
  tdkt::v1::ListSubtreeOrganizationsResponse after;
  ASSERT_TRUE(stub_->ListSubtreeOrganizations(As("7").get(), subtree, &after).ok());
  EXPECT_EQ(Codes(after.organizations()), (std::vector<std::string>{"PT-DONGTAN", "PT-KIMTHUONG", "PT-THUCLUYEN"}));

  subtree.set_level(tdkt::v1::ORG_LEVEL_UNSPECIFIED);
  *subtree.mutable_as_of() = D(2024, 5, 1);
  tdkt::v1::ListSubtreeOrganizationsResponse all_before;
  ASSERT_TRUE(stub_->ListSubtreeOrganizations(As("7").get(), subtree, &all_before).ok());
  EXPECT_EQ(all_before.organizations_size(), 1 + 2 + 4 + 12);
  EXPECT_EQ(all_before.organizations(0).code(), "PT");

  tdkt::v1::ListAncestorOrganizationsRequest ancestors;
  ancestors.set_org_id(Org("PT-DONGLIEN-MN", D(2024, 5, 1)).id());
  *ancestors.mutable_as_of() = D(2024, 5, 1);
  tdkt::v1::ListAncestorOrganizationsResponse chain_before;
  ASSERT_TRUE(stub_->ListAncestorOrganizations(As("7").get(), ancestors, &chain_before).ok());
  EXPECT_EQ(Codes(chain_before.organizations()),
            (std::vector<std::string>{"PT-DONGLIEN", "PT-THANHSON", "PT"}));

  ancestors.set_org_id(Org("PT-DONGLIEN-MN", D(2025, 7, 1)).id());
  *ancestors.mutable_as_of() = D(2025, 7, 1);
  tdkt::v1::ListAncestorOrganizationsResponse chain_after;
  ASSERT_TRUE(stub_->ListAncestorOrganizations(As("7").get(), ancestors, &chain_after).ok());
  EXPECT_EQ(Codes(chain_after.organizations()), (std::vector<std::string>{"PT-DONGTAN", "PT"}));

  tdkt::v1::ListChildOrganizationsRequest children;
  children.set_parent_id(province.id());
  *children.mutable_as_of() = D(2024, 5, 1);
  children.mutable_page()->set_page_size(1);
  tdkt::v1::ListChildOrganizationsResponse page1, page2;
  ASSERT_TRUE(stub_->ListChildOrganizations(As("7").get(), children, &page1).ok());
  EXPECT_EQ(Codes(page1.organizations()), (std::vector<std::string>{"PT-TANSON"}));
  ASSERT_FALSE(page1.page().next_page_token().empty());
  children.mutable_page()->set_page_token(page1.page().next_page_token());
  ASSERT_TRUE(stub_->ListChildOrganizations(As("7").get(), children, &page2).ok());
  EXPECT_EQ(Codes(page2.organizations()), (std::vector<std::string>{"PT-THANHSON"}));
  EXPECT_TRUE(page2.page().next_page_token().empty());
  *children.mutable_as_of() = D(2025, 7, 1);  // another filter: the token is refused
  EXPECT_EQ(stub_->ListChildOrganizations(As("7").get(), children, &page2).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DirectoryServiceTest, MergedCommuneNamesItsSuccessorAndIsGoneAfterTheReform) {
  ASSERT_TRUE(ImportDemo().ok());
  const Organization dong_lien = Org("PT-DONGLIEN", D(2025, 6, 30));
  const Organization dong_tan_new = Org("PT-DONGTAN", D(2025, 7, 1));
  EXPECT_EQ(dong_lien.successor_id(), dong_tan_new.id());
  EXPECT_EQ(Org("PT-DONGTAN", D(2025, 6, 30)).successor_id(), dong_tan_new.id());
  EXPECT_EQ(dong_tan_new.parent_id(), Org("PT", D(2025, 7, 1)).id());

  tdkt::v1::GetOrganizationRequest request;
  request.set_code("PT-DONGLIEN");
  *request.mutable_as_of() = D(2025, 7, 1);
  tdkt::v1::GetOrganizationResponse response;
  EXPECT_EQ(stub_->GetOrganization(As("7").get(), request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

class OrganisationWrites : public DirectoryServiceTest {
 protected:
  Organization Commune(const std::string& code, const std::string& parent_id) {
    Organization org;
    org.set_code(code);
    org.set_name_vi("UBND xã Thử Nghiệm");
    org.set_level(tdkt::v1::ORG_LEVEL_COMMUNE);
    org.set_parent_id(parent_id);
    *org.mutable_valid_from() = D(2025, 7, 1);
    return org;
  }
  grpc::Status Create(const std::string& identity, const std::string& request_id, const Organization& org,
                      tdkt::v1::CreateOrganizationResponse* response) {
    tdkt::v1::CreateOrganizationRequest request;
    request.set_request_id(request_id);
    *request.mutable_organization() = org;
    return stub_->CreateOrganization(As(identity).get(), request, response);
  }
};

TEST_F(OrganisationWrites, RepeatReturnsTheFirstResponseAndReusedIdWithAnotherBodyIsRefused) {
  ASSERT_TRUE(ImportDemo().ok());
  const std::string province = Org("PT", D(2026, 1, 1)).id();
  const long long before = Count("organisation");
  tdkt::v1::CreateOrganizationResponse first, again, other;
  ASSERT_TRUE(Create("9;ADMIN@" + province, "req-1", Commune("PT-NEW", province), &first).ok());
  ASSERT_TRUE(Create("9;ADMIN@" + province, "req-1", Commune("PT-NEW", province), &again).ok());
  EXPECT_EQ(again.organization().id(), first.organization().id());
  EXPECT_EQ(again.organization().created_at().seconds(), first.organization().created_at().seconds());
  EXPECT_EQ(Create("9;ADMIN@" + province, "req-1", Commune("PT-OTHER", province), &other).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Count("organisation"), before + 1);
}

TEST_F(OrganisationWrites, StaleVersionIsAborted) {
  ASSERT_TRUE(ImportDemo().ok());
  const std::string province = Org("PT", D(2026, 1, 1)).id();
  tdkt::v1::CreateOrganizationResponse created;
  ASSERT_TRUE(Create("9;ADMIN@" + province, "c-1", Commune("PT-V", province), &created).ok());
  tdkt::v1::UpdateOrganizationRequest update;
  update.set_request_id("u-1");
  update.set_expected_version(1);
  *update.mutable_organization() = created.organization();
  update.mutable_organization()->set_name_vi("UBND xã Thử Nghiệm Mới");
  tdkt::v1::UpdateOrganizationResponse updated;
  ASSERT_TRUE(stub_->UpdateOrganization(As("9;ADMIN@" + province).get(), update, &updated).ok());
  EXPECT_EQ(updated.organization().version(), 2);
  update.set_request_id("u-2");
  update.mutable_organization()->set_name_vi("UBND xã Khác");
  EXPECT_EQ(stub_->UpdateOrganization(As("9;ADMIN@" + province).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Query1("SELECT name FROM directory.organisation WHERE code = 'PT-V'"), "UBND xã Thử Nghiệm Mới");
}

TEST_F(OrganisationWrites, AdminsMutateTheirSubtreeOnly) {
  ASSERT_TRUE(ImportDemo().ok());
  const std::string province = Org("PT", D(2026, 1, 1)).id();
  const std::string dong_tan = Org("PT-DONGTAN", D(2026, 1, 1)).id();
  const Organization kim_thuong = Org("PT-KIMTHUONG", D(2026, 1, 1));

  auto rename = [&](const std::string& identity, const std::string& request_id) {
    tdkt::v1::UpdateOrganizationRequest update;
    update.set_request_id(request_id);
    update.set_expected_version(kim_thuong.version());
    *update.mutable_organization() = kim_thuong;
    update.mutable_organization()->set_short_name_vi("Kim Thượng");
    tdkt::v1::UpdateOrganizationResponse response;
    return stub_->UpdateOrganization(As(identity).get(), update, &response).error_code();
  };
  EXPECT_EQ(rename("", "a-0"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(rename("9;SUBMITTER@" + kim_thuong.id(), "a-1"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(rename("9;ADMIN@" + dong_tan, "a-2"), grpc::StatusCode::PERMISSION_DENIED);  // a sibling
  EXPECT_EQ(rename("9;ADMIN@" + province, "a-3"), grpc::StatusCode::OK);

  tdkt::v1::CreateOrganizationResponse created;
  EXPECT_EQ(Create("9;ADMIN@" + dong_tan, "a-4", Commune("PT-ROOT", ""), &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // a root needs the system administrator
}

TEST_F(OrganisationWrites, BadInputIsInvalidArgumentAndChangesNothing) {
  ASSERT_TRUE(ImportDemo().ok());
  const std::string province = Org("PT", D(2026, 1, 1)).id();
  const std::string admin = "9;ADMIN@" + province;
  const long long before = Count("organisation");
  tdkt::v1::CreateOrganizationResponse response;
  Organization org = Commune("PT-BAD", province);
  // Invalid UTF-8 in a proto3 string never reaches the handler: the protobuf runtime refuses to parse the
  // request (gRPC reports INTERNAL). CheckText still guards the CSV path, where bytes arrive (import_test.cc).
  org.set_name_vi("UBND x\xC3\x28");
  EXPECT_NE(Create(admin, "b-1", org, &response).error_code(), grpc::StatusCode::OK);
  org.set_name_vi(std::string(301, 'a'));
  EXPECT_EQ(Create(admin, "b-2", org, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  org.set_name_vi("UBND xa\xCC\x83 Thử");  // "ã" decomposed: not NFC
  EXPECT_EQ(Create(admin, "b-3", org, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  org = Commune("PT-BAD", province);
  org.set_level(static_cast<tdkt::v1::OrgLevel>(42));
  EXPECT_EQ(Create(admin, "b-4", org, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  org = Commune("PT-BAD", province);
  org.set_level(tdkt::v1::ORG_LEVEL_PROVINCE);  // not below its parent
  EXPECT_EQ(Create(admin, "b-5", org, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  org = Commune("PT-DONGTAN", province);  // the code is taken for an overlapping period
  EXPECT_EQ(Create(admin, "b-6", org, &response).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Create(admin, "", Commune("PT-OK", province), &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // no request_id
  EXPECT_EQ(Count("organisation"), before);
  EXPECT_EQ(Count("idempotency"), 1);  // the demo import only
}

}  // namespace
}  // namespace tdkt::directory
