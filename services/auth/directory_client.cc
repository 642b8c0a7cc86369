#include "services/auth/directory_client.h"

#include <chrono>

#include <grpcpp/grpcpp.h>

#include "services/auth/base64url.h"
#include "services/common/proto_time.h"
#include "base/status_macros.h"

namespace tdkt::auth {
namespace {

namespace v1 = tdkt::v1;

constexpr auto kCallTimeout = std::chrono::seconds(5);

using common::FromProtoTime;
using common::ToProtoTime;

std::unique_ptr<grpc::ClientContext> NewContext(std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  return context;
}

// The directory's refusal (UNAUTHENTICATED, RESOURCE_EXHAUSTED…) keeps its code; its message is the directory's.
absl::Status FromGrpc(const grpc::Status& status, const char* what) {
  if (status.ok()) return absl::OkStatus();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(std::string("directory unreachable (") + what + ")");
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      std::string(what) + ": " + status.error_message());
}

}  // namespace

v1::PublicKey PublicKeyToProto(const PublicKeyInfo& key) {
  v1::PublicKey out;
  out.set_key_id(key.key_id);
  out.set_kty("OKP");
  out.set_crv("Ed25519");
  out.set_x(Base64UrlEncode(key.public_key));
  out.set_alg("EdDSA");
  out.set_use("sig");
  if (key.not_before != absl::InfinitePast()) *out.mutable_not_before() = ToProtoTime(key.not_before);
  if (key.not_after.has_value()) *out.mutable_not_after() = ToProtoTime(*key.not_after);
  return out;
}

absl::StatusOr<PublicKeyInfo> PublicKeyFromProto(const v1::PublicKey& key) {
  if (key.kty() != "OKP" || key.crv() != "Ed25519" || key.alg() != "EdDSA" || key.use() != "sig") {
    return absl::InvalidArgumentError("public key is not an Ed25519 signature key");
  }
  PublicKeyInfo info;
  info.key_id = key.key_id();
  TDKT_ASSIGN_OR_RETURN(info.public_key, Base64UrlDecode(key.x()));
  if (key.has_not_before()) info.not_before = FromProtoTime(key.not_before());
  if (key.has_not_after()) info.not_after = FromProtoTime(key.not_after());
  return info;
}

absl::StatusOr<PublicKeySet> FetchPublicKeys(v1::DirectoryService::StubInterface& directory, absl::Duration timeout) {
  v1::GetPublicKeysResponse response;
  auto context = NewContext(std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
  TDKT_RETURN_IF_ERROR(FromGrpc(directory.GetPublicKeys(context.get(), {}, &response), "GetPublicKeys"));
  PublicKeySet keys;
  for (const v1::PublicKey& key : response.keys()) {
    TDKT_ASSIGN_OR_RETURN(PublicKeyInfo info, PublicKeyFromProto(key));
    TDKT_RETURN_IF_ERROR(keys.Add(std::move(info)));  // checks the key length and window
  }
  if (keys.empty()) return absl::UnavailableError("the directory publishes no token keys yet");
  return keys;
}

KeyRefresher::KeyRefresher(v1::DirectoryService::StubInterface& directory, TokenVerifier& verifier,
                           const base::Clock& clock, absl::Duration min_interval)
    : directory_(directory), verifier_(verifier), clock_(clock), min_interval_(min_interval) {}

bool KeyRefresher::Refresh() {
  std::lock_guard lock(mutex_);
  const absl::Time now = clock_.Now();
  if (now - last_attempt_ < min_interval_) return false;
  last_attempt_ = now;
  absl::StatusOr<PublicKeySet> keys = FetchPublicKeys(directory_);
  if (!keys.ok()) return false;
  verifier_.ReplaceKeys(*std::move(keys));
  return true;
}

DirectorySession::DirectorySession(v1::DirectoryService::StubInterface& directory, std::string username,
                                   std::string password, const base::Clock& clock, absl::Duration margin)
    : directory_(directory),
      username_(std::move(username)),
      password_(std::move(password)),
      clock_(clock),
      margin_(margin) {}

absl::StatusOr<std::string> DirectorySession::AccessToken() {
  std::lock_guard lock(mutex_);
  const absl::Time now = clock_.Now();
  if (!access_token_.empty() && access_expires_ - margin_ > now) return access_token_;
  absl::Status status = absl::UnauthenticatedError("no session");
  if (!refresh_token_.empty() && refresh_expires_ - margin_ > now) status = RefreshLocked();
  if (!status.ok()) status = LoginLocked();  // a refused or expired refresh token: log in again
  if (!status.ok()) return status;
  return access_token_;
}

template <typename TokenPair>
void DirectorySession::RememberLocked(const TokenPair& response) {
  access_token_ = response.access_token();
  access_expires_ = FromProtoTime(response.access_token_expires_at());
  refresh_token_ = response.refresh_token();
  refresh_expires_ = FromProtoTime(response.refresh_token_expires_at());
}

absl::Status DirectorySession::LoginLocked() {
  v1::LoginRequest request;
  request.set_username(username_);
  request.set_password(password_);
  v1::LoginResponse response;
  auto context = NewContext(kCallTimeout);
  TDKT_RETURN_IF_ERROR(FromGrpc(directory_.Login(context.get(), request, &response), "Login"));
  RememberLocked(response);
  return absl::OkStatus();
}

absl::Status DirectorySession::RefreshLocked() {
  v1::RefreshRequest request;
  request.set_refresh_token(refresh_token_);
  v1::RefreshResponse response;
  auto context = NewContext(kCallTimeout);
  TDKT_RETURN_IF_ERROR(FromGrpc(directory_.Refresh(context.get(), request, &response), "Refresh"));
  RememberLocked(response);
  return absl::OkStatus();
}

}  // namespace tdkt::auth
