#include "services/common/redis_streams.h"

#include <sys/time.h>

#include <algorithm>
#include <thread>

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::common {
namespace {

std::string ReplyText(const redisReply* reply) { return std::string(reply->str, reply->len); }

// One entry of a stream reply: [id, [field, value, …]] (the field list is nil for a deleted entry).
StreamEntry ParseEntry(const redisReply* entry) {
  StreamEntry out;
  if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 1) return out;
  out.id = ReplyText(entry->element[0]);
  if (entry->elements >= 2 && entry->element[1]->type == REDIS_REPLY_ARRAY) {
    const redisReply* fields = entry->element[1];
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
      out.fields.emplace_back(ReplyText(fields->element[i]), ReplyText(fields->element[i + 1]));
    }
  }
  return out;
}

std::vector<StreamEntry> ParseEntries(const redisReply* entries) {
  std::vector<StreamEntry> out;
  if (entries->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i < entries->elements; ++i) out.push_back(ParseEntry(entries->element[i]));
  return out;
}

// hiredis' argv form of a command: pointers into `args`, which must outlive it.
struct ArgvView {
  explicit ArgvView(const std::vector<std::string>& args) {
    for (const std::string& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int count() const { return static_cast<int>(argv.size()); }
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
};

std::vector<std::string> XAddArgs(const std::string& stream, const StreamFields& fields, int64_t max_length) {
  std::vector<std::string> args = {"XADD", stream};
  if (max_length > 0) args.insert(args.end(), {"MAXLEN", "~", absl::StrCat(max_length)});
  args.push_back("*");
  for (const auto& [field, value] : fields) args.insert(args.end(), {field, value});
  return args;
}

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(const std::string& url) {
  constexpr absl::string_view kScheme = "redis://";
  if (!absl::StartsWith(url, kScheme)) {
    return absl::InvalidArgumentError(absl::StrCat("Redis URL must start with redis://: '", url, "'"));
  }
  std::string rest = url.substr(kScheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(0, slash);
  RedisEndpoint endpoint;
  auto colon = rest.rfind(':');
  endpoint.host = rest.substr(0, colon);
  if (colon != std::string::npos &&
      (!absl::SimpleAtoi(rest.substr(colon + 1), &endpoint.port) || endpoint.port <= 0 || endpoint.port > 65535)) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in Redis URL '", url, "'"));
  }
  if (endpoint.host.empty()) return absl::InvalidArgumentError(absl::StrCat("no host in Redis URL '", url, "'"));
  return endpoint;
}

void RedisStreams::ReplyDeleter::operator()(redisReply* reply) const { freeReplyObject(reply); }

RedisStreams::RedisStreams(RedisEndpoint endpoint, RedisOptions options)
    : endpoint_(std::move(endpoint)), options_(options) {}

RedisStreams::~RedisStreams() { Disconnect(); }

void RedisStreams::Disconnect() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

absl::Status RedisStreams::ConnectOnce() {
  Disconnect();
  context_ = redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, absl::ToTimeval(options_.connect_timeout));
  if (context_ == nullptr || context_->err != 0) {
    std::string why = context_ != nullptr ? context_->errstr : "out of memory";
    Disconnect();
    return absl::UnavailableError(absl::StrCat("cannot connect to Redis at ", endpoint_.host, ":", endpoint_.port,
                                               " (check --redis-url / TDKT_REDIS_URL): ", why));
  }
  redisSetTimeout(context_, absl::ToTimeval(options_.command_timeout));
  if (ever_connected_) {
    ++reconnects_;
    spdlog::info("reconnected to Redis at {}:{}", endpoint_.host, endpoint_.port);
  }
  ever_connected_ = true;
  return absl::OkStatus();
}

absl::Status RedisStreams::EnsureConnected() {
  if (context_ != nullptr && context_->err == 0) return absl::OkStatus();
  const absl::Time give_up = absl::Now() + options_.reconnect_budget;
  absl::Duration backoff = options_.first_backoff;
  while (true) {
    absl::Status status = ConnectOnce();
    if (status.ok()) return status;
    if (absl::Now() + backoff > give_up) return status;
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(backoff));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::StatusOr<RedisStreams::Reply> RedisStreams::Run(const std::vector<std::string>& args,
                                                       absl::Duration extra_timeout) {
  ArgvView command(args);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (absl::Status status = EnsureConnected(); !status.ok()) return status;
    if (extra_timeout > absl::ZeroDuration()) {
      redisSetTimeout(context_, absl::ToTimeval(options_.command_timeout + extra_timeout));
    }
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(context_, command.count(), command.argv.data(), command.lengths.data())));
    if (extra_timeout > absl::ZeroDuration() && context_->err == 0) {
      redisSetTimeout(context_, absl::ToTimeval(options_.command_timeout));
    }
    if (reply == nullptr) {
      spdlog::warn("Redis connection lost during {}: {}", args[0], context_->errstr);
      Disconnect();
      if (!options_.resend_after_reconnect) break;
      continue;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      return absl::FailedPreconditionError(absl::StrCat("Redis ", args[0], ": ", ReplyText(reply.get())));
    }
    return reply;
  }
  return absl::UnavailableError(absl::StrCat("Redis at ", endpoint_.host, ":", endpoint_.port,
                                             " did not answer ", args[0]));
}

absl::StatusOr<std::string> RedisStreams::XAdd(const std::string& stream, const StreamFields& fields,
                                               int64_t max_length) {
  auto reply = Run(XAddArgs(stream, fields, max_length));
  if (!reply.ok()) return reply.status();
  return ReplyText(reply->get());
}

absl::StatusOr<std::vector<std::string>> RedisStreams::XAddAll(const std::string& stream,
                                                               const std::vector<StreamFields>& entries,
                                                               int64_t max_length) {
  std::vector<std::string> ids;
  if (entries.empty()) return ids;
  if (absl::Status status = EnsureConnected(); !status.ok()) return status;
  for (const StreamFields& fields : entries) {
    const std::vector<std::string> args = XAddArgs(stream, fields, max_length);
    ArgvView command(args);
    if (redisAppendCommandArgv(context_, command.count(), command.argv.data(), command.lengths.data()) != REDIS_OK) {
      Disconnect();
      return absl::InternalError("Redis XADD: out of memory while pipelining");
    }
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      spdlog::warn("Redis connection lost during XADD (pipelined): {}", context_->errstr);
      Disconnect();
      return absl::UnavailableError(absl::StrCat("Redis at ", endpoint_.host, ":", endpoint_.port,
                                                 " did not answer XADD"));
    }
    Reply reply(static_cast<redisReply*>(raw));
    if (reply->type == REDIS_REPLY_ERROR) {
      // Read the remaining replies first, so that the connection stays in step.
      const std::string error = ReplyText(reply.get());
      for (size_t rest = i + 1; rest < entries.size(); ++rest) {
        if (redisGetReply(context_, &raw) != REDIS_OK) break;
        freeReplyObject(raw);
      }
      if (context_->err != 0) Disconnect();
      return absl::FailedPreconditionError(absl::StrCat("Redis XADD: ", error));
    }
    ids.push_back(ReplyText(reply.get()));
  }
  return ids;
}

absl::Status RedisStreams::CreateGroup(const std::string& stream, const std::string& group,
                                       const std::string& start_id) {
  auto reply = Run({"XGROUP", "CREATE", stream, group, start_id, "MKSTREAM"});
  if (!reply.ok() && absl::StrContains(reply.status().message(), "BUSYGROUP")) return absl::OkStatus();
  return reply.status();
}

absl::StatusOr<std::vector<StreamEntry>> RedisStreams::XReadGroup(const std::string& stream,
                                                                  const std::string& group,
                                                                  const std::string& consumer, int count,
                                                                  absl::Duration block, const std::string& id) {
  auto reply = Run({"XREADGROUP", "GROUP", group, consumer, "COUNT", absl::StrCat(count), "BLOCK",
                    absl::StrCat(absl::ToInt64Milliseconds(block)), "STREAMS", stream, id},
                   block);
  if (!reply.ok()) return reply.status();
  const redisReply* streams = reply->get();
  if (streams->type != REDIS_REPLY_ARRAY || streams->elements == 0) return std::vector<StreamEntry>{};
  const redisReply* first = streams->element[0];  // [stream name, entries]
  if (first->type != REDIS_REPLY_ARRAY || first->elements < 2) return std::vector<StreamEntry>{};
  return ParseEntries(first->element[1]);
}

absl::StatusOr<int64_t> RedisStreams::XAck(const std::string& stream, const std::string& group,
                                           const std::vector<std::string>& ids) {
  std::vector<std::string> args = {"XACK", stream, group};
  args.insert(args.end(), ids.begin(), ids.end());
  auto reply = Run(args);
  if (!reply.ok()) return reply.status();
  return static_cast<int64_t>((*reply)->integer);
}

absl::StatusOr<AutoClaimResult> RedisStreams::XAutoClaim(const std::string& stream, const std::string& group,
                                                         const std::string& consumer, absl::Duration min_idle,
                                                         const std::string& start_id, int count) {
  auto reply = Run({"XAUTOCLAIM", stream, group, consumer, absl::StrCat(absl::ToInt64Milliseconds(min_idle)),
                    start_id, "COUNT", absl::StrCat(count)});
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();  // [next start id, entries, deleted ids (Redis 7)]
  AutoClaimResult result;
  if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) {
    return absl::InternalError("unexpected XAUTOCLAIM reply from Redis");
  }
  result.next_start_id = ReplyText(r->element[0]);
  result.entries = ParseEntries(r->element[1]);
  return result;
}

absl::StatusOr<std::vector<StreamEntry>> RedisStreams::XRevRange(const std::string& stream, const std::string& end,
                                                                 const std::string& start, int count) {
  auto reply = Run({"XREVRANGE", stream, end, start, "COUNT", absl::StrCat(count)});
  if (!reply.ok()) return reply.status();
  return ParseEntries(reply->get());
}

absl::StatusOr<std::string> RedisStreams::Command(const std::vector<std::string>& args) {
  auto reply = Run(args);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      return absl::StrCat(r->integer);
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return ReplyText(r);
    default:
      return std::string();
  }
}

}  // namespace tdkt::common
