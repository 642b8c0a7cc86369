// Who may change a person (UpdatePerson) and who may set another person's password, on the demo directory
// (data/demo): an administrator reaches a person only when every grant the person holds (today or later) lies
// inside the administrator's subtree; a password reset is its own audited action. And who reads which
// personal data: the notifier sees e-mail addresses, nothing more, and nobody else gains that.
#include "services/directory/password_hash.h"
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

using grpc::StatusCode;

constexpr char kPassword[] = "hoa-sen-no-trong-dam-2026";
constexpr char kTakeover[] = "chiem-quyen-tinh-2026";

class PeopleAdministrationTest : public DirectoryServiceTest {
 protected:
  void SetUp() override {
    DirectoryServiceTest::SetUp();
    ASSERT_TRUE(ImportDemo().ok());
    Secret(kPassword);
    Secret(kTakeover);
    today_ = D(2026, 3, 2);
    province_ = Org("PT", today_).id();
    dong_tan_ = Org("PT-DONGTAN", today_).id();
    dong_tan_school_ = Org("PT-DONGTAN-THDT", today_).id();
    kim_thuong_ = Org("PT-KIMTHUONG", today_).id();
  }

  void SetPassword(const std::string& username, const std::string& password) {
    Secret(password);
    auto hash = HashPassword(password);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(stores_->db.InTransaction([&](Tx& tx) {
                  return stores_->auth.SetPasswordHash(tx, PersonId(username), *hash);
                }).ok());
  }

  grpc::Status Login(const std::string& username, const std::string& password, tdkt::v1::LoginResponse* response) {
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    grpc::ClientContext context;
    const grpc::Status status = stub_->Login(&context, request, response);
    if (status.ok()) {
      Secret(response->access_token());
      Secret(response->refresh_token());
    }
    return status;
  }
  // A real login of a demo user: the token the directory itself issues, with today's grants.
  std::string TokenOf(const std::string& username) {
    SetPassword(username, kPassword);
    tdkt::v1::LoginResponse response;
    const grpc::Status status = Login(username, kPassword, &response);
    EXPECT_TRUE(status.ok()) << username << ": " << status.error_message();
    return response.access_token();
  }

  // A token the fixture mints for "<person id>;<ROLE>@<org id>,…" (directory_fixture.h).
  std::string Token(const std::string& identity) {
    auto token = keys_->Issue(ParseTestIdentity(identity));
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? token->token : "";
  }

  tdkt::v1::Person Read(const std::string& person_id) {
    tdkt::v1::GetPersonRequest request;
    request.set_person_id(person_id);
    tdkt::v1::GetPersonResponse response;
    EXPECT_TRUE(stub_->GetPerson(As("1;ADMIN@*").get(), request, &response).ok());
    return response.person();
  }

  // UpdatePerson as the bearer of `token` with the person's current record changed by `change`.
  grpc::Status Update(const std::string& token, const std::string& person_id,
                      const std::function<void(tdkt::v1::Person&)>& change, tdkt::v1::UpdatePersonResponse* response,
                      const std::string& new_password = "") {
    tdkt::v1::UpdatePersonRequest request;
    request.set_request_id("update-" + std::to_string(++requests_));
    *request.mutable_person() = Read(person_id);
    request.set_expected_version(request.person().version());
    request.mutable_person()->clear_personal_data_redacted();
    change(*request.mutable_person());
    request.set_new_password(new_password);
    return stub_->UpdatePerson(WithToken(token).get(), request, response);
  }
  grpc::Status Update(const std::string& token, const std::string& person_id,
                      const std::function<void(tdkt::v1::Person&)>& change) {
    tdkt::v1::UpdatePersonResponse ignored;
    return Update(token, person_id, change, &ignored);
  }

  grpc::Status SetPersonPassword(const std::string& token, const std::string& person_id, const std::string& password,
                                 const std::string& request_id = "") {
    Secret(password);
    tdkt::v1::SetPersonPasswordRequest request;
    request.set_request_id(request_id.empty() ? "password-" + std::to_string(++requests_) : request_id);
    request.set_person_id(person_id);
    request.set_new_password(password);
    tdkt::v1::SetPersonPasswordResponse response;
    return stub_->SetPersonPassword(WithToken(token).get(), request, &response);
  }

  grpc::Status Assign(const std::string& token, const std::string& person_id, const std::string& org_id,
                      tdkt::v1::Role role, const tdkt::v1::Date& from) {
    tdkt::v1::CreateRoleAssignmentRequest request;
    request.set_request_id("assign-" + std::to_string(++requests_));
    request.mutable_assignment()->set_person_id(person_id);
    request.mutable_assignment()->set_org_id(org_id);
    request.mutable_assignment()->set_role(role);
    *request.mutable_assignment()->mutable_valid_from() = from;
    tdkt::v1::CreateRoleAssignmentResponse response;
    return stub_->CreateRoleAssignment(WithToken(token).get(), request, &response);
  }

  tdkt::v1::Date today_;
  std::string province_, dong_tan_, dong_tan_school_, kim_thuong_;
  int requests_ = 0;
};

// The attack found from outside: ADMIN@PT-DONGTAN gives the province administrator (qt.tinh, ADMIN@PT) a
// SUBMITTER role at a school of the commune, then resets his password or deactivates him. Both are refused:
// qt.tinh holds a grant outside the commune. The role itself may be given; it grants nothing over qt.tinh.
TEST_F(PeopleAdministrationTest, ACommuneAdminCannotTakeOverOrLockOutAProvinceAdminThroughARoleInTheCommune) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string victim = PersonId("qt.tinh");
  SetPassword("qt.tinh", kPassword);
  ASSERT_TRUE(Assign(commune_admin, victim, dong_tan_school_, tdkt::v1::ROLE_SUBMITTER, D(2026, 1, 1)).ok());
  const int64_t version = Read(victim).version();

  tdkt::v1::UpdatePersonResponse updated;
  const grpc::Status reset = Update(commune_admin, victim, [](tdkt::v1::Person&) {}, &updated, kTakeover);
  EXPECT_EQ(reset.error_code(), StatusCode::INVALID_ARGUMENT);  // UpdatePerson sets no password at all
  EXPECT_NE(reset.error_message().find("SetPersonPassword"), std::string::npos) << reset.error_message();
  const grpc::Status set = SetPersonPassword(commune_admin, victim, kTakeover);
  EXPECT_EQ(set.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_NE(set.error_message().find("outside your organisations"), std::string::npos) << set.error_message();
  EXPECT_EQ(Update(commune_admin, victim, [](tdkt::v1::Person& p) { p.set_active(false); }).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Update(commune_admin, victim, [](tdkt::v1::Person& p) { p.set_full_name("Kẻ Mạo Danh"); }).error_code(),
            StatusCode::PERMISSION_DENIED);

  // Nothing changed: the old password still works, the new one does not, the grants are the province's.
  EXPECT_EQ(Read(victim).version(), version);
  EXPECT_TRUE(Read(victim).active());
  tdkt::v1::LoginResponse login;
  EXPECT_EQ(Login("qt.tinh", kTakeover, &login).error_code(), StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(Login("qt.tinh", kPassword, &login).ok());
  bool province_admin = false;
  for (const tdkt::v1::RoleGrant& grant : login.grants()) {
    province_admin |= grant.role() == tdkt::v1::ROLE_ADMIN && grant.org_id() == province_;
  }
  EXPECT_TRUE(province_admin);
  EXPECT_EQ(Count("audit_event"), 0);
}

// The legitimate case: the commune's administrator resets the password of a school officer of the commune
// (every grant inside the commune; the one before the 2025 reform has ended). It works, ends the officer's
// sessions, and the audit trail says who did it for whom and when — never the password.
TEST_F(PeopleAdministrationTest, ACommuneAdminResetsACommuneOfficersPasswordAndTheResetIsAudited) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string officer = PersonId("vt.dongtan.thdt");
  const std::string old_session = [&] {
    TokenOf("vt.dongtan.thdt");
    tdkt::v1::LoginResponse login;
    EXPECT_TRUE(Login("vt.dongtan.thdt", kPassword, &login).ok());
    return login.refresh_token();
  }();
  const std::string fresh = "mat-khau-moi-cua-truong-2026";
  ASSERT_TRUE(SetPersonPassword(commune_admin, officer, fresh, "reset-1").ok());
  ASSERT_TRUE(SetPersonPassword(commune_admin, officer, fresh, "reset-1").ok());  // a retry: no second effect

  tdkt::v1::LoginResponse login;
  EXPECT_EQ(Login("vt.dongtan.thdt", kPassword, &login).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Login("vt.dongtan.thdt", fresh, &login).ok());
  tdkt::v1::RefreshRequest refresh;
  refresh.set_refresh_token(old_session);
  tdkt::v1::RefreshResponse refreshed;
  grpc::ClientContext context;
  EXPECT_EQ(stub_->Refresh(&context, refresh, &refreshed).error_code(), StatusCode::UNAUTHENTICATED);

  EXPECT_EQ(Count("audit_event"), 1);
  EXPECT_EQ(Query1("SELECT concat_ws('|', actor_person_id, subject_person_id, action, request_id, "
                   "occurred_at = '2026-03-02 01:00:00+00') FROM directory.audit_event"),
            PersonId("qt.dongtan") + "|" + officer + "|password_set|reset-1|t");
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.audit_event a WHERE position('" + fresh +
                   "' IN a::text) > 0"),
            "0");
  EXPECT_NE(log_.str().find("SetPersonPassword for person " + officer + " by person " + PersonId("qt.dongtan")),
            std::string::npos);
}

// SetPersonPassword refuses: oneself (ChangePassword asks for the current password), a person without any grant
// (nobody's yet: only the system administrator), a short password for a service account, a non-administrator.
TEST_F(PeopleAdministrationTest, SetPersonPasswordRefusesOneselfTheUnattachedAndShortServicePasswords) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  EXPECT_EQ(SetPersonPassword(commune_admin, PersonId("qt.dongtan"), "mat-khau-cua-chinh-minh").error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SetPersonPassword(Token(PersonId("vp.dongtan") + ";APPRAISER@" + dong_tan_), PersonId("vt.dongtan.thdt"),
                              "mat-khau-cua-nguoi-khac")
                .error_code(),
            StatusCode::PERMISSION_DENIED);

  tdkt::v1::CreatePersonRequest create;
  create.set_request_id("unattached");
  create.mutable_person()->set_full_name("Người Chưa Có Vai Trò");
  create.mutable_person()->set_username("chua.co.vai.tro");
  create.mutable_person()->set_active(true);
  tdkt::v1::CreatePersonResponse created;
  ASSERT_TRUE(stub_->CreatePerson(WithToken(commune_admin).get(), create, &created).ok());
  const std::string unattached = created.person().id();
  EXPECT_EQ(SetPersonPassword(commune_admin, unattached, "mat-khau-nguoi-moi-2026").error_code(),
            StatusCode::PERMISSION_DENIED);
  // Yet any administrator may change the record of a person without grants, and the system administrator
  // sets their password.
  EXPECT_TRUE(Update(commune_admin, unattached, [](tdkt::v1::Person& p) { p.set_full_name("Người Mới"); }).ok());
  EXPECT_TRUE(SetPersonPassword(Token("1;ADMIN@*"), unattached, "mat-khau-nguoi-moi-2026").ok());

  create.set_request_id("service");
  create.mutable_person()->set_username("svc-dossier");
  create.mutable_person()->set_service_account(true);
  ASSERT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), create, &created).ok());
  EXPECT_EQ(SetPersonPassword(Token("1;ADMIN@*"), created.person().id(), "ngan-hon-20-ky-tu").error_code(),
            StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(SetPersonPassword(Token("1;ADMIN@*"), created.person().id(), "dai-hon-hai-muoi-ky-tu-ngau-nhien").ok());
  EXPECT_EQ(Count("audit_event"), 2);
}

// UpdatePerson itself: versioned, idempotent by request id, and a stale version changes nothing.
TEST_F(PeopleAdministrationTest, UpdatePersonIsVersionedAndIdempotent) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string officer = PersonId("vt.dongtan.tyt");
  const tdkt::v1::Person before = Read(officer);
  tdkt::v1::UpdatePersonRequest request;
  request.set_request_id("rename-tyt");
  *request.mutable_person() = before;
  request.set_expected_version(before.version());
  request.mutable_person()->set_full_name("Nguyễn Thị Trạm Y Tế");
  request.mutable_person()->set_email("tram.y.te@demo.tdkt.invalid");
  tdkt::v1::UpdatePersonResponse response;
  ASSERT_TRUE(stub_->UpdatePerson(WithToken(commune_admin).get(), request, &response).ok());
  EXPECT_EQ(response.person().version(), before.version() + 1);
  EXPECT_EQ(response.person().email(), "tram.y.te@demo.tdkt.invalid");  // the commune's admin sees it
  ASSERT_TRUE(stub_->UpdatePerson(WithToken(commune_admin).get(), request, &response).ok());  // a retry
  EXPECT_EQ(Read(officer).version(), before.version() + 1);
  request.set_request_id("rename-tyt-again");
  EXPECT_EQ(stub_->UpdatePerson(WithToken(commune_admin).get(), request, &response).error_code(),
            StatusCode::ABORTED);
  EXPECT_EQ(Read(officer).full_name(), "Nguyễn Thị Trạm Y Tế");
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.person WHERE id = " + officer +
                   " AND position('tram.y.te'::bytea IN email_enc) = 0"),
            "1");  // encrypted at rest
}

// Council seats are grants too: uv.tinh sits on the province council (no role assignment at all).
TEST_F(PeopleAdministrationTest, ACouncilSeatOutsideTheSubtreeProtectsThePerson) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string member = PersonId("uv.tinh");
  ASSERT_TRUE(Assign(commune_admin, member, dong_tan_school_, tdkt::v1::ROLE_SUBMITTER, D(2026, 1, 1)).ok());
  EXPECT_EQ(Update(commune_admin, member, [](tdkt::v1::Person& p) { p.set_active(false); }).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Read(member).active());
}

// A grant that starts later counts (it will be held), one that ended does not: vt.dongtan.thdt also held a
// role at the school of the former commune (before the 2025 reform, under the former district).
TEST_F(PeopleAdministrationTest, FutureGrantsCountAndEndedOnesDoNot) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string officer = PersonId("vt.dongtan.thdt");
  ASSERT_TRUE(Update(commune_admin, officer, [](tdkt::v1::Person& p) { p.set_full_name("Vũ Thị Đồng Tân"); }).ok());
  ASSERT_TRUE(Assign(TokenOf("qt.tinh"), officer, province_, tdkt::v1::ROLE_APPRAISER, D(2027, 1, 1)).ok());
  EXPECT_EQ(Update(commune_admin, officer, [](tdkt::v1::Person& p) { p.set_full_name("Vũ Thị Tân"); }).error_code(),
            StatusCode::PERMISSION_DENIED);
  // The province's administrator reaches both grants.
  EXPECT_TRUE(Update(TokenOf("qt.tinh"), officer, [](tdkt::v1::Person& p) { p.set_full_name("Vũ Thị Tân"); }).ok());
}

// Service accounts, their roles and the flag that makes one (its tokens name a service that other services
// trust, e.g. the scheduler) are the system administrator's alone.
TEST_F(PeopleAdministrationTest, OnlyTheSystemAdministratorMakesOrChangesServiceAccounts) {
  const std::string commune_admin = TokenOf("qt.dongtan");
  const std::string officer = PersonId("vt.dongtan.thdt");
  EXPECT_EQ(Update(commune_admin, officer, [](tdkt::v1::Person& p) { p.set_service_account(true); }).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(Read(officer).service_account());

  tdkt::v1::CreatePersonRequest create;
  create.set_request_id("svc-by-commune");
  create.mutable_person()->set_full_name("Dịch vụ lập lịch");
  create.mutable_person()->set_username("scheduler");
  create.mutable_person()->set_active(true);
  create.mutable_person()->set_service_account(true);
  create.set_initial_password("mat-khau-dich-vu-gia-mao-0123456789");
  Secret(create.initial_password());
  tdkt::v1::CreatePersonResponse created;
  EXPECT_EQ(stub_->CreatePerson(WithToken(commune_admin).get(), create, &created).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.person WHERE username = 'scheduler'"), "0");

  // A service account holds no grant: still only the system administrator may change it.
  create.set_request_id("svc-by-system");
  create.mutable_person()->set_username("svc-dossier");
  ASSERT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), create, &created).ok());
  EXPECT_EQ(Update(commune_admin, created.person().id(), [](tdkt::v1::Person& p) { p.set_active(false); }).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Update(TokenOf("qt.tinh"), created.person().id(), [](tdkt::v1::Person& p) { p.set_active(false); })
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Update(Token("1;ADMIN@*"), created.person().id(), [](tdkt::v1::Person& p) { p.set_active(false); }).ok());
  // Nor does a role of a service account (what the service may do) belong to anyone else.
  EXPECT_EQ(Assign(commune_admin, created.person().id(), dong_tan_school_, tdkt::v1::ROLE_SUBMITTER, D(2026, 1, 1))
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      Assign(Token("1;ADMIN@*"), created.person().id(), dong_tan_school_, tdkt::v1::ROLE_SUBMITTER, D(2026, 1, 1)).ok());
}

// The notifier (service account "notifier", token claim svc = "notifier") reads role assignments, councils
// and e-mail addresses — never ID numbers or phones. The dossier's service account and an appraiser of
// another organisation see no personal data.
TEST_F(PeopleAdministrationTest, TheNotifierReadsEmailAddressesAndNothingElsePersonal) {
  const std::string id_number = Secret("025190054321");
  tdkt::v1::CreatePersonRequest create;
  create.set_request_id("notified-person");
  create.mutable_person()->set_full_name("Đinh Thị Nhận");
  create.mutable_person()->set_username("dtn.dongtan");
  create.mutable_person()->set_id_number(id_number);
  create.mutable_person()->set_email("dtn.dongtan@demo.tdkt.invalid");
  create.mutable_person()->set_phone("0912 345 678");
  create.mutable_person()->set_active(true);
  tdkt::v1::CreatePersonResponse created;
  ASSERT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), create, &created).ok());
  const std::string person = created.person().id();
  ASSERT_TRUE(Assign(TokenOf("qt.dongtan"), person, dong_tan_school_, tdkt::v1::ROLE_SUBMITTER, D(2026, 1, 1)).ok());

  auto service_token = [&](const std::string& username) {
    tdkt::v1::CreatePersonRequest account;
    account.set_request_id("account-" + username);
    account.mutable_person()->set_full_name("Dịch vụ " + username);
    account.mutable_person()->set_username(username);
    account.mutable_person()->set_active(true);
    account.mutable_person()->set_service_account(true);
    tdkt::v1::CreatePersonResponse made;
    EXPECT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), account, &made).ok());
    auto token = keys_->Issue({made.person().id(), {}, username});
    EXPECT_TRUE(token.ok());
    return token->token;
  };
  const std::string notifier = service_token("notifier");
  const std::string dossier = service_token("svc-dossier");
  const std::string stranger = Token("77;APPRAISER@" + kim_thuong_);

  auto get = [&](const std::string& token) {
    tdkt::v1::GetPersonRequest request;
    request.set_person_id(person);
    tdkt::v1::GetPersonResponse response;
    EXPECT_TRUE(stub_->GetPerson(WithToken(token).get(), request, &response).ok());
    return response.person();
  };
  const tdkt::v1::Person seen_by_notifier = get(notifier);
  EXPECT_EQ(seen_by_notifier.email(), "dtn.dongtan@demo.tdkt.invalid");
  EXPECT_EQ(seen_by_notifier.id_number(), "");
  EXPECT_EQ(seen_by_notifier.phone(), "");
  EXPECT_TRUE(seen_by_notifier.personal_data_redacted());
  for (const std::string& token : {dossier, stranger}) {
    const tdkt::v1::Person seen = get(token);
    EXPECT_EQ(seen.email(), "");
    EXPECT_EQ(seen.id_number(), "");
    EXPECT_EQ(seen.phone(), "");
    EXPECT_TRUE(seen.personal_data_redacted());
  }

  // What the notifier reads besides: who holds which role at an organisation, and its councils.
  tdkt::v1::ListRoleAssignmentsRequest roles;
  roles.set_org_id(dong_tan_school_);
  *roles.mutable_as_of() = today_;
  tdkt::v1::ListRoleAssignmentsResponse assignments;
  ASSERT_TRUE(stub_->ListRoleAssignments(WithToken(notifier).get(), roles, &assignments).ok());
  EXPECT_EQ(assignments.assignments_size(), 2);  // vt.dongtan.thdt and the new person
  tdkt::v1::ListCouncilsRequest councils;
  councils.set_org_id(dong_tan_);
  *councils.mutable_as_of() = today_;
  tdkt::v1::ListCouncilsResponse listed;
  ASSERT_TRUE(stub_->ListCouncils(WithToken(notifier).get(), councils, &listed).ok());
  ASSERT_EQ(listed.councils_size(), 1);
  tdkt::v1::GetCouncilRequest council;
  council.set_council_id(listed.councils(0).id());
  tdkt::v1::GetCouncilResponse got;
  ASSERT_TRUE(stub_->GetCouncil(WithToken(notifier).get(), council, &got).ok());
  EXPECT_EQ(got.council().chair_person_id(), PersonId("ct.dongtan"));
}

}  // namespace
}  // namespace tdkt::directory
