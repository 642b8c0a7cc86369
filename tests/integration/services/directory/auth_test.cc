// Login and signed tokens through the gRPC API on real PostgreSQL: login, throttling, refresh-token
// rotation and family revocation, logout, password change, refused tokens, key rotation and restart, and the
// authorisation matrix. Passwords are registered with Secret(): the fixture checks that none reaches the log.
#include <thread>

#include "services/auth/access_token.h"
#include "services/auth/base64url.h"
#include "services/auth/signing_key.h"
#include "services/auth/token_verifier.h"
#include "services/directory/password_hash.h"
#include "tests/integration/services/directory/address_relay.h"
#include "tests/integration/services/directory/directory_fixture.h"

namespace tdkt::directory {
namespace {

using grpc::StatusCode;

constexpr char kPassword[] = "hoa-sen-no-trong-dam-2026";

class AuthTest : public DirectoryServiceTest {
 protected:
  void SetUp() override {
    DirectoryServiceTest::SetUp();
    ASSERT_TRUE(ImportDemo().ok());
    Secret(kPassword);
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
    return LoginWith(*stub_, username, password, response);
  }
  // Login through `stub` (e.g. one connected through an AddressRelay: from another client address).
  grpc::Status LoginWith(tdkt::v1::DirectoryService::Stub& stub, const std::string& username,
                         const std::string& password, tdkt::v1::LoginResponse* response) {
    Secret(password);
    tdkt::v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    grpc::ClientContext context;
    const grpc::Status status = stub.Login(&context, request, response);
    if (status.ok()) {
      Secret(response->access_token());
      Secret(response->refresh_token());
    }
    return status;
  }
  tdkt::v1::LoginResponse LoginOk(const std::string& username, const std::string& password = kPassword) {
    tdkt::v1::LoginResponse response;
    const grpc::Status status = Login(username, password, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status Refresh(const std::string& refresh_token, tdkt::v1::RefreshResponse* response) {
    tdkt::v1::RefreshRequest request;
    request.set_refresh_token(refresh_token);
    grpc::ClientContext context;
    const grpc::Status status = stub_->Refresh(&context, request, response);
    if (status.ok()) Secret(response->refresh_token());
    return status;
  }

  // The caller as the directory sees the token: a directory RPC that needs nothing but authentication.
  grpc::Status WhoAmI(const std::string& token, tdkt::v1::GetCurrentIdentityResponse* response = nullptr) {
    tdkt::v1::GetCurrentIdentityResponse ignored;
    return stub_->GetCurrentIdentity(WithToken(token).get(), {}, response != nullptr ? response : &ignored);
  }

  void Exec(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    work.exec(sql);
    work.commit();
  }

  // The key that signs now, straight from the database (to forge tokens that only differ in one claim).
  auth::SigningKey CurrentKey() {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    const pqxx::row row = work.exec1(
        "SELECT seed_enc, (extract(epoch from not_before) * 1000000)::bigint FROM directory.signing_key "
        "WHERE not_after IS NULL");
    const std::string seed = *cipher_->Open("signing_key_seed", pqxx::binarystring(row[0]).str());
    return *auth::SigningKey::FromSeed(seed, absl::FromUnixMicros(row[1].as<int64_t>()));
  }

  static std::vector<std::string> Grants(const google::protobuf::RepeatedPtrField<tdkt::v1::RoleGrant>& grants) {
    std::vector<std::string> out;
    for (const auto& grant : grants) out.push_back(tdkt::v1::Role_Name(grant.role()) + "@" + grant.org_id());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(AuthTest, LoginIssuesATokenThatVerifiesWithThePublishedKeysAndCarriesTodaysGrants) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse login = LoginOk("NV.Tinh");  // usernames are case-insensitive
  const std::string province = Org("PT", D(2026, 3, 2)).id();
  EXPECT_EQ(login.person_id(), PersonId("nv.tinh"));
  // APPRAISER by assignment, COUNCIL_MEMBER as the council's (voting) standing vice-chair.
  EXPECT_EQ(Grants(login.grants()),
            (std::vector<std::string>{"ROLE_APPRAISER@" + province, "ROLE_COUNCIL_MEMBER@" + province}));
  EXPECT_EQ(login.refresh_token().size(), 43u);  // 256 bits in base64url
  EXPECT_EQ(absl::FromUnixSeconds(login.access_token_expires_at().seconds()) - clock_.Now(), absl::Minutes(15));
  EXPECT_EQ(absl::FromUnixSeconds(login.refresh_token_expires_at().seconds()) - clock_.Now(), absl::Hours(24 * 30));

  // A verifier that knows only what GetPublicKeys publishes (as the dossier does) accepts the token.
  tdkt::v1::GetPublicKeysResponse published;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetPublicKeys(&context, {}, &published).ok());
  ASSERT_EQ(published.keys_size(), 1);
  auth::PublicKeySet keys;
  for (const tdkt::v1::PublicKey& key : published.keys()) {
    EXPECT_EQ(key.kty(), "OKP");
    EXPECT_EQ(key.alg(), "EdDSA");
    EXPECT_FALSE(key.has_not_after());
    ASSERT_TRUE(keys.Add({key.key_id(), *auth::Base64UrlDecode(key.x()),
                          absl::FromUnixSeconds(key.not_before().seconds()), std::nullopt})
                    .ok());
  }
  auth::TokenVerifier verifier(keys, clock_);
  auto identity = verifier.Verify(login.access_token());
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->person_id, login.person_id());
  EXPECT_EQ(identity->grants.size(), 2u);

  tdkt::v1::GetCurrentIdentityResponse me;
  ASSERT_TRUE(WhoAmI(login.access_token(), &me).ok());
  EXPECT_EQ(me.person().username(), "nv.tinh");
  EXPECT_FALSE(me.person().personal_data_redacted());
  EXPECT_EQ(Grants(me.grants()), Grants(login.grants()));
  // Only hashes are stored.
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.refresh_token WHERE position('" + login.refresh_token() +
                   "'::bytea IN token_hash) > 0"),
            "0");
}

TEST_F(AuthTest, CouncilChairAndSystemAdministratorGrants) {
  SetPassword("ct.tinh", kPassword);
  SetPassword("qt.tinh", kPassword);
  ASSERT_TRUE(stores_->db.InTransaction([&](Tx& tx) {
                return stores_->auth.AddSystemAdmin(tx, PersonId("qt.tinh"));
              }).ok());
  const std::string province = Org("PT", D(2026, 3, 2)).id();
  EXPECT_EQ(Grants(LoginOk("ct.tinh").grants()),
            (std::vector<std::string>{"ROLE_COUNCIL_CHAIR@" + province, "ROLE_DECIDER@" + province}));
  const tdkt::v1::LoginResponse admin = LoginOk("qt.tinh");
  EXPECT_EQ(Grants(admin.grants()), (std::vector<std::string>{"ROLE_ADMIN@*", "ROLE_ADMIN@" + province}));
  // ADMIN at "*" may import: the system administrator's token works where only it may.
  tdkt::v1::ImportDirectoryCsvRequest request;
  request.set_request_id("import-by-login");
  request.set_dry_run(true);
  tdkt::v1::CsvFile* file = request.add_files();
  file->set_kind(tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS);
  file->set_file_name("o.csv");
  file->set_content("code,name_vi,level,parent_code,valid_from,valid_until,successor_code\n"
                    "XX,UBND tỉnh Thử,PROVINCE,,2026-01-01,,\n");
  tdkt::v1::ImportDirectoryCsvResponse response;
  const grpc::Status status = stub_->ImportDirectoryCsv(WithToken(admin.access_token()).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(AuthTest, AServiceAccountsTokenNamesTheService) {
  SetPassword("tk.tinh", kPassword);
  Exec("UPDATE directory.person SET service_account = true WHERE username = 'tk.tinh'");
  const tdkt::v1::LoginResponse login = LoginOk("tk.tinh");
  auth::TokenVerifier verifier(keys_->Published(), clock_);
  auto identity = verifier.Verify(login.access_token());
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->service_name, std::optional<std::string>("tk.tinh"));
  tdkt::v1::RefreshResponse refreshed;
  ASSERT_TRUE(Refresh(login.refresh_token(), &refreshed).ok());
  EXPECT_EQ(verifier.Verify(refreshed.access_token())->service_name, std::optional<std::string>("tk.tinh"));
}

TEST_F(AuthTest, UnknownUserWrongPasswordInactiveAndPasswordlessAllGetTheSameAnswer) {
  SetPassword("nv.tinh", kPassword);
  SetPassword("tk.tinh", kPassword);
  Exec("UPDATE directory.person SET active = false WHERE username = 'tk.tinh'");
  tdkt::v1::LoginResponse response;
  const grpc::Status wrong = Login("nv.tinh", "sai-mat-khau-roi", &response);
  const grpc::Status unknown = Login("khong.ton.tai", kPassword, &response);
  const grpc::Status inactive = Login("tk.tinh", kPassword, &response);
  const grpc::Status no_password = Login("uv.tinh", kPassword, &response);
  for (const grpc::Status& status : {wrong, unknown, inactive, no_password}) {
    EXPECT_EQ(status.error_code(), StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(status.error_message(), wrong.error_message());
  }
  EXPECT_NE(wrong.error_message().find("wrong username or password"), std::string::npos);
  EXPECT_TRUE(response.access_token().empty());
}

TEST_F(AuthTest, RepeatedFailuresLockTheUserEvenForTheRightPasswordAndSuccessResetsTheCount) {
  SetPassword("nv.tinh", kPassword);
  tdkt::v1::LoginResponse response;
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Login("nv.tinh", "doan-sai-lan-nua", &response).error_code(), StatusCode::UNAUTHENTICATED);
  LoginOk("nv.tinh");  // the fifth attempt is right: the count starts again
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("nv.tinh", "doan-sai-lan-nua", &response).error_code(), StatusCode::UNAUTHENTICATED);
  const grpc::Status locked = Login("nv.tinh", kPassword, &response);
  EXPECT_EQ(locked.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(locked.error_message().find("retry in 60 s"), std::string::npos) << locked.error_message();
  // Guessing on after the lockout: the next one lasts twice as long.
  clock_.Advance(absl::Seconds(61));
  for (int i = 0; i < 5; ++i) Login("nv.tinh", "doan-sai-lan-nua", &response);
  clock_.Advance(absl::Seconds(61));
  const grpc::Status still_locked = Login("nv.tinh", kPassword, &response);
  EXPECT_EQ(still_locked.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(still_locked.error_message().find("retry in 59 s"), std::string::npos) << still_locked.error_message();
  clock_.Advance(absl::Seconds(60));
  LoginOk("nv.tinh");
  // Unknown usernames are throttled alike: a lockout says nothing about which names exist.
  for (int i = 0; i < 5; ++i) Login("khong.ton.tai", "doan-sai-lan-nua", &response);
  EXPECT_EQ(Login("khong.ton.tai", kPassword, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.login_throttle WHERE position('khong.ton.tai'::bytea IN "
                   "subject_hash) > 0"),
            "0");
}

// A NUL byte ends the string for PostgreSQL ("qt.tinh\0x" finds qt.tinh) but not for the throttle, which
// hashes every byte: such a username must be refused before either sees it, or it dodges the user's lock.
TEST_F(AuthTest, AUsernameWithAControlCharacterIsRefusedAndCannotDodgeTheLock) {
  SetPassword("qt.tinh", kPassword);
  tdkt::v1::LoginResponse response;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login("qt.tinh", "doan-sai-lan-nua", &response).error_code(), StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(Login("qt.tinh", kPassword, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  const std::string with_nul("qt.tinh\0x", 9);
  EXPECT_EQ(Login(with_nul, kPassword, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Login("qt.tinh\t", kPassword, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(response.access_token().empty());
  EXPECT_EQ(Login("qt.tinh", kPassword, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
}

// A commune office shares one public address: other people's failures from it (25 here, more than the old
// address lock allowed) never refuse the right password of a user who is not locked, and nothing is locked.
TEST_F(AuthTest, FailuresFromAnOfficesAddressNeverLockOutAnotherUserOfThatAddress) {
  SetPassword("nv.tinh", kPassword);
  tdkt::v1::LoginResponse response;
  for (int i = 0; i < 25; ++i) {
    EXPECT_EQ(Login("nguoi.doan." + std::to_string(i), "doan-sai-lan-nua", &response).error_code(),
              StatusCode::UNAUTHENTICATED)
        << i;
  }
  // Another user, the right password, the same address (127.0.0.1), no time passed: let in.
  LoginOk("nv.tinh");
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.login_throttle WHERE locked_until IS NOT NULL"), "0");
}

// The user's lock does not depend on the address: five failures from one address lock the username from
// every address, and guessing from many addresses gets no more tries than from one.
TEST_F(AuthTest, AUsersLockHoldsFromEveryAddress) {
  SetPassword("nv.tinh", kPassword);
  AddressRelay elsewhere("127.0.0.7", server_->bound_port());
  auto remote = tdkt::v1::DirectoryService::NewStub(
      grpc::CreateChannel(elsewhere.target(), grpc::InsecureChannelCredentials()));
  tdkt::v1::LoginResponse response;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(LoginWith(*remote, "nv.tinh", "doan-sai-lan-nua", &response).error_code(), StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(LoginWith(*remote, "nv.tinh", kPassword, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Login("nv.tinh", kPassword, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  clock_.Advance(absl::Seconds(61));
  LoginOk("nv.tinh");
}

// Service accounts (svc-dossier…) log in from a host that people share, with long random passwords: guesses
// against one lock out only the address they come from, never the service at its own address.
TEST_F(AuthTest, GuessesAtAServiceAccountFromAnotherAddressDoNotLockTheService) {
  const std::string service_password = "svc-tinh-mat-khau-ngau-nhien-dai-0123456789";
  SetPassword("tk.tinh", service_password);
  Exec("UPDATE directory.person SET service_account = true WHERE username = 'tk.tinh'");
  AddressRelay attacker("127.0.0.9", server_->bound_port());
  auto remote = tdkt::v1::DirectoryService::NewStub(
      grpc::CreateChannel(attacker.target(), grpc::InsecureChannelCredentials()));
  tdkt::v1::LoginResponse response;
  for (int i = 0; i < 12; ++i) LoginWith(*remote, "tk.tinh", "doan-sai-lan-nua-" + std::to_string(i), &response);
  // The guessing address is locked out of this account, even with the right password …
  EXPECT_EQ(LoginWith(*remote, "tk.tinh", service_password, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
  // … the service at its own address (127.0.0.1) is not.
  LoginOk("tk.tinh", service_password);
  // Failures from the service's own address lock that address out of the account, as for anyone.
  for (int i = 0; i < 5; ++i) Login("tk.tinh", "doan-sai-lan-nua", &response);
  EXPECT_EQ(Login("tk.tinh", service_password, &response).error_code(), StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(AuthTest, RefreshRotatesAndReuseOfARevokedTokenRevokesTheFamily) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse login = LoginOk("nv.tinh");
  const tdkt::v1::LoginResponse other_session = LoginOk("nv.tinh");
  clock_.Advance(absl::Minutes(10));
  tdkt::v1::RefreshResponse first;
  ASSERT_TRUE(Refresh(login.refresh_token(), &first).ok());
  EXPECT_NE(first.refresh_token(), login.refresh_token());
  EXPECT_NE(first.access_token(), login.access_token());
  EXPECT_TRUE(WhoAmI(first.access_token()).ok());
  EXPECT_EQ(Grants(first.grants()), Grants(login.grants()));

  // The old token again (a copy in an attacker's hands): refused, and the whole family with it.
  tdkt::v1::RefreshResponse reused;
  EXPECT_EQ(Refresh(login.refresh_token(), &reused).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Refresh(first.refresh_token(), &reused).error_code(), StatusCode::UNAUTHENTICATED);
  // Another login's family is untouched.
  EXPECT_TRUE(Refresh(other_session.refresh_token(), &reused).ok());
  // Garbage and expired tokens.
  EXPECT_EQ(Refresh("khong-phai-token", &reused).error_code(), StatusCode::UNAUTHENTICATED);
  clock_.Advance(absl::Hours(24 * 31));
  EXPECT_EQ(Refresh(reused.refresh_token(), &reused).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthTest, ExpiredSessionsAndStaleThrottleRowsArePurged) {
  SetPassword("nv.tinh", kPassword);
  tdkt::v1::LoginResponse failed;
  Login("khong.ton.tai", "doan-sai-lan-nua", &failed);
  const tdkt::v1::LoginResponse login = LoginOk("nv.tinh");
  clock_.Advance(absl::Minutes(30));
  tdkt::v1::RefreshResponse refreshed;
  ASSERT_TRUE(Refresh(login.refresh_token(), &refreshed).ok());
  auto purge = [&] {
    absl::StatusOr<int64_t> purged = 0;
    EXPECT_TRUE(stores_->db.InTransaction([&](Tx& tx) {
                  purged = stores_->auth.PurgeExpiredLoginState(tx, clock_.Now());
                  return purged.status();
                }).ok());
    return *purged;
  };
  EXPECT_EQ(purge(), 0);
  clock_.Advance(absl::Hours(24 * 30) - absl::Minutes(29));  // the first token has expired, its successor not yet
  EXPECT_EQ(purge(), 1);  // the throttle row of the failed login (its username)
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.refresh_token"), "2");
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(purge(), 2);  // the whole family
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.refresh_token"), "0");
}

TEST_F(AuthTest, LogoutRevokesTheSessionAndIsIdempotent) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse login = LoginOk("nv.tinh");
  tdkt::v1::LogoutRequest request;
  request.set_request_id("logout-1");
  request.set_refresh_token(login.refresh_token());
  tdkt::v1::LogoutResponse response;
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->Logout(&anonymous, request, &response).error_code(), StatusCode::UNAUTHENTICATED);
  // Someone else's access token does not log this session out (another request: its own request id).
  request.set_request_id("logout-0");
  EXPECT_TRUE(stub_->Logout(As("9").get(), request, &response).ok());
  request.set_request_id("logout-1");
  tdkt::v1::RefreshResponse refreshed;
  ASSERT_TRUE(Refresh(login.refresh_token(), &refreshed).ok());
  request.set_refresh_token(refreshed.refresh_token());
  EXPECT_TRUE(stub_->Logout(WithToken(refreshed.access_token()).get(), request, &response).ok());
  EXPECT_TRUE(stub_->Logout(WithToken(refreshed.access_token()).get(), request, &response).ok());
  request.set_refresh_token(login.refresh_token());  // another request under the same id
  EXPECT_EQ(stub_->Logout(WithToken(refreshed.access_token()).get(), request, &response).error_code(),
            StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Refresh(refreshed.refresh_token(), &refreshed).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthTest, ChangePasswordChecksTheCurrentOneAndRevokesTheOtherSessions) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse here = LoginOk("nv.tinh");
  const tdkt::v1::LoginResponse elsewhere = LoginOk("nv.tinh");
  const std::string fresh = Secret("mat-khau-moi-that-dai");
  auto change = [&](const std::string& request_id, const std::string& current, const std::string& next) {
    tdkt::v1::ChangePasswordRequest request;
    request.set_request_id(request_id);
    request.set_current_password(current);
    request.set_new_password(next);
    tdkt::v1::ChangePasswordResponse response;
    return stub_->ChangePassword(WithToken(here.access_token()).get(), request, &response).error_code();
  };
  EXPECT_EQ(change("cp-1", "khong-dung-dau", fresh), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(change("cp-2", kPassword, "ngan-qua"), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(change("cp-3", kPassword, fresh), StatusCode::OK);
  EXPECT_EQ(change("cp-3", kPassword, fresh), StatusCode::OK);  // a retry gets the first answer

  tdkt::v1::RefreshResponse refreshed;
  EXPECT_EQ(Refresh(elsewhere.refresh_token(), &refreshed).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Refresh(here.refresh_token(), &refreshed).ok());
  tdkt::v1::LoginResponse response;
  EXPECT_EQ(Login("nv.tinh", kPassword, &response).error_code(), StatusCode::UNAUTHENTICATED);
  LoginOk("nv.tinh", fresh);
}

TEST_F(AuthTest, ForgedExpiredUnsignedWrongAudienceAndUnknownKeyTokensAreRefused) {
  const std::string person = PersonId("nv.tinh");
  auto good = keys_->Issue({person, {}, std::nullopt});
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(WhoAmI(good->token).ok());

  const std::vector<std::string> parts = absl::StrSplit(good->token, '.');
  ASSERT_EQ(parts.size(), 3u);
  std::string payload = *auth::Base64UrlDecode(parts[1]);
  payload.replace(payload.find(person), person.size(), PersonId("ct.tinh"));
  const std::string forged = parts[0] + "." + auth::Base64UrlEncode(payload) + "." + parts[2];
  const std::string unsigned_token =
      auth::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + parts[1] + ".";
  const auth::SigningKey current = CurrentKey();
  const std::string wrong_audience =
      auth::IssueAccessToken({person, {}, std::nullopt}, current, clock_, {.audience = "not-tdkt"})->token;
  const auth::SigningKey stranger = *auth::SigningKey::Generate(clock_.Now() - absl::Hours(1));
  const std::string wrong_key = auth::IssueAccessToken({person, {}, std::nullopt}, stranger, clock_)->token;
  for (const std::string& token : {forged, unsigned_token, wrong_audience, wrong_key, std::string("abc.def.ghi")}) {
    EXPECT_EQ(WhoAmI(token).error_code(), StatusCode::UNAUTHENTICATED) << token;
  }
  tdkt::v1::GetCurrentIdentityResponse ignored;
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(stub_->GetCurrentIdentity(&basic, {}, &ignored).error_code(), StatusCode::UNAUTHENTICATED);

  clock_.Advance(absl::Minutes(15) + absl::Seconds(31));
  EXPECT_EQ(WhoAmI(good->token).error_code(), StatusCode::UNAUTHENTICATED);  // expired
}

TEST_F(AuthTest, RotationKeepsOldTokensValidUntilTheyExpire) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse before = LoginOk("nv.tinh");
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(keys_->RotateNow().ok());
  const tdkt::v1::LoginResponse after = LoginOk("nv.tinh");
  EXPECT_NE(before.access_token().substr(0, before.access_token().find('.')),
            after.access_token().substr(0, after.access_token().find('.')));  // another kid
  tdkt::v1::GetPublicKeysResponse published;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetPublicKeys(&context, {}, &published).ok());
  ASSERT_EQ(published.keys_size(), 2);
  EXPECT_TRUE(published.keys(1).has_not_after());

  clock_.Advance(absl::Minutes(9));  // 14 minutes after the first login
  EXPECT_TRUE(WhoAmI(before.access_token()).ok());
  EXPECT_TRUE(WhoAmI(after.access_token()).ok());
  clock_.Advance(absl::Minutes(2));  // the first token has expired, the second has not
  EXPECT_EQ(WhoAmI(before.access_token()).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(WhoAmI(after.access_token()).ok());

  // Rotation by age: Refresh (run every minute by DirectoryServer) rotates a key older than max_age (30 days).
  clock_.Advance(absl::Hours(24 * 30));
  ASSERT_TRUE(keys_->Refresh().ok());
  const tdkt::v1::LoginResponse month_later = LoginOk("nv.tinh");
  EXPECT_NE(month_later.access_token().substr(0, month_later.access_token().find('.')),
            after.access_token().substr(0, after.access_token().find('.')));
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.signing_key WHERE not_after IS NULL"), "1");
}

TEST_F(AuthTest, ARestartedServiceKeepsAcceptingTokensAndSessions) {
  SetPassword("nv.tinh", kPassword);
  const tdkt::v1::LoginResponse login = LoginOk("nv.tinh");
  const std::string keys_before = keys_->Published().ToJwksJson();
  StartService();  // a new server on the same database: it loads the stored keys
  EXPECT_EQ(keys_->Published().ToJwksJson(), keys_before);
  EXPECT_TRUE(WhoAmI(login.access_token()).ok());
  tdkt::v1::RefreshResponse refreshed;
  EXPECT_TRUE(Refresh(login.refresh_token(), &refreshed).ok());
}

TEST_F(AuthTest, ConcurrentReplicasStartingOnAnEmptyTableCreateOneKey) {
  Exec("DELETE FROM directory.signing_key");
  ASSERT_EQ(Query1("SELECT count(*) FROM directory.signing_key"), "0");
  std::unique_ptr<SigningKeys> a, b;
  std::thread first([&] { a = std::move(*SigningKeys::Load(stores_, cipher_.get(), clock_)); });
  std::thread second([&] { b = std::move(*SigningKeys::Load(stores_, cipher_.get(), clock_)); });
  first.join();
  second.join();
  EXPECT_EQ(Query1("SELECT count(*) FROM directory.signing_key"), "1");
  EXPECT_EQ(a->Published().ToJwksJson(), b->Published().ToJwksJson());
}

// Every role × where it is held relative to the organisation acted on: only an ADMIN at the organisation or
// above it may change it or see the personal data of its people.
TEST_F(AuthTest, AuthorisationMatrix) {
  const std::string today_kim_thuong = Org("PT-KIMTHUONG", D(2026, 3, 2)).id();
  const std::map<std::string, std::string> where = {
      {"own", today_kim_thuong},
      {"ancestor", Org("PT", D(2026, 3, 2)).id()},
      {"sibling", Org("PT-DONGTAN", D(2026, 3, 2)).id()},
      {"descendant", Org("PT-KIMTHUONG-TH", D(2026, 3, 2)).id()}};
  // A person of the organisation, with an ID number.
  const std::string id_number = Secret("025190012345");
  tdkt::v1::CreatePersonRequest create;
  create.set_request_id("matrix-person");
  create.mutable_person()->set_full_name("Hà Thị Thu");
  create.mutable_person()->set_username("htt.kimthuong");
  create.mutable_person()->set_id_number(id_number);
  create.mutable_person()->set_active(true);
  tdkt::v1::CreatePersonResponse created;
  ASSERT_TRUE(stub_->CreatePerson(As("1;ADMIN@*").get(), create, &created).ok());
  tdkt::v1::CreateRoleAssignmentRequest role;
  role.set_request_id("matrix-role");
  role.mutable_assignment()->set_person_id(created.person().id());
  role.mutable_assignment()->set_org_id(today_kim_thuong);
  role.mutable_assignment()->set_role(tdkt::v1::ROLE_SUBMITTER);
  *role.mutable_assignment()->mutable_valid_from() = D(2025, 7, 1);
  tdkt::v1::CreateRoleAssignmentResponse assigned;
  ASSERT_TRUE(stub_->CreateRoleAssignment(As("1;ADMIN@*").get(), role, &assigned).ok());

  int request = 0;
  for (const char* role_name : {"SUBMITTER", "APPRAISER", "COUNCIL_MEMBER", "COUNCIL_CHAIR", "DECIDER", "ADMIN"}) {
    for (const auto& [relation, org_id] : where) {
      SCOPED_TRACE(std::string(role_name) + " at " + relation);
      const std::string identity = "77;" + std::string(role_name) + "@" + org_id;
      const bool allowed = std::string(role_name) == "ADMIN" && (relation == "own" || relation == "ancestor");

      tdkt::v1::UpdateOrganizationRequest update;
      update.set_request_id("matrix-" + std::to_string(++request));
      *update.mutable_organization() = Org("PT-KIMTHUONG", D(2026, 3, 2));
      update.set_expected_version(update.organization().version());
      update.mutable_organization()->set_short_name_vi("Kim Thượng " + std::to_string(request));
      tdkt::v1::UpdateOrganizationResponse updated;
      EXPECT_EQ(stub_->UpdateOrganization(As(identity).get(), update, &updated).error_code(),
                allowed ? StatusCode::OK : StatusCode::PERMISSION_DENIED);

      tdkt::v1::GetPersonRequest get;
      get.set_person_id(created.person().id());
      tdkt::v1::GetPersonResponse person;
      ASSERT_TRUE(stub_->GetPerson(As(identity).get(), get, &person).ok());
      EXPECT_EQ(person.person().id_number(), allowed ? id_number : "");
      EXPECT_EQ(person.person().personal_data_redacted(), !allowed);
    }
  }
}

}  // namespace
}  // namespace tdkt::directory
