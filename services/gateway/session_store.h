#pragma once
// SessionStore: the browser sessions in Redis, so that every gateway replica sees them and a restart keeps
// them. A session is found by its id (the cookie, random 256 bits) but stored under the SHA-256 of it, so that
// whoever reads Redis learns no cookie; it expires with its refresh token (the key's TTL).
//
//   SessionStore store(endpoint, "tdkt:gateway:session:", clock);
//   TDKT_RETURN_IF_ERROR(store.Put(id, session));
//   TDKT_ASSIGN_OR_RETURN(std::optional<Session> session, store.Get(id));
//
// Thread-safe: a small pool of Redis connections.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/redis_streams.h"

namespace tdkt::gateway {

struct Session {
  std::string access_token;
  absl::Time access_expires;
  std::string refresh_token;
  absl::Time refresh_expires;
  std::string csrf_token;
  std::string person_id;
};

// 32 random bytes (libsodium) as 64 hex digits: session ids, CSRF tokens, lock owners.
std::string NewRandomToken();

class SessionStore {
 public:
  SessionStore(common::RedisEndpoint endpoint, std::string prefix, const base::Clock& clock, int connections = 8);
  ~SessionStore();

  // Stores (or replaces) the session until its refresh token expires; a session already past that is deleted.
  absl::Status Put(const std::string& id, const Session& session);
  // nullopt when there is no such session (never made, expired, or logged out).
  absl::StatusOr<std::optional<Session>> Get(const std::string& id);
  absl::Status Delete(const std::string& id);

  // A lock on one session for `ttl` (so that one replica refreshes its tokens while the others wait); true
  // when `owner` took it. Unlock releases it only if `owner` still holds it.
  absl::StatusOr<bool> TryLock(const std::string& id, const std::string& owner, absl::Duration ttl);
  absl::Status Unlock(const std::string& id, const std::string& owner);

  // The Redis key of a session id (for tests): prefix + hex SHA-256 of the id.
  std::string KeyOf(const std::string& id) const;

 private:
  absl::StatusOr<std::string> Run(const std::vector<std::string>& args);

  const common::RedisEndpoint endpoint_;
  const std::string prefix_;
  const base::Clock& clock_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<common::RedisStreams>> idle_;  // guarded by mutex_
};

}  // namespace tdkt::gateway
