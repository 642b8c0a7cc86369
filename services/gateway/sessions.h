#pragma once
// Sessions: browser login through the gateway (the HTTP contract's "Session"). The browser holds only a
// session id in an HttpOnly cookie; the access and refresh tokens stay in the SessionStore. A session's access
// token is refreshed (directory Refresh, which rotates the refresh token) when it expires within
// `refresh_margin`; one replica does it under the session's lock while concurrent requests wait for the new
// token — presenting a rotated refresh token twice would make the directory revoke the whole family.
//
//   Sessions sessions(directory_stub, store, clock, {.refresh_margin = absl::Minutes(2)});
//   TDKT_ASSIGN_OR_RETURN(NewSession made, sessions.Login("vp.dongtan", password));
//   TDKT_ASSIGN_OR_RETURN(Session active, sessions.Active(cookie));   // UNAUTHENTICATED: log in again
//   TDKT_RETURN_IF_ERROR(sessions.Logout(cookie));
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/gateway/session_store.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::gateway {

struct SessionOptions {
  absl::Duration refresh_margin = absl::Minutes(2);
  absl::Duration call_timeout = absl::Seconds(10);  // each directory call
  absl::Duration refresh_wait = absl::Seconds(5);   // how long a request waits for another's refresh
};

struct NewSession {
  std::string id{};  // the cookie value
  Session session{};
};

class Sessions {
 public:
  Sessions(v1::DirectoryService::StubInterface& directory, SessionStore& store, const base::Clock& clock,
           SessionOptions options);

  // Directory Login, then a new session. The directory's status on failure (UNAUTHENTICATED for wrong
  // credentials, RESOURCE_EXHAUSTED when throttled, …).
  absl::StatusOr<NewSession> Login(const std::string& username, const std::string& password);

  // The session `id` names, with an access token valid for at least the margin when the directory can give
  // one. UNAUTHENTICATED when there is no such session or its refresh token is no longer accepted.
  absl::StatusOr<Session> Active(const std::string& id);

  // Revokes the session's refresh token (directory Logout) and deletes it. No session: nothing to do.
  absl::Status Logout(const std::string& id);

  // The caller's identity (directory GetCurrentIdentity) with the session's access token.
  absl::StatusOr<v1::GetCurrentIdentityResponse> Identity(const Session& session);

 private:
  // Refreshes `seen` (what the caller read) unless another request already did; the session to use.
  absl::StatusOr<Session> Refresh(const std::string& id, const Session& seen);

  v1::DirectoryService::StubInterface& directory_;
  SessionStore& store_;
  const base::Clock& clock_;
  const SessionOptions options_;
};

// The status a missing or expired session gives.
absl::Status SessionExpiredError();

}  // namespace tdkt::gateway
