// ImportDirectoryCsv: the demo loads, a bad line imports nothing and is named, quoting, dry runs.
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

constexpr char kOrgHeader[] = "code,name_vi,level,parent_code,valid_from,valid_until,successor_code\n";

TEST_F(DirectoryServiceTest, DemoImportsAndAReplayChangesNothing) {
  ASSERT_TRUE(ImportDemo().ok());
  EXPECT_EQ(Count("organisation"), 34);
  EXPECT_EQ(Count("person"), 37);
  EXPECT_GT(Count("role_assignment"), 40);
  EXPECT_EQ(Count("council"), 10);
  EXPECT_TRUE(ImportDemo().ok());  // same request_id: the stored response
  EXPECT_EQ(Count("organisation"), 34);
}

TEST_F(DirectoryServiceTest, OneBadLineImportsNothingAndIsNamed) {
  const std::string people = std::string("username,full_name,id_number,email,phone\n") +
                             "a.one,\"Nguyễn Văn A, con\",,,\n"  // a quoted comma
                             "b.two,Trần Thị B,12345,,\n"         // line 3: not an ID number
                             "c.three,Lê Văn C,,,\n";
  const std::string orgs = std::string(kOrgHeader) + "PT,UBND tỉnh Phú Thọ,PROVINCE,,1997-01-01,,\n";
  tdkt::v1::ImportDirectoryCsvResponse response;
  const grpc::Status status = Import("1;ADMIN@*",
                                     {{tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS, orgs},
                                      {tdkt::v1::CSV_FILE_KIND_PEOPLE, people}},
                                     "bad-1", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find(":3: số định danh cá nhân (id_number)"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(Count("organisation"), 0);
  EXPECT_EQ(Count("person"), 0);
  EXPECT_EQ(Count("idempotency"), 0);

  tdkt::v1::RpcStatus details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  tdkt::v1::CsvImportFailure failure;
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  ASSERT_EQ(failure.errors_size(), 1);
  EXPECT_EQ(failure.errors(0).line(), 3);

  const std::string fixed = std::string("username,full_name,id_number,email,phone\n") +
                            "a.one,\"Nguyễn Văn A, con\",,,\n";
  ASSERT_TRUE(Import("1;ADMIN@*", {{tdkt::v1::CSV_FILE_KIND_PEOPLE, fixed}}, "good-1", &response).ok());
  EXPECT_EQ(Query1("SELECT full_name FROM directory.person"), "Nguyễn Văn A, con");
}

TEST_F(DirectoryServiceTest, ErrorsNameFileAndLineForEveryKind) {
  const std::string orgs = std::string(kOrgHeader) +
                           "PT,UBND tỉnh Phú Thọ,PROVINCE,,1997-01-01,,\n"
                           "PT-X,UBND xã X,VILLAGE,PT,2025-07-01,,\n"        // line 3: unknown level
                           "PT-Y,UBND xã Y,COMMUNE,PT-NONE,2025-07-01,,\n";  // line 4: unknown parent
  tdkt::v1::ImportDirectoryCsvResponse response;
  tdkt::v1::ImportDirectoryCsvRequest request;
  request.set_request_id("bad-2");
  auto* file = request.add_files();
  file->set_kind(tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS);
  file->set_file_name("don_vi.csv");
  file->set_content(orgs);
  const grpc::Status status = stub_->ImportDirectoryCsv(As("1;ADMIN@*").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("don_vi.csv:3: cấp (level)"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("don_vi.csv:4: mã đơn vị cấp trên (parent_code)"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(Count("organisation"), 0);

  file->set_content(std::string(kOrgHeader) + "PT,\"UBND tỉnh\xC3\x28\",PROVINCE,,1997-01-01,,\n");
  request.set_request_id("bad-3");
  EXPECT_EQ(stub_->ImportDirectoryCsv(As("1;ADMIN@*").get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_request_id("bad-4");
  file->set_kind(static_cast<tdkt::v1::CsvFileKind>(9));
  EXPECT_EQ(stub_->ImportDirectoryCsv(As("1;ADMIN@*").get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("organisation"), 0);
}

TEST_F(DirectoryServiceTest, DryRunValidatesAndWritesNothing) {
  const std::string dir = std::string(TDKT_SOURCE_DIR) + "/data/demo/";
  tdkt::v1::ImportDirectoryCsvResponse response;
  ASSERT_TRUE(Import("1;ADMIN@*", {{tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS, dir + "organizations.csv"}}, "dry",
                     &response, /*dry_run=*/true)
                  .ok());
  EXPECT_TRUE(response.dry_run());
  EXPECT_EQ(response.organizations_created(), 34);
  EXPECT_EQ(Count("organisation"), 0);
}

TEST_F(DirectoryServiceTest, ImportNeedsTheSystemAdministrator) {
  tdkt::v1::ImportDirectoryCsvResponse response;
  const std::string orgs = std::string(kOrgHeader) + "PT,UBND tỉnh Phú Thọ,PROVINCE,,1997-01-01,,\n";
  EXPECT_EQ(Import("", {{tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS, orgs}}, "x", &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Import("5;ADMIN@1", {{tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS, orgs}}, "x", &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("organisation"), 0);
}

}  // namespace
}  // namespace tdkt::directory
