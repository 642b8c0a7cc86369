#pragma once
// FanoutSubscriber: listens on the Redis channel the consumers PUBLISH to after each commit (kFanoutChannel,
// payload: the person ids told, space-separated), so that a WatchNotifications stream on any replica learns at
// once that its person has something new. The message only wakes streams up: what they send is read from
// PostgreSQL, so a lost message (Redis away, a reconnect) delays a stream until its next poll and loses nothing.
// After every (re)connect `on_reconnect` runs, so that streams catch up on what was published meanwhile.
//
// Its own hiredis connection (a subscribed connection can do nothing else) and thread.
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "services/common/redis_streams.h"

namespace tdkt::notifier {

class FanoutSubscriber {
 public:
  using OnMessage = std::function<void(const std::vector<std::string>& person_ids)>;
  FanoutSubscriber(common::RedisEndpoint endpoint, std::string channel, OnMessage on_message,
                   std::function<void()> on_reconnect);
  ~FanoutSubscriber();
  FanoutSubscriber(const FanoutSubscriber&) = delete;
  FanoutSubscriber& operator=(const FanoutSubscriber&) = delete;

  void Start();
  void Stop();
  bool subscribed() const { return subscribed_; }

 private:
  void Run();

  const common::RedisEndpoint endpoint_;
  const std::string channel_;
  const OnMessage on_message_;
  const std::function<void()> on_reconnect_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> subscribed_{false};
  std::thread thread_;
};

// What XINFO GROUPS says about one consumer group (for the lag metric).
struct GroupInfo {
  int64_t lag = -1;      // entries not yet delivered to the group; -1 when Redis does not know
  int64_t pending = 0;   // delivered, not acknowledged
};
absl::StatusOr<GroupInfo> ReadGroupInfo(const common::RedisEndpoint& endpoint, const std::string& stream,
                                        const std::string& group);

}  // namespace tdkt::notifier
