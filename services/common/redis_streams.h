#pragma once
// RedisStreams: the Redis Streams commands tdkt uses (XADD, XREADGROUP, XACK, XAUTOCLAIM, XREVRANGE,
// XGROUP CREATE), over one hiredis connection that reconnects with exponential backoff when Redis goes away.
//
// Not thread-safe: give each thread (relay, consumer) its own client.
//
//   RedisStreams redis(*ParseRedisUrl("redis://127.0.0.1:6379"));
//   TDKT_RETURN_IF_ERROR(redis.CreateGroup("tdkt:events", "notifier"));
//   TDKT_ASSIGN_OR_RETURN(std::string id, redis.XAdd("tdkt:events", {{"type", "SUBMITTED"}}));
//   TDKT_ASSIGN_OR_RETURN(auto entries, redis.XReadGroup("tdkt:events", "notifier", "n-1", 10, absl::Seconds(1)));
//   TDKT_RETURN_IF_ERROR(redis.XAck("tdkt:events", "notifier", {entries[0].id}).status());
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct redisContext;
struct redisReply;

namespace tdkt::common {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
};

// redis://host:port → endpoint; INVALID_ARGUMENT otherwise.
absl::StatusOr<RedisEndpoint> ParseRedisUrl(const std::string& url);

using StreamFields = std::vector<std::pair<std::string, std::string>>;

struct StreamEntry {
  std::string id;
  StreamFields fields;
};

struct AutoClaimResult {
  std::string next_start_id;  // "0-0" when the scan is complete
  std::vector<StreamEntry> entries;
};

struct RedisOptions {
  absl::Duration connect_timeout = absl::Seconds(1);
  absl::Duration command_timeout = absl::Seconds(2);
  absl::Duration first_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  // How long one command keeps trying to reconnect before it gives up with UNAVAILABLE.
  absl::Duration reconnect_budget = absl::Seconds(10);
  // false: a command whose connection broke is not sent again on a new connection; it fails with UNAVAILABLE
  // and the next command connects. For a caller that must look at a server before writing to it (the outbox
  // relay: a restarted Redis may have lost entries).
  bool resend_after_reconnect = true;
};

class RedisStreams {
 public:
  explicit RedisStreams(RedisEndpoint endpoint, RedisOptions options = {});
  ~RedisStreams();
  RedisStreams(const RedisStreams&) = delete;
  RedisStreams& operator=(const RedisStreams&) = delete;

  // Appends an entry; with max_length > 0 the stream is trimmed approximately (MAXLEN ~).
  absl::StatusOr<std::string> XAdd(const std::string& stream, const StreamFields& fields, int64_t max_length = 0);

  // Appends the entries in this order in one round trip (pipelined) and returns their ids in the same order.
  // Never sent twice: a connection lost midway fails the whole call with UNAVAILABLE (some entries may be on the
  // stream then, as with a lost XADD reply), and the next command connects again.
  absl::StatusOr<std::vector<std::string>> XAddAll(const std::string& stream,
                                                   const std::vector<StreamFields>& entries, int64_t max_length = 0);

  // Creates the consumer group (and the stream, MKSTREAM); an existing group is not an error.
  absl::Status CreateGroup(const std::string& stream, const std::string& group, const std::string& start_id = "0");

  // Reads new entries for `consumer` (id ">"), or its pending ones (id "0"); waits up to `block` for new ones.
  absl::StatusOr<std::vector<StreamEntry>> XReadGroup(const std::string& stream, const std::string& group,
                                                      const std::string& consumer, int count, absl::Duration block,
                                                      const std::string& id = ">");

  // Acknowledges entries; returns how many were pending.
  absl::StatusOr<int64_t> XAck(const std::string& stream, const std::string& group,
                               const std::vector<std::string>& ids);

  // Claims entries pending longer than `min_idle` from dead consumers.
  absl::StatusOr<AutoClaimResult> XAutoClaim(const std::string& stream, const std::string& group,
                                             const std::string& consumer, absl::Duration min_idle,
                                             const std::string& start_id = "0-0", int count = 100);

  // Up to `count` entries from `end` down to `start` (ids or "+" / "-"), newest first; none for a stream that
  // does not exist. XREVRANGE key + - COUNT 1 is the stream's last entry.
  absl::StatusOr<std::vector<StreamEntry>> XRevRange(const std::string& stream, const std::string& end = "+",
                                                     const std::string& start = "-", int count = 1);

  // Runs any command (for tests and tools): returns the reply's integer, status or string as text.
  absl::StatusOr<std::string> Command(const std::vector<std::string>& args);

  int reconnects() const { return reconnects_; }

 private:
  struct ReplyDeleter {
    void operator()(redisReply* reply) const;
  };
  using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

  absl::Status EnsureConnected();
  absl::Status ConnectOnce();
  void Disconnect();
  // Sends the command; on a connection error reconnects (with backoff, within the budget) and sends it once
  // more, unless options_.resend_after_reconnect is false. A reply of type error becomes FAILED_PRECONDITION
  // with Redis' message.
  absl::StatusOr<Reply> Run(const std::vector<std::string>& args, absl::Duration extra_timeout = absl::ZeroDuration());

  RedisEndpoint endpoint_;
  RedisOptions options_;
  redisContext* context_ = nullptr;
  int reconnects_ = 0;
  bool ever_connected_ = false;
};

}  // namespace tdkt::common
