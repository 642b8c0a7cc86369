#include "services/gateway/sessions.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/proto_time.h"

namespace tdkt::gateway {
namespace {

std::unique_ptr<grpc::ClientContext> Context(absl::Duration timeout, const std::string& token = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

template <typename TokenPair>
void Remember(const TokenPair& pair, Session& session) {
  session.access_token = pair.access_token();
  session.access_expires = common::FromProtoTime(pair.access_token_expires_at());
  session.refresh_token = pair.refresh_token();
  session.refresh_expires = common::FromProtoTime(pair.refresh_token_expires_at());
}

}  // namespace

absl::Status SessionExpiredError() {
  return absl::UnauthenticatedError("Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập, xin đăng nhập lại "
                                    "(no valid session)");
}

Sessions::Sessions(v1::DirectoryService::StubInterface& directory, SessionStore& store, const base::Clock& clock,
                   SessionOptions options)
    : directory_(directory), store_(store), clock_(clock), options_(options) {}

absl::StatusOr<NewSession> Sessions::Login(const std::string& username, const std::string& password) {
  v1::LoginRequest request;
  request.set_username(username);
  request.set_password(password);
  v1::LoginResponse response;
  const grpc::Status status = directory_.Login(Context(options_.call_timeout).get(), request, &response);
  if (!status.ok()) return FromGrpc(status);
  NewSession made;
  made.id = NewRandomToken();
  Remember(response, made.session);
  made.session.csrf_token = NewRandomToken();
  made.session.person_id = response.person_id();
  TDKT_RETURN_IF_ERROR(store_.Put(made.id, made.session));
  return made;
}

absl::StatusOr<Session> Sessions::Active(const std::string& id) {
  TDKT_ASSIGN_OR_RETURN(std::optional<Session> session, store_.Get(id));
  if (!session) return SessionExpiredError();
  if (clock_.Now() < session->access_expires - options_.refresh_margin) return *session;
  return Refresh(id, *session);
}

absl::StatusOr<Session> Sessions::Refresh(const std::string& id, const Session& seen) {
  const std::string owner = NewRandomToken();
  const absl::Time give_up = absl::Now() + options_.refresh_wait;
  while (true) {
    TDKT_ASSIGN_OR_RETURN(const bool locked, store_.TryLock(id, owner, options_.call_timeout + absl::Seconds(2)));
    TDKT_ASSIGN_OR_RETURN(std::optional<Session> current, store_.Get(id));
    if (!current) {
      if (locked) (void)store_.Unlock(id, owner);
      return SessionExpiredError();
    }
    if (current->access_token != seen.access_token) {  // another request refreshed it meanwhile
      if (locked) (void)store_.Unlock(id, owner);
      return *current;
    }
    if (locked) {
      v1::RefreshRequest request;
      request.set_refresh_token(current->refresh_token);
      v1::RefreshResponse response;
      const grpc::Status status = directory_.Refresh(Context(options_.call_timeout).get(), request, &response);
      absl::Status outcome = FromGrpc(status);
      if (status.ok()) {
        Remember(response, *current);
        outcome = store_.Put(id, *current);
      } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        (void)store_.Delete(id);  // revoked or expired: the user logs in again
        outcome = SessionExpiredError();
      }
      (void)store_.Unlock(id, owner);
      if (outcome.ok()) return *current;
      // The directory could not refresh now (down, slow): the old token serves while it lasts.
      if (!absl::IsUnauthenticated(outcome) && clock_.Now() < seen.access_expires) {
        spdlog::warn("gateway: session refresh failed, the access token serves until it expires: {}",
                     outcome.ToString());
        return seen;
      }
      return outcome;
    }
    if (absl::Now() > give_up) {
      if (clock_.Now() < seen.access_expires) return seen;
      return absl::UnavailableError("Không làm mới được phiên đăng nhập, xin thử lại (session refresh timed out)");
    }
    absl::SleepFor(absl::Milliseconds(25));
  }
}

absl::Status Sessions::Logout(const std::string& id) {
  absl::StatusOr<Session> session = Active(id);
  if (absl::IsUnauthenticated(session.status())) return absl::OkStatus();
  TDKT_RETURN_IF_ERROR(session.status());
  v1::LogoutRequest request;
  request.set_request_id(NewRandomToken().substr(0, 32));
  request.set_refresh_token(session->refresh_token);
  v1::LogoutResponse response;
  const grpc::Status status =
      directory_.Logout(Context(options_.call_timeout, session->access_token).get(), request, &response);
  if (!status.ok()) return FromGrpc(status);
  return store_.Delete(id);
}

absl::StatusOr<v1::GetCurrentIdentityResponse> Sessions::Identity(const Session& session) {
  v1::GetCurrentIdentityResponse response;
  const grpc::Status status = directory_.GetCurrentIdentity(Context(options_.call_timeout, session.access_token).get(),
                                                            v1::GetCurrentIdentityRequest(), &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

}  // namespace tdkt::gateway
