#include "services/notifier/fanout_subscriber.h"

#include <poll.h>

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tdkt::notifier {
namespace {

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Context Connect(const common::RedisEndpoint& endpoint) {
  Context c(redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, timeval{1, 0}));
  if (c == nullptr || c->err != 0) return nullptr;
  return c;
}

std::string Text(const redisReply* r) { return r->str != nullptr ? std::string(r->str, r->len) : std::string(); }

}  // namespace

FanoutSubscriber::FanoutSubscriber(common::RedisEndpoint endpoint, std::string channel, OnMessage on_message,
                                   std::function<void()> on_reconnect)
    : endpoint_(std::move(endpoint)),
      channel_(std::move(channel)),
      on_message_(std::move(on_message)),
      on_reconnect_(std::move(on_reconnect)) {}

FanoutSubscriber::~FanoutSubscriber() { Stop(); }

void FanoutSubscriber::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void FanoutSubscriber::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void FanoutSubscriber::Run() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stopping_) {
    Context c = Connect(endpoint_);
    if (c == nullptr) {
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(2));
      continue;
    }
    Reply subscribed(static_cast<redisReply*>(redisCommand(c.get(), "SUBSCRIBE %b", channel_.data(), channel_.size())));
    if (subscribed == nullptr) continue;
    subscribed_ = true;
    backoff = absl::Milliseconds(100);
    on_reconnect_();
    // Wait for the socket in slices, so that Stop() is noticed within one slice.
    while (!stopping_ && c->err == 0) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(c.get(), &raw) != REDIS_OK) break;
      if (raw == nullptr) {
        pollfd fd{c->fd, POLLIN, 0};
        const int ready = poll(&fd, 1, 200);
        if (ready < 0) break;
        if (ready == 0) continue;
        if (redisBufferRead(c.get()) != REDIS_OK) break;
        continue;
      }
      Reply message(static_cast<redisReply*>(raw));
      // ["message", channel, payload]
      if (message->type == REDIS_REPLY_ARRAY && message->elements == 3 && Text(message->element[0]) == "message") {
        const std::vector<std::string> people = absl::StrSplit(Text(message->element[2]), ' ', absl::SkipEmpty());
        on_message_(people);
      }
    }
    subscribed_ = false;
    if (!stopping_) spdlog::info("notifier: fan-out subscription lost; reconnecting");
  }
}

absl::StatusOr<GroupInfo> ReadGroupInfo(const common::RedisEndpoint& endpoint, const std::string& stream,
                                        const std::string& group) {
  Context c = Connect(endpoint);
  if (c == nullptr) return absl::UnavailableError("cannot connect to Redis");
  Reply reply(static_cast<redisReply*>(redisCommand(c.get(), "XINFO GROUPS %b", stream.data(), stream.size())));
  if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY) return absl::UnavailableError("XINFO GROUPS failed");
  for (size_t g = 0; g < reply->elements; ++g) {
    const redisReply* fields = reply->element[g];
    if (fields->type != REDIS_REPLY_ARRAY) continue;
    GroupInfo info;
    std::string name;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
      const std::string key = Text(fields->element[i]);
      const redisReply* value = fields->element[i + 1];
      if (key == "name") name = Text(value);
      if (key == "pending" && value->type == REDIS_REPLY_INTEGER) info.pending = value->integer;
      if (key == "lag" && value->type == REDIS_REPLY_INTEGER) info.lag = value->integer;
    }
    if (name == group) return info;
  }
  return absl::NotFoundError(absl::StrCat("no consumer group ", group));
}

}  // namespace tdkt::notifier
