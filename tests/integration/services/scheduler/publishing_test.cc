// The firing transaction publishes its own reminder events (services/scheduler/firing_loop.h), against real
// PostgreSQL and Redis: without any relay they reach the stream, their outbox rows inserted as published with
// the entries' stream ids; with Redis away nothing fires (the claims roll back) and every reminder fires once
// when it returns; when the stream lost its last entries, the next firing transaction publishes them again
// before its own.
#include "tests/integration/services/scheduler/scheduler_fixture.h"

namespace tdkt::scheduler {
namespace {

class PublishingTest : public SchedulerTest {
 protected:
  // Deadlines of dossiers d-0 … d-(n-1), due Fri 20/03/2026 (T−3 Tue 17/03, T−1 Thu 19/03), set on 2/03.
  void SetDeadlines(int n) {
    for (int i = 0; i < n; ++i) {
      Publish(SetEv(absl::CivilDay(2026, 3, 20), At8(absl::CivilDay(2026, 3, 2))).Dossier(absl::StrCat("d-", i)));
    }
    WaitForEvents(n);
  }
  // event id → "ms-seq" of the outbox rows that were published.
  std::map<std::string, std::string> RecordedStreamIds() {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    std::map<std::string, std::string> out;
    for (const auto& r : txn.exec("SELECT event_id, stream_ms || '-' || stream_seq FROM scheduler.outbox "
                                  "WHERE published_at IS NOT NULL")) {
      out[r[0].as<std::string>()] = r[1].as<std::string>();
    }
    return out;
  }
  // event id → its stream entry ids, in stream order, for the reminder entries.
  std::map<std::string, std::vector<std::string>> ReminderEntries() {
    std::map<std::string, std::vector<std::string>> out;
    for (const common::StreamEntry& entry : ReadStream()) {
      if (Field(entry, "type") == "EVENT_TYPE_DEADLINE_REMINDER") out[Field(entry, "event_id")].push_back(entry.id);
    }
    return out;
  }
};

TEST_F(PublishingTest, WithoutARelayTheFiringTransactionPublishesAndRecordsEachReminder) {
  relay_ = false;
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  StartInstance("s1");
  StartInstance("s2");
  SetDeadlines(40);
  SetClock(At8(absl::CivilDay(2026, 3, 17), absl::Seconds(1)));
  ASSERT_EQ(WaitForCount("timer", "status = 3", 40), 40);
  EXPECT_EQ(Count("outbox"), 40);
  EXPECT_EQ(Count("outbox", "published_at IS NOT NULL AND stream_ms IS NOT NULL"), 40)
      << "inserted as published: no relay runs to publish them";
  const std::map<std::string, std::string> recorded = RecordedStreamIds();
  const std::map<std::string, std::vector<std::string>> entries = ReminderEntries();
  ASSERT_EQ(entries.size(), 40u);
  for (const auto& [event_id, ids] : entries) {
    ASSERT_EQ(ids.size(), 1u) << event_id << " once on the stream";
    EXPECT_EQ(recorded.at(event_id), ids[0]) << "the row records the entry it was published under";
  }
}

TEST_F(PublishingTest, WithRedisAwayNothingFiresAndEveryReminderFiresOnceWhenItReturns) {
  testing::RedisServer& redis = UsePrivateRedis();
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  SchedulerServer& instance = StartInstance("s1");
  SetDeadlines(30);
  ASSERT_TRUE(redis.Shutdown().ok());  // SIGTERM: the append-only file keeps the stream and the groups
  SetClock(At8(absl::CivilDay(2026, 3, 17), absl::Seconds(1)));
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(Count("timer", "status = 3"), 0) << "a claim whose events cannot be published rolls back";
  EXPECT_EQ(Count("outbox"), 0);
  EXPECT_EQ(instance.metrics().fired.value(), 0);
  ASSERT_TRUE(redis.StartAgain().ok());
  // The loop retries with a backoff of up to 5 s.
  ASSERT_EQ(WaitForCount("timer", "status = 3", 30, absl::Seconds(30)), 30);
  EXPECT_EQ(Count("outbox", "published_at IS NOT NULL"), 30);
  const std::map<std::string, std::vector<std::string>> entries = ReminderEntries();
  ASSERT_EQ(entries.size(), 30u);
  for (const auto& [event_id, ids] : entries) EXPECT_EQ(ids.size(), 1u) << event_id << " once on the stream";
  EXPECT_EQ(Count("timer", "status = 3 AND fired_at >= fire_at"), 30);
}

TEST_F(PublishingTest, RemindersTheStreamLostArePublishedAgainBeforeTheNextOnes) {
  relay_ = false;  // only the firing transactions can notice the loss
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  StartInstance("s1");
  SetDeadlines(20);
  SetClock(At8(absl::CivilDay(2026, 3, 17), absl::Seconds(1)));  // the 20 T−3 reminders
  ASSERT_EQ(WaitForCount("outbox", "published_at IS NOT NULL", 20), 20);
  // Redis loses the tail of a stream: the last 5 reminder entries go, as after a crash under appendfsync everysec.
  std::vector<common::StreamEntry> newest = *redis_->XRevRange(stream_, "+", "-", 5);
  ASSERT_EQ(newest.size(), 5u);
  std::set<std::string> lost;
  for (const common::StreamEntry& entry : newest) {
    lost.insert(Field(entry, "event_id"));
    ASSERT_TRUE(redis_->Command({"XDEL", stream_, entry.id}).ok());
  }
  SetClock(At8(absl::CivilDay(2026, 3, 19), absl::Seconds(1)));  // the 20 T−1 reminders
  ASSERT_EQ(WaitForCount("timer", "status = 3", 40), 40);
  ASSERT_EQ(WaitForCount("outbox", "published_at IS NOT NULL", 40), 40);
  std::vector<std::string> order;  // event ids in stream order
  for (const common::StreamEntry& entry : ReadStream()) {
    if (Field(entry, "type") == "EVENT_TYPE_DEADLINE_REMINDER") order.push_back(Field(entry, "event_id"));
  }
  ASSERT_EQ(order.size(), 40u) << "15 kept, 5 published again, 20 new";
  EXPECT_EQ(std::set<std::string>(order.begin(), order.end()).size(), 40u) << "each reminder once";
  EXPECT_EQ(std::set<std::string>(order.begin() + 15, order.begin() + 20), lost)
      << "the lost ones again, before the new ones";
}

}  // namespace
}  // namespace tdkt::scheduler
