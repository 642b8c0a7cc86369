// DirectoryServiceImpl: login and signed tokens (issue 5, directory.proto "authentication").
//
// Login verifies the argon2id hash outside any transaction (it takes ~0.1 s and a pooled connection should
// not wait on it), so a login is three short steps: read the throttle state and the person; verify; record
// the failure or issue the tokens. Unknown users, inactive people and people without a password get the same
// answer as a wrong password, after the same work (a verification against a dummy hash).
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <semaphore>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "services/auth/base64url.h"
#include "services/auth/directory_client.h"
#include "base/sodium.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/directory/directory_service.h"
#include "services/directory/directory_store.h"
#include "services/directory/password_hash.h"
#include "services/common/pii_cipher.h"
#include "services/directory/request_rules.h"
#include "services/directory/signing_keys.h"
#include "base/status_macros.h"

namespace tdkt::directory {

using Tx = DirectoryStore::Tx;
namespace v1 = tdkt::v1;

namespace {

constexpr char kUser[] = "user";
constexpr char kSource[] = "source";
constexpr size_t kMaxPasswordBytes = 1024;
constexpr size_t kRefreshTokenBytes = 32;

absl::Status BadCredentials() {
  return absl::UnauthenticatedError("tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)");
}
absl::Status BadRefreshToken() {
  return absl::UnauthenticatedError(
      "phiên đăng nhập không hợp lệ hoặc đã hết hạn, hãy đăng nhập lại (invalid or expired refresh token)");
}
absl::Status LoginDisabled() {
  return absl::FailedPreconditionError(
      "chưa bật đăng nhập: thiếu khóa --pii-key (login disabled: --pii-key / TDKT_PII_KEY not set)");
}
absl::Status Throttled(absl::Duration wait) {
  const int64_t seconds = std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1))));
  return absl::ResourceExhaustedError(absl::StrCat("đăng nhập sai quá nhiều lần, hãy thử lại sau ", seconds,
                                                   " giây (too many failed logins; retry in ", seconds, " s)"));
}

// "ipv4:127.0.0.1:5555" → "127.0.0.1", "ipv6:[::1]:5555" → "::1"; anything else as it is.
std::string PeerHost(const std::string& peer) {
  std::string host = peer.substr(peer.find(':') == std::string::npos ? 0 : peer.find(':') + 1);
  if (!host.empty() && host.front() == '[') return host.substr(1, host.find(']') - 1);
  const size_t colon = host.rfind(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

// Argon2id takes ~150 ms and 64 MiB per verification (bench/RESULTS.md): running more at once than there are
// cores only adds memory (16 gRPC threads × 64 MiB under a login storm), not throughput.
bool VerifyPassword(const std::string& hash, const std::string& password) {
  static std::counting_semaphore<1024> slots(std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 1, 1024));
  slots.acquire();
  const bool ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  slots.release();
  return ok;
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
    added->set_role(static_cast<v1::Role>(static_cast<int>(grant.role) + 1));
  }
}

struct IssuedTokens {
  auth::IssuedAccessToken access;
  std::string refresh_token;
  std::string refresh_token_id;
  absl::Time refresh_expires_at;
  std::vector<workflow::RoleGrant> grants;
};

// A new access token with the grants valid today and a refresh token in `family_id` ("" = a new family).
// A service account's token names the service ("svc" = its username).
absl::StatusOr<IssuedTokens> IssueTokens(DirectoryStore& store, Tx& tx, SigningKeys& keys, const AuthSettings& auth,
                                         const std::string& today, const LoginRecord& person,
                                         const std::string& family_id) {
  const std::string& person_id = person.person_id;
  IssuedTokens issued;
  TDKT_ASSIGN_OR_RETURN(issued.grants, store.GrantsOn(tx, person_id, today));
  TDKT_ASSIGN_OR_RETURN(issued.access,
                        keys.Issue({person_id, issued.grants,
                                    person.service_account ? std::optional<std::string>(person.username)
                                                           : std::nullopt}));
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  std::string random(kRefreshTokenBytes, '\0');
  randombytes_buf(random.data(), random.size());
  issued.refresh_token = auth::Base64UrlEncode(random);
  sodium_memzero(random.data(), random.size());
  const absl::Time now = auth.clock->Now();
  issued.refresh_expires_at = now + auth.refresh_token_lifetime;
  TDKT_ASSIGN_OR_RETURN(issued.refresh_token_id,
                        store.InsertRefreshToken(tx, base::Sha256(issued.refresh_token), family_id, person_id,
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

}  // namespace

grpc::Status DirectoryServiceImpl::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                         v1::LoginResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    if (auth_.keys == nullptr) return LoginDisabled();
    // Usernames are stored in lower case (the person.username CHECK): "NV.Tinh" is nv.tinh, and its failures
    // count against nv.tinh.
    const std::string username = absl::AsciiStrToLower(request->username());
    const std::string& password = request->password();
    if (username.empty() || username.size() > 64 || password.empty() || password.size() > kMaxPasswordBytes) {
      return BadCredentials();
    }
    const std::string source = PeerHost(context->peer());
    const absl::Time now = auth_.clock->Now();

    std::optional<LoginRecord> record;
    std::optional<absl::Time> locked_until;
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      locked_until.reset();
      for (const auto& [kind, subject] : {std::pair{kUser, username}, std::pair{kSource, source}}) {
        TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> state, store_->LoadThrottle(tx, kind, subject));
        if (state.has_value() && IsLocked(*state, now)) {
          locked_until = std::max(locked_until.value_or(now), *state->locked_until);
        }
      }
      TDKT_ASSIGN_OR_RETURN(record, store_->LoginRecordByUsername(tx, username));
      return absl::OkStatus();
    }));
    if (locked_until.has_value()) {
      spdlog::warn("directory: login refused while throttled");
      return Throttled(*locked_until - now);
    }

    const bool can_log_in = record.has_value() && record->active && !record->password_hash.empty();
    const bool verified = VerifyPassword(can_log_in ? record->password_hash : DummyHash(), password) && can_log_in;
    const absl::Time after = auth_.clock->Now();

    if (!verified) {
      TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
        for (const auto& [kind, subject, limits] : {std::tuple{kUser, username, auth_.throttle.user},
                                                    std::tuple{kSource, source, auth_.throttle.source}}) {
          TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> state, store_->LoadThrottle(tx, kind, subject));
          TDKT_RETURN_IF_ERROR(store_->SaveThrottle(tx, kind, subject, AfterFailure(state, after, limits)));
        }
        return absl::OkStatus();
      }));
      spdlog::info("directory: login failed{}", record.has_value() ? " for person " + record->person_id : "");
      return BadCredentials();
    }

    IssuedTokens issued;
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(store_->ClearThrottle(tx, kUser, username));
      TDKT_ASSIGN_OR_RETURN(issued, IssueTokens(*store_, tx, *auth_.keys, auth_, FormatDay(today_()), *record, ""));
      return absl::OkStatus();
    }));
    FillTokens(issued, response);
    response->set_person_id(record->person_id);
    spdlog::info("directory: person {} logged in, token {}", record->person_id, issued.access.token_id);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::Refresh(grpc::ServerContext*, const v1::RefreshRequest* request,
                                           v1::RefreshResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    if (auth_.keys == nullptr) return LoginDisabled();
    if (request->refresh_token().empty() || request->refresh_token().size() > 256) return BadRefreshToken();
    const std::string hash = base::Sha256(request->refresh_token());
    const absl::Time now = auth_.clock->Now();
    std::string revoked_family;  // set when a revoked token came back: the family is revoked and committed
    IssuedTokens issued;
    std::string person_id;
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      revoked_family.clear();
      TDKT_ASSIGN_OR_RETURN(const std::optional<RefreshTokenRecord> token, store_->FindRefreshToken(tx, hash));
      if (!token.has_value() || token->expires_at <= now) return BadRefreshToken();
      TDKT_ASSIGN_OR_RETURN(const LoginRecord person, store_->LoginRecordById(tx, token->person_id));
      if (token->revoked || !person.active || person.password_hash.empty()) {
        TDKT_RETURN_IF_ERROR(store_->RevokeRefreshFamily(tx, token->family_id, now));
        revoked_family = token->family_id;
        return absl::OkStatus();
      }
      person_id = token->person_id;
      TDKT_ASSIGN_OR_RETURN(issued,
                            IssueTokens(*store_, tx, *auth_.keys, auth_, FormatDay(today_()), person, token->family_id));
      return store_->ReplaceRefreshToken(tx, token->id, issued.refresh_token_id, now);
    }));
    if (!revoked_family.empty()) {
      spdlog::warn("directory: revoked or unusable refresh token presented; session family {} revoked",
                   revoked_family);
      return BadRefreshToken();
    }
    FillTokens(issued, response);
    spdlog::info("directory: person {} refreshed, token {}", person_id, issued.access.token_id);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                                          v1::LogoutResponse*) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    if (request->refresh_token().empty() || request->refresh_token().size() > 256) return absl::OkStatus();
    const std::string hash = base::Sha256(request->refresh_token());
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const std::optional<RefreshTokenRecord> token, store_->FindRefreshToken(tx, hash));
      // Someone else's token is left alone, and the answer does not say so.
      if (!token.has_value() || token->person_id != caller.person_id) return absl::OkStatus();
      TDKT_RETURN_IF_ERROR(store_->RevokeRefreshFamily(tx, token->family_id, auth_.clock->Now()));
      spdlog::info("directory: person {} logged out (session family {})", caller.person_id, token->family_id);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::ChangePassword(grpc::ServerContext* context,
                                                  const v1::ChangePasswordRequest* request,
                                                  v1::ChangePasswordResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckRequestId(request->request_id()));
    const std::string& current = request->current_password();
    const std::string& next = request->new_password();
    if (next.empty()) return absl::InvalidArgumentError("new_password: bắt buộc (required)");
    TDKT_RETURN_IF_ERROR(CheckPassword("new_password", next));  // 10–128 characters, as at creation
    if (next == current) {
      return absl::InvalidArgumentError("new_password: phải khác mật khẩu hiện tại (must differ from the current one)");
    }
    const std::string method = "ChangePassword";
    const std::string fingerprint = cipher_->KeyedHash(
        absl::StrCat(method, std::string(1, '\0'), caller.person_id, std::string(1, '\0'), request->SerializeAsString()));
    bool replayed = false;
    LoginRecord person;
    std::optional<absl::Time> locked_until;
    const absl::Time now = auth_.clock->Now();
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                            store_->BeginIdempotent(tx, request->request_id(), method, fingerprint));
      replayed = stored.has_value();
      TDKT_ASSIGN_OR_RETURN(person, store_->LoginRecordById(tx, caller.person_id));
      TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> state, store_->LoadThrottle(tx, kUser, person.username));
      if (state.has_value() && IsLocked(*state, now)) locked_until = state->locked_until;
      return absl::OkStatus();
    }));
    if (replayed) return absl::OkStatus();  // the first call changed it
    if (locked_until.has_value()) return Throttled(*locked_until - now);
    if (!person.active || person.password_hash.empty() || !VerifyPassword(person.password_hash, current)) {
      TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const std::optional<ThrottleState> state, store_->LoadThrottle(tx, kUser, person.username));
        return store_->SaveThrottle(tx, kUser, person.username, AfterFailure(state, now, auth_.throttle.user));
      }));
      return absl::UnauthenticatedError("mật khẩu hiện tại không đúng (wrong current password)");
    }
    TDKT_ASSIGN_OR_RETURN(const std::string hash, HashPassword(next));
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                            store_->BeginIdempotent(tx, request->request_id(), method, fingerprint));
      if (stored.has_value()) return absl::OkStatus();
      TDKT_RETURN_IF_ERROR(store_->SetPasswordHash(tx, caller.person_id, hash));
      TDKT_RETURN_IF_ERROR(store_->RevokePersonRefreshTokens(tx, caller.person_id, caller.token_id, now));
      return store_->FinishIdempotent(tx, request->request_id(), method, fingerprint, response->SerializeAsString());
    }));
    spdlog::info("directory: person {} changed their password; other sessions revoked", caller.person_id);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::GetCurrentIdentity(grpc::ServerContext* context,
                                                      const v1::GetCurrentIdentityRequest*,
                                                      v1::GetCurrentIdentityResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      // The person themselves: personal data is theirs to see (authorizer.h).
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), store_->GetPerson(tx, caller.person_id));
      TDKT_ASSIGN_OR_RETURN(const std::vector<workflow::RoleGrant> grants,
                            store_->GrantsOn(tx, caller.person_id, FormatDay(today_())));
      CopyGrants(grants, response->mutable_grants());
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::GetPublicKeys(grpc::ServerContext*, const v1::GetPublicKeysRequest*,
                                                 v1::GetPublicKeysResponse* response) {
  if (auth_.keys == nullptr) return grpc::Status::OK;  // no keys: nothing verifies, nothing is issued
  const auth::PublicKeySet published = auth_.keys->Published();
  for (const auth::PublicKeyInfo& key : published.keys()) *response->add_keys() = auth::PublicKeyToProto(key);
  return grpc::Status::OK;
}

}  // namespace tdkt::directory
