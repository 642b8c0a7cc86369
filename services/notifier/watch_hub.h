#pragma once
// WatchHub: the open WatchNotifications streams of this replica.
//
// Each stream is a gRPC callback reactor (grpc::ServerWriteReactor), not a handler thread: an open stream costs
// a few hundred bytes and no thread while it waits, so idle replicas stay small and the number of watchers is
// not bounded by the handler pool. The blocking work — reading PostgreSQL — runs on a small fixed pool of fetch
// threads (`fetch_threads`); gRPC's callback threads only start writes.
//
// What a stream sends always comes from PostgreSQL, in id order: first the replay (every notification after the
// client's resume id, or without one the unread ones up to the latest), then whatever is newer each time the
// stream is woken. Wakers: the fan-out subscriber (a commit on any replica told this person), and the heartbeat
// tick (every `heartbeat`, which also sends a heartbeat message and so covers a lost fan-out message). Because
// notification ids commit in order (notification_store.h), "id > last sent" misses nothing, and a client that
// reconnects with the last id it saw gets exactly what it missed.
//
// A stream ends when the client cancels, when the token it was opened with expires (UNAUTHENTICATED: reconnect
// with a fresh token and the last id), or at shutdown (UNAVAILABLE).
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/support/server_callback.h>

#include "absl/time/time.h"
#include "services/notifier/metrics.h"
#include "services/notifier/notification_store.h"
#include "tdkt/v1/notifier.pb.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

struct WatchHubOptions {
  absl::Duration heartbeat = absl::Seconds(30);
  int fetch_threads = 2;
  int batch = 100;  // notifications read per fetch; also how many may wait for a slow client
};

class WatchSession;

class WatchHub {
 public:
  WatchHub(common::PgPool& pool, Metrics& metrics, WatchHubOptions options = {});
  ~WatchHub();
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  void Start();
  // Ends every open stream (UNAVAILABLE) and stops the threads. Call before the gRPC server shuts down.
  void Stop();

  // A new stream for `person_id` that replays from `after_id` (nullopt: the unread ones) and then follows, until
  // `expires_at`. Returns the reactor gRPC drives.
  grpc::ServerWriteReactor<tdkt::v1::WatchNotificationsResponse>* Open(const std::string& person_id,
                                                                      std::optional<int64_t> after_id,
                                                                      absl::Time expires_at);

  // Something new may be there for these people (fan-out), or for everybody (after a reconnect).
  void Wake(const std::vector<std::string>& person_ids);
  void WakeAll();

  int open_streams() const;

 private:
  friend class WatchSession;
  void Submit(std::function<void()> task);
  void Remove(const std::shared_ptr<WatchSession>& session);
  void FetchLoop();
  void HeartbeatLoop();
  std::vector<std::shared_ptr<WatchSession>> Sessions() const;

  common::PgPool& pool_;
  Metrics& metrics_;
  const WatchHubOptions options_;
  NotificationStore store_;

  mutable std::mutex mutex_;
  std::condition_variable task_ready_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::deque<std::function<void()>> tasks_;                                   // guarded by mutex_
  std::multimap<std::string, std::shared_ptr<WatchSession>> by_person_;        // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace tdkt::notifier
