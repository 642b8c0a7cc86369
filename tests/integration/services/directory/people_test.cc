// People, role assignments and councils through the gRPC API: personal data encrypted at rest and redacted,
// roles dated, councils with one chair, and logs free of names and ID numbers.
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

constexpr char kIdNumber[] = "001190099999";
constexpr char kName[] = "Trịnh Thị Bích Ngọc";

class PeopleTest : public DirectoryServiceTest {
 protected:
  void SetUp() override {
    DirectoryServiceTest::SetUp();
    ASSERT_TRUE(ImportDemo().ok());
    province_ = Org("PT", D(2026, 1, 1)).id();
    kim_thuong_ = Org("PT-KIMTHUONG", D(2026, 1, 1)).id();
    dong_tan_ = Org("PT-DONGTAN", D(2026, 1, 1)).id();
    tdkt::v1::CreatePersonRequest request;
    request.set_request_id("p-1");
    request.mutable_person()->set_full_name(kName);
    request.mutable_person()->set_username("btn.kimthuong");
    request.mutable_person()->set_id_number(kIdNumber);
    request.mutable_person()->set_active(true);
    request.set_initial_password("mat-khau-rat-dai");
    tdkt::v1::CreatePersonResponse response;
    const grpc::Status status = stub_->CreatePerson(As("9;ADMIN@" + kim_thuong_).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    person_ = response.person();
    tdkt::v1::CreateRoleAssignmentRequest role;
    role.set_request_id("r-1");
    role.mutable_assignment()->set_person_id(person_.id());
    role.mutable_assignment()->set_org_id(Org("PT-KIMTHUONG-TH", D(2026, 1, 1)).id());
    role.mutable_assignment()->set_role(tdkt::v1::ROLE_SUBMITTER);
    *role.mutable_assignment()->mutable_valid_from() = D(2025, 9, 1);
    tdkt::v1::CreateRoleAssignmentResponse created;
    ASSERT_TRUE(stub_->CreateRoleAssignment(As("9;ADMIN@" + kim_thuong_).get(), role, &created).ok());
    role_ = created.assignment();
  }

  tdkt::v1::Person Get(const std::string& identity) {
    tdkt::v1::GetPersonRequest request;
    request.set_person_id(person_.id());
    tdkt::v1::GetPersonResponse response;
    EXPECT_TRUE(stub_->GetPerson(As(identity).get(), request, &response).ok());
    return response.person();
  }

  std::string province_, kim_thuong_, dong_tan_;
  tdkt::v1::Person person_;
  tdkt::v1::RoleAssignment role_;
};

TEST_F(PeopleTest, IdNumberIsEncryptedAtRestAndShownOnlyToAdminsAboveAndThePerson) {
  const std::string raw = Query1("SELECT encode(id_number_enc, 'escape') || encode(id_number_enc, 'hex') "
                                 "FROM directory.person WHERE id = " + person_.id());
  EXPECT_EQ(raw.find(kIdNumber), std::string::npos);
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.idempotency WHERE position('" + std::string(kIdNumber) +
                   "'::bytea IN response) > 0 OR position('" + kIdNumber + "'::bytea IN fingerprint) > 0"),
            "0");
  EXPECT_EQ(Query1("SELECT left(password_hash, 9) FROM directory.person WHERE id = " + person_.id()), "$argon2id");

  EXPECT_EQ(Get("9;ADMIN@" + province_).id_number(), kIdNumber);       // an ancestor's admin
  EXPECT_EQ(Get("9;ADMIN@" + kim_thuong_).id_number(), kIdNumber);     // the commune's admin
  EXPECT_EQ(Get(person_.id()).id_number(), kIdNumber);                 // the person
  const tdkt::v1::Person redacted = Get("9;ADMIN@" + dong_tan_);       // a sibling's admin
  EXPECT_TRUE(redacted.id_number().empty());
  EXPECT_TRUE(redacted.personal_data_redacted());
  EXPECT_EQ(redacted.full_name(), kName);
  EXPECT_TRUE(Get("9;DECIDER@" + province_).personal_data_redacted());
}

TEST_F(PeopleTest, CreatePersonReplayRedactsAsTheFirstCallDid) {
  tdkt::v1::CreatePersonRequest request;
  request.set_request_id("p-1");
  request.mutable_person()->set_full_name(kName);
  request.mutable_person()->set_username("btn.kimthuong");
  request.mutable_person()->set_id_number(kIdNumber);
  request.mutable_person()->set_active(true);
  request.set_initial_password("mat-khau-rat-dai");
  tdkt::v1::CreatePersonResponse response;
  ASSERT_TRUE(stub_->CreatePerson(As("9;ADMIN@" + kim_thuong_).get(), request, &response).ok());
  EXPECT_EQ(response.person().id(), person_.id());
  EXPECT_EQ(response.person().id_number(), kIdNumber);
  request.mutable_person()->set_username("other.name");
  EXPECT_EQ(stub_->CreatePerson(As("9;ADMIN@" + kim_thuong_).get(), request, &response).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PeopleTest, ListPeopleFindsByNameWithoutAccentsInTheSubtree) {
  tdkt::v1::ListPeopleRequest request;
  request.set_org_id(kim_thuong_);
  request.set_include_subtree(true);
  request.set_name_query("bich ngoc");
  tdkt::v1::ListPeopleResponse response;
  ASSERT_TRUE(stub_->ListPeople(As("9;ADMIN@" + dong_tan_).get(), request, &response).ok());
  ASSERT_EQ(response.people_size(), 1);
  EXPECT_EQ(response.people(0).id(), person_.id());
  EXPECT_TRUE(response.people(0).personal_data_redacted());
  request.set_include_subtree(false);
  ASSERT_TRUE(stub_->ListPeople(As("9;ADMIN@" + dong_tan_).get(), request, &response).ok());
  EXPECT_EQ(response.people_size(), 0);
}

TEST_F(PeopleTest, RoleAssignmentsAreDatedVersionedAndNeverCouncilRoles) {
  tdkt::v1::UpdateRoleAssignmentRequest end;
  end.set_request_id("r-2");
  end.set_assignment_id(role_.id());
  end.set_expected_version(role_.version());
  *end.mutable_valid_from() = D(2025, 9, 1);
  *end.mutable_valid_until() = D(2025, 12, 31);
  tdkt::v1::UpdateRoleAssignmentResponse ended;
  ASSERT_TRUE(stub_->UpdateRoleAssignment(As("9;ADMIN@" + province_).get(), end, &ended).ok());
  EXPECT_EQ(ended.assignment().version(), 2);
  end.set_request_id("r-3");
  EXPECT_EQ(stub_->UpdateRoleAssignment(As("9;ADMIN@" + province_).get(), end, &ended).error_code(),
            grpc::StatusCode::ABORTED);

  tdkt::v1::ListRoleAssignmentsRequest list;
  list.set_person_id(person_.id());
  *list.mutable_as_of() = D(2026, 1, 1);
  tdkt::v1::ListRoleAssignmentsResponse listed;
  ASSERT_TRUE(stub_->ListRoleAssignments(As("9").get(), list, &listed).ok());
  EXPECT_EQ(listed.assignments_size(), 0);
  list.clear_as_of();
  ASSERT_TRUE(stub_->ListRoleAssignments(As("9").get(), list, &listed).ok());
  EXPECT_EQ(listed.assignments_size(), 1);

  const long long before = Count("role_assignment");
  tdkt::v1::CreateRoleAssignmentRequest council_role;
  council_role.set_request_id("r-4");
  *council_role.mutable_assignment() = role_;
  council_role.mutable_assignment()->set_role(tdkt::v1::ROLE_COUNCIL_CHAIR);
  tdkt::v1::CreateRoleAssignmentResponse created;
  EXPECT_EQ(stub_->CreateRoleAssignment(As("9;ADMIN@" + province_).get(), council_role, &created).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  council_role.set_request_id("r-5");
  council_role.mutable_assignment()->set_role(static_cast<tdkt::v1::Role>(77));
  EXPECT_EQ(stub_->CreateRoleAssignment(As("9;ADMIN@" + province_).get(), council_role, &created).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  council_role.set_request_id("r-6");  // overlaps the first one (2025-09-01 … 2025-12-31)
  council_role.mutable_assignment()->set_role(tdkt::v1::ROLE_SUBMITTER);
  *council_role.mutable_assignment()->mutable_valid_from() = D(2025, 10, 1);
  EXPECT_EQ(stub_->CreateRoleAssignment(As("9;ADMIN@" + province_).get(), council_role, &created).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Count("role_assignment"), before);
}

TEST_F(PeopleTest, CouncilsHaveOneChairAndVersionedMemberLists) {
  tdkt::v1::ListCouncilsRequest list;
  list.set_org_id(dong_tan_);
  *list.mutable_as_of() = D(2026, 1, 1);
  tdkt::v1::ListCouncilsResponse councils;
  ASSERT_TRUE(stub_->ListCouncils(As("9").get(), list, &councils).ok());
  ASSERT_EQ(councils.councils_size(), 1);
  tdkt::v1::Council council = councils.councils(0);
  EXPECT_EQ(council.chair_person_id(), PersonId("ct.dongtan"));
  EXPECT_EQ(council.members_size(), 4);  // with Đồng Liên's former chairman after the merge

  tdkt::v1::UpdateCouncilRequest update;
  update.set_request_id("k-1");
  update.set_expected_version(council.version());
  *update.mutable_council() = council;
  tdkt::v1::CouncilMember* member = update.mutable_council()->add_members();
  member->set_person_id(person_.id());
  member->set_position(tdkt::v1::COUNCIL_POSITION_CHAIR);  // a second chair
  tdkt::v1::UpdateCouncilResponse updated;
  EXPECT_EQ(stub_->UpdateCouncil(As("9;ADMIN@" + dong_tan_).get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  member->set_position(tdkt::v1::COUNCIL_POSITION_MEMBER);
  member->set_voting(true);
  EXPECT_EQ(stub_->UpdateCouncil(As("9;ADMIN@" + kim_thuong_).get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->UpdateCouncil(As("9;ADMIN@" + dong_tan_).get(), update, &updated).ok());
  EXPECT_EQ(updated.council().members_size(), 5);
  EXPECT_EQ(updated.council().members(4).full_name(), kName);
  update.set_request_id("k-2");
  EXPECT_EQ(stub_->UpdateCouncil(As("9;ADMIN@" + dong_tan_).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(PeopleTest, NoNameOrIdNumberReachesTheLog) {
  // The fixture imported the demo (37 people with names and ID numbers) and created a person with a role;
  // read them back in every way, provoke errors, then read the captured log.
  Get("9;ADMIN@" + province_);
  tdkt::v1::ListPeopleRequest list;
  tdkt::v1::ListPeopleResponse listed;
  ASSERT_TRUE(stub_->ListPeople(As("1;ADMIN@*").get(), list, &listed).ok());
  ASSERT_GT(listed.people_size(), 30);
  tdkt::v1::CreatePersonRequest duplicate;
  duplicate.set_request_id("dup");
  duplicate.mutable_person()->set_full_name(kName);
  duplicate.mutable_person()->set_username("btn.kimthuong");  // unique violation
  duplicate.mutable_person()->set_id_number(kIdNumber);
  tdkt::v1::CreatePersonResponse ignored;
  EXPECT_EQ(stub_->CreatePerson(As("9;ADMIN@" + province_).get(), duplicate, &ignored).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  const std::string log = log_.str();
  EXPECT_NE(log.find("CreatePerson id=" + person_.id()), std::string::npos) << log;  // the log is captured
  int checked = 0;
  for (const tdkt::v1::Person& person : listed.people()) {
    EXPECT_EQ(log.find(person.full_name()), std::string::npos) << person.id();
    if (!person.id_number().empty()) {
      EXPECT_EQ(log.find(person.id_number()), std::string::npos) << person.id();
      ++checked;
    }
  }
  EXPECT_GT(checked, 30);
  EXPECT_EQ(log.find(kName), std::string::npos);
  EXPECT_EQ(log.find(kIdNumber), std::string::npos);
}

}  // namespace
}  // namespace tdkt::directory
