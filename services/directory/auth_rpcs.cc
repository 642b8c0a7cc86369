// DirectoryServiceImpl: login and signed tokens (directory.proto "authentication").
//
// Login verifies the argon2id hash outside any transaction (it takes ~0.1 s and a pooled connection should
// not wait on it), so a login is three short steps: read the throttle state and the person; verify; record
// the failure or issue the tokens. Unknown users, inactive people and people without a password get the same
// answer as a wrong password, after the same work (a verification against a dummy hash). An attempt is
// throttled as its username, or for a service account as (client address, username) — never as the address
// alone (login_throttle.h). Verifications go through the server's PasswordChecks (at most one per core at
// once). ChangePassword does the same around its idempotency claim.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"
#include "base/sodium.h"
#include "base/status_macros.h"
#include "services/auth/base64url.h"
#include "services/auth/directory_client.h"
#include "services/common/handler.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/directory/directory_service.h"
#include "services/directory/password_checks.h"
#include "services/directory/password_hash.h"
#include "services/directory/request_rules.h"
#include "services/directory/service_support.h"
#include "services/directory/signing_keys.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

constexpr size_t kMaxUsernameBytes = 64;
constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kMaxRefreshTokenBytes = 256;
constexpr size_t kRefreshTokenBytes = 32;

absl::Status BadCredentials() {
  return absl::UnauthenticatedError("Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)");
}
absl::Status BadRefreshToken() {
  return absl::UnauthenticatedError(
      "Phiên đăng nhập không hợp lệ hoặc đã hết hạn, hãy đăng nhập lại (invalid or expired refresh token)");
}
absl::Status LoginDisabled() {
  return absl::FailedPreconditionError(
      "Chưa bật đăng nhập: thiếu khóa --pii-key (login disabled: --pii-key / TDKT_PII_KEY not set)");
}
absl::Status Throttled(absl::Duration wait) {
  const int64_t seconds = std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1))));
  return absl::ResourceExhaustedError(absl::StrCat("Đăng nhập sai quá nhiều lần, hãy thử lại sau ", seconds,
                                                   " giây (too many failed logins; retry in ", seconds, " s)"));
}

// "ipv4:127.0.0.1:5555" → "127.0.0.1", "ipv6:[::1]:5555" → "::1"; anything else as it is.
std::string PeerHost(const std::string& peer) {
  std::string host = peer.substr(peer.find(':') == std::string::npos ? 0 : peer.find(':') + 1);
  if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
  const size_t colon = host.rfind(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

// The hash that unknown users are "verified" against, so that they cost what a known user costs.
const std::string& DummyHash() {
  static const std::string hash = [] {
    unsigned char random[16];
    randombytes_buf(random, sizeof random);
    return HashPassword(auth::Base64UrlEncode(std::string_view(reinterpret_cast<char*>(random), sizeof random)))
        .value_or("");
  }();
  return hash;
}

void CopyGrants(const std::vector<workflow::RoleGrant>& grants,
                google::protobuf::RepeatedPtrField<v1::RoleGrant>* out) {
  for (const workflow::RoleGrant& grant : grants) {
    v1::RoleGrant* added = out->Add();
    added->set_org_id(grant.org_id);
    added->set_role(common::ToProto(grant.role));
  }
}

// What a login reads before verifying: the person, what the attempt is throttled as, and until when that is
// locked.
struct LoginState {
  std::optional<LoginRecord> record;
  ThrottleSubject subject;
  std::optional<absl::Time> locked_until;
};

// `username` in lower case as stored, `client_address` the caller's (PeerHost).
absl::StatusOr<LoginState> LoadLoginState(const DirectoryStores& stores, const std::string& username,
                                          const std::string& client_address, absl::Time now) {
  LoginState state;
  TDKT_RETURN_IF_ERROR(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    state = LoginState();
    TDKT_ASSIGN_OR_RETURN(state.record, stores.auth.LoginRecordByUsername(tx, username));
    const bool service_account = state.record.has_value() && state.record->service_account;
    state.subject = ThrottleSubjectOf(username, client_address, service_account);
    TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> throttle, stores.auth.LoadThrottle(tx, state.subject));
    if (throttle.has_value() && IsLocked(*throttle, now)) state.locked_until = throttle->locked_until;
    return absl::OkStatus();
  }));
  return state;
}

// One more failure of `subject` at `at`.
absl::Status CountFailure(const DirectoryStores& stores, Tx& tx, const ThrottleSubject& subject, absl::Time at,
                          const ThrottlePolicy& policy) {
  TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> state, stores.auth.LoadThrottle(tx, subject));
  return stores.auth.SaveThrottle(tx, subject, AfterFailure(state, at, policy.LimitsOf(subject)));
}

struct IssuedTokens {
  auth::IssuedAccessToken access;
  std::string refresh_token;
  std::string refresh_token_id;
  absl::Time refresh_expires_at;
  std::vector<workflow::RoleGrant> grants;
};

// A new access token with the grants valid on `today` and a refresh token in `family_id` ("" = a new
// family). A service account's token names the service ("svc" = its username).
absl::StatusOr<IssuedTokens> IssueTokens(const DirectoryStores& stores, Tx& tx, const ServiceSettings& settings,
                                         absl::CivilDay today, const LoginRecord& person,
                                         const std::string& family_id) {
  IssuedTokens issued;
  TDKT_ASSIGN_OR_RETURN(issued.grants, stores.auth.GrantsOn(tx, person.person_id, base::FormatIsoDate(today)));
  TDKT_ASSIGN_OR_RETURN(
      issued.access,
      settings.keys->Issue({person.person_id, issued.grants,
                            person.service_account ? std::optional<std::string>(person.username) : std::nullopt}));
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  std::string random(kRefreshTokenBytes, '\0');
  randombytes_buf(random.data(), random.size());
  issued.refresh_token = auth::Base64UrlEncode(random);
  sodium_memzero(random.data(), random.size());
  const absl::Time now = settings.clock->Now();
  issued.refresh_expires_at = now + settings.refresh_token_lifetime;
  TDKT_ASSIGN_OR_RETURN(
      issued.refresh_token_id,
      stores.auth.InsertRefreshToken(tx, base::Sha256(issued.refresh_token), family_id, person.person_id,
                                     issued.access.token_id, now, issued.refresh_expires_at));
  return issued;
}

template <typename Response>
void FillTokens(const IssuedTokens& issued, Response* response) {
  response->set_access_token(issued.access.token);
  *response->mutable_access_token_expires_at() = common::ToProtoTime(issued.access.expires_at);
  response->set_refresh_token(issued.refresh_token);
  *response->mutable_refresh_token_expires_at() = common::ToProtoTime(issued.refresh_expires_at);
  CopyGrants(issued.grants, response->mutable_grants());
}

// The refresh token's successor (a rotation), or — for a revoked token presented again, or a person who can
// no longer log in — nullopt after revoking its whole family (committed: the answer is UNAUTHENTICATED).
struct Rotation {
  std::optional<IssuedTokens> issued;
  std::string person_id;
  std::string revoked_family;
};

absl::StatusOr<Rotation> RotateRefreshToken(const DirectoryStores& stores, const ServiceSettings& settings,
                                            absl::CivilDay today, const std::string& token_hash) {
  const absl::Time now = settings.clock->Now();
  Rotation rotation;
  TDKT_RETURN_IF_ERROR(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    rotation = Rotation();
    TDKT_ASSIGN_OR_RETURN(const std::optional<RefreshTokenRecord> token, stores.auth.FindRefreshToken(tx, token_hash));
    if (!token.has_value() || token->expires_at <= now) return BadRefreshToken();
    TDKT_ASSIGN_OR_RETURN(const LoginRecord person, stores.auth.LoginRecordById(tx, token->person_id));
    if (token->revoked || !person.active || person.password_hash.empty()) {
      rotation.revoked_family = token->family_id;
      return stores.auth.RevokeRefreshFamily(tx, token->family_id, now);
    }
    rotation.person_id = token->person_id;
    TDKT_ASSIGN_OR_RETURN(rotation.issued, IssueTokens(stores, tx, settings, today, person, token->family_id));
    return stores.auth.ReplaceRefreshToken(tx, token->id, rotation.issued->refresh_token_id, now);
  }));
  return rotation;
}

absl::Status CheckNewPassword(const v1::ChangePasswordRequest& request) {
  constexpr std::string_view kField = "mật khẩu mới (new_password)";
  if (request.new_password().empty()) return absl::InvalidArgumentError("Thiếu mật khẩu mới (new_password)");
  TDKT_RETURN_IF_ERROR(CheckPassword(kField, request.new_password()));  // 10–128 characters, as at creation
  if (request.new_password() == request.current_password()) {
    return absl::InvalidArgumentError(
        "mật khẩu mới (new_password) phải khác mật khẩu hiện tại (must differ from the current one)");
  }
  return absl::OkStatus();
}

// What ChangePassword reads before the slow verification: whether this request already changed the password
// (a retry), the person, what a wrong current password counts against and until when that is locked. The
// claim is only a peek — its savepoint is undone — the request id is claimed for real together with the change.
struct PasswordChangeState {
  bool replayed = false;
  LoginRecord person;
  ThrottleSubject subject;
  std::optional<absl::Time> locked_until;
};

absl::StatusOr<PasswordChangeState> LoadPasswordChangeState(const DirectoryStores& stores,
                                                            const common::Idempotency& idempotency,
                                                            const Identity& caller, const std::string& request_id,
                                                            const std::string& fingerprint,
                                                            const std::string& client_address, absl::Time now) {
  PasswordChangeState state;
  TDKT_RETURN_IF_ERROR(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    state = PasswordChangeState();
    TDKT_RETURN_IF_ERROR(stores.db.Savepoint(
        tx,
        [&]() -> absl::Status {
          TDKT_ASSIGN_OR_RETURN(const auto earlier, idempotency.Claim(tx.work(), request_id, fingerprint));
          state.replayed = earlier.has_value();
          return absl::OkStatus();
        },
        /*discard=*/true));
    TDKT_ASSIGN_OR_RETURN(state.person, stores.auth.LoginRecordById(tx, caller.person_id));
    state.subject = ThrottleSubjectOf(state.person.username, client_address, state.person.service_account);
    TDKT_ASSIGN_OR_RETURN(const auto throttle, stores.auth.LoadThrottle(tx, state.subject));
    if (throttle.has_value() && IsLocked(*throttle, now)) state.locked_until = throttle->locked_until;
    return absl::OkStatus();
  }));
  return state;
}

// Logout's effect: the session family of `token` revoked when the token is the caller's; anything else (an
// unknown token, someone else's) is left alone, and the answer does not say so.
absl::Status RevokeOwnSession(const DirectoryStores& stores, Tx& tx, const Identity& caller, const std::string& token,
                              absl::Time at) {
  if (token.empty() || token.size() > kMaxRefreshTokenBytes) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(const auto found, stores.auth.FindRefreshToken(tx, base::Sha256(token)));
  if (!found.has_value() || found->person_id != caller.person_id) return absl::OkStatus();
  TDKT_RETURN_IF_ERROR(stores.auth.RevokeRefreshFamily(tx, found->family_id, at));
  spdlog::info("directory: person {} logged out (session family {})", caller.person_id, found->family_id);
  return absl::OkStatus();
}

}  // namespace

grpc::Status DirectoryServiceImpl::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                         v1::LoginResponse* response) {
  return common::Serve("Login", [&]() -> absl::Status {
    if (settings_.keys == nullptr) return LoginDisabled();
    // A control character would end the username for PostgreSQL but not for the throttle (which hashes
    // every byte): refused here, it cannot dodge the user's lock.
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("tên đăng nhập (username)", request->username()));
    // Usernames are stored in lower case (the person.username CHECK): "NV.Tinh" is nv.tinh, and its failures
    // count against nv.tinh.
    const std::string username = absl::AsciiStrToLower(request->username());
    const std::string& password = request->password();
    if (username.size() > kMaxUsernameBytes || password.empty() || password.size() > kMaxPasswordBytes) {
      return BadCredentials();
    }
    const absl::Time now = settings_.clock->Now();
    TDKT_ASSIGN_OR_RETURN(const LoginState state, LoadLoginState(*stores_, username, PeerHost(context->peer()), now));
    if (state.locked_until.has_value()) {
      spdlog::warn("directory: login refused while throttled");
      return Throttled(*state.locked_until - now);
    }
    const std::optional<LoginRecord>& record = state.record;
    const bool can_log_in = record.has_value() && record->active && !record->password_hash.empty();
    if (!(settings_.password_checks->Verify(can_log_in ? record->password_hash : DummyHash(), password) &&
          can_log_in)) {
      const absl::Time after = settings_.clock->Now();
      TDKT_RETURN_IF_ERROR(stores_->db.InTransaction(
          [&](Tx& tx) { return CountFailure(*stores_, tx, state.subject, after, settings_.throttle); }));
      spdlog::info("directory: login failed{}", record.has_value() ? " for person " + record->person_id : "");
      return BadCredentials();
    }
    IssuedTokens issued;
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(stores_->auth.ClearThrottle(tx, state.subject));
      TDKT_ASSIGN_OR_RETURN(issued, IssueTokens(*stores_, tx, settings_, Today(), *record, ""));
      return absl::OkStatus();
    }));
    FillTokens(issued, response);
    response->set_person_id(record->person_id);
    spdlog::info("directory: person {} logged in, token {}", record->person_id, issued.access.token_id);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::Refresh(grpc::ServerContext*, const v1::RefreshRequest* request,
                                           v1::RefreshResponse* response) {
  return common::Serve("Refresh", [&]() -> absl::Status {
    if (settings_.keys == nullptr) return LoginDisabled();
    const std::string& token = request->refresh_token();
    if (token.empty() || token.size() > kMaxRefreshTokenBytes) return BadRefreshToken();
    TDKT_ASSIGN_OR_RETURN(const Rotation rotation,
                          RotateRefreshToken(*stores_, settings_, Today(), base::Sha256(token)));
    if (!rotation.issued.has_value()) {
      spdlog::warn("directory: revoked or unusable refresh token presented; session family {} revoked",
                   rotation.revoked_family);
      return BadRefreshToken();
    }
    FillTokens(*rotation.issued, response);
    spdlog::info("directory: person {} refreshed, token {}", rotation.person_id, rotation.issued->access.token_id);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                                          v1::LogoutResponse* response) {
  return common::Serve("Logout", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const std::string fingerprint = FingerprintOf("Logout", caller, *request);
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(RevokeOwnSession(*stores_, tx, caller, request->refresh_token(), settings_.clock->Now()));
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status DirectoryServiceImpl::ChangePassword(grpc::ServerContext* context,
                                                  const v1::ChangePasswordRequest* request,
                                                  v1::ChangePasswordResponse* response) {
  return common::Serve("ChangePassword", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckNewPassword(*request));
    const std::string& request_id = request->request_id();
    const std::string fingerprint = FingerprintOf("ChangePassword", caller, *request);
    const absl::Time now = settings_.clock->Now();
    TDKT_ASSIGN_OR_RETURN(const PasswordChangeState state,
                          LoadPasswordChangeState(*stores_, idempotency_, caller, request_id, fingerprint,
                                                  PeerHost(context->peer()), now));
    if (state.replayed) return absl::OkStatus();  // the first call changed it
    if (state.locked_until.has_value()) return Throttled(*state.locked_until - now);
    const LoginRecord& person = state.person;
    if (!person.active || person.password_hash.empty() ||
        !settings_.password_checks->Verify(person.password_hash, request->current_password())) {
      TDKT_RETURN_IF_ERROR(stores_->db.InTransaction(
          [&](Tx& tx) { return CountFailure(*stores_, tx, state.subject, now, settings_.throttle); }));
      return absl::UnauthenticatedError("Mật khẩu hiện tại không đúng (wrong current password)");
    }
    TDKT_ASSIGN_OR_RETURN(const std::string hash, HashPassword(request->new_password()));
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request_id, fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(stores_->auth.SetPasswordHash(tx, caller.person_id, hash));
        TDKT_RETURN_IF_ERROR(stores_->auth.RevokePersonRefreshTokens(tx, caller.person_id, caller.token_id, now));
        return absl::OkStatus();
      });
    }));
    spdlog::info("directory: person {} changed their password; other sessions revoked", caller.person_id);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::GetCurrentIdentity(grpc::ServerContext* context,
                                                      const v1::GetCurrentIdentityRequest*,
                                                      v1::GetCurrentIdentityResponse* response) {
  return common::Serve("GetCurrentIdentity", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      // The person themselves: personal data is theirs to see (authorizer.h).
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), stores_->people.Get(tx, caller.person_id));
      TDKT_ASSIGN_OR_RETURN(const std::vector<workflow::RoleGrant> grants,
                            stores_->auth.GrantsOn(tx, caller.person_id, base::FormatIsoDate(Today())));
      CopyGrants(grants, response->mutable_grants());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::GetPublicKeys(grpc::ServerContext*, const v1::GetPublicKeysRequest*,
                                                 v1::GetPublicKeysResponse* response) {
  return common::Serve("GetPublicKeys", [&]() -> absl::Status {
    if (settings_.keys == nullptr) return absl::OkStatus();  // no keys: nothing verifies, nothing is issued
    const auth::PublicKeySet published = settings_.keys->Published();
    for (const auth::PublicKeyInfo& key : published.keys()) *response->add_keys() = auth::PublicKeyToProto(key);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
