#include "services/common/redis_streams.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/child_process.h"
#include "tests/support/servers_environment.h"

namespace tdkt::common {
namespace {

using tdkt::testing::TestRedis;

RedisEndpoint Endpoint() { return *ParseRedisUrl(TestRedis().url()); }

// The test's own stream on the shared Redis.
std::string UniqueStream() { return tdkt::testing::TestKey(); }

TEST(RedisStreams, AddReadAckRoundTrip) {
  RedisStreams redis(Endpoint());
  const std::string stream = UniqueStream();
  ASSERT_TRUE(redis.CreateGroup(stream, "notifier").ok());
  auto id = redis.XAdd(stream, {{"type", "DOSSIER_SUBMITTED"}, {"message", "Hồ sơ đã nộp"}});
  ASSERT_TRUE(id.ok()) << id.status();

  auto entries = redis.XReadGroup(stream, "notifier", "n-1", 10, absl::Milliseconds(100));
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].id, *id);
  EXPECT_EQ((*entries)[0].fields, (StreamFields{{"type", "DOSSIER_SUBMITTED"}, {"message", "Hồ sơ đã nộp"}}));

  // Unacknowledged, it stays pending for this consumer; acknowledged, it is gone.
  auto pending = redis.XReadGroup(stream, "notifier", "n-1", 10, absl::ZeroDuration(), "0");
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 1u);
  auto acked = redis.XAck(stream, "notifier", {*id});
  ASSERT_TRUE(acked.ok());
  EXPECT_EQ(*acked, 1);
  pending = redis.XReadGroup(stream, "notifier", "n-1", 10, absl::ZeroDuration(), "0");
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

TEST(RedisStreams, APipelinedAddAppendsEveryEntryInOrderAndKeepsTheConnectionInStep) {
  RedisStreams redis(Endpoint());
  const std::string stream = UniqueStream();
  std::vector<StreamFields> batch;
  for (int i = 0; i < 500; ++i) batch.push_back({{"n", std::to_string(i)}, {"message", "Nhắc hạn hồ sơ"}});
  auto ids = redis.XAddAll(stream, batch);
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 500u);
  std::vector<StreamEntry> stored;
  for (std::string end = "+"; stored.size() < 500;) {
    auto page = redis.XRevRange(stream, end, "-", 100);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_FALSE(page->empty());
    stored.insert(stored.end(), page->begin(), page->end());
    end = "(" + page->back().id;
  }
  std::reverse(stored.begin(), stored.end());
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(stored[i].id, (*ids)[i]) << "the ids come back in the order the entries were given";
    EXPECT_EQ(stored[i].fields, batch[i]);
  }
  // A Redis error in the middle of a pipeline (XADD to a key that is not a stream) fails the call, and the replies
  // after it are read: the next command gets its own reply.
  const std::string not_a_stream = UniqueStream() + ":string";
  ASSERT_TRUE(redis.Command({"SET", not_a_stream, "x"}).ok());
  auto refused = redis.XAddAll(not_a_stream, batch);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  auto after = redis.XAdd(stream, {{"n", "last"}});
  ASSERT_TRUE(after.ok()) << after.status();
  auto last = redis.XRevRange(stream, "+", "-", 1);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->front().id, *after);
  EXPECT_EQ(redis.XAddAll(stream, {})->size(), 0u);
}

TEST(RedisStreams, BlockingReadTimesOutEmpty) {
  RedisStreams redis(Endpoint());
  const std::string stream = UniqueStream();
  ASSERT_TRUE(redis.CreateGroup(stream, "g").ok());
  const absl::Time start = absl::Now();
  auto entries = redis.XReadGroup(stream, "g", "c", 10, absl::Milliseconds(200));
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_TRUE(entries->empty());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

TEST(RedisStreams, CreatingAnExistingGroupIsFine) {
  RedisStreams redis(Endpoint());
  const std::string stream = UniqueStream();
  EXPECT_TRUE(redis.CreateGroup(stream, "scheduler").ok());
  EXPECT_TRUE(redis.CreateGroup(stream, "scheduler").ok());
}

TEST(RedisStreams, AutoClaimTakesOverADeadConsumersEntries) {
  RedisStreams redis(Endpoint());
  const std::string stream = UniqueStream();
  ASSERT_TRUE(redis.CreateGroup(stream, "g").ok());
  ASSERT_TRUE(redis.XAdd(stream, {{"n", "1"}}).ok());
  ASSERT_TRUE(redis.XAdd(stream, {{"n", "2"}}).ok());
  auto taken = redis.XReadGroup(stream, "g", "dead", 10, absl::ZeroDuration());
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 2u);

  auto too_soon = redis.XAutoClaim(stream, "g", "alive", absl::Seconds(60));
  ASSERT_TRUE(too_soon.ok()) << too_soon.status();
  EXPECT_TRUE(too_soon->entries.empty());

  absl::SleepFor(absl::Milliseconds(50));
  auto claimed = redis.XAutoClaim(stream, "g", "alive", absl::Milliseconds(10));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  ASSERT_EQ(claimed->entries.size(), 2u);
  EXPECT_EQ(claimed->entries[1].fields, (StreamFields{{"n", "2"}}));
  EXPECT_EQ(claimed->next_start_id, "0-0");
}

TEST(RedisStreams, SurvivesARedisRestart) {
  const std::unique_ptr<tdkt::testing::RedisServer> server = tdkt::testing::PrivateRedis();  // restarted below
  RedisStreams redis(*ParseRedisUrl(server->url()),
                     {.first_backoff = absl::Milliseconds(20), .reconnect_budget = absl::Seconds(15)});
  const std::string stream = UniqueStream();
  ASSERT_TRUE(redis.CreateGroup(stream, "g").ok());
  ASSERT_TRUE(redis.XAdd(stream, {{"before", "restart"}}).ok());

  ASSERT_TRUE(server->Restart().ok());  // no persistence: the stream and group are gone

  ASSERT_TRUE(redis.CreateGroup(stream, "g").ok());  // first command after the restart reconnects
  EXPECT_GE(redis.reconnects(), 1);
  auto id = redis.XAdd(stream, {{"after", "restart"}});
  ASSERT_TRUE(id.ok()) << id.status();
  auto entries = redis.XReadGroup(stream, "g", "c", 10, absl::ZeroDuration());
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].fields, (StreamFields{{"after", "restart"}}));
}

TEST(RedisStreams, UnreachableRedisIsAClearUnavailableError) {
  const int closed_port = tdkt::testing::FreeLocalPort();
  RedisStreams redis({"127.0.0.1", closed_port}, {.reconnect_budget = absl::Milliseconds(200)});
  const absl::Time start = absl::Now();
  auto id = redis.XAdd("s", {{"a", "b"}});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(id.status().message().find("TDKT_REDIS_URL"), std::string::npos) << id.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(RedisStreams, RedisErrorsAreReported) {
  RedisStreams redis(Endpoint());
  auto read = redis.XReadGroup(UniqueStream(), "no-such-group", "c", 1, absl::ZeroDuration());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(read.status().message().find("NOGROUP"), std::string::npos) << read.status();
}

}  // namespace
}  // namespace tdkt::common
