// The outbox relay against real PostgreSQL and Redis: every committed event reaches tdkt:events once, in
// commit order per dossier; Redis being down delays events and loses none; NOTIFY wakes a waiting relay.
#include "services/dossier/outbox_relay.h"

#include <map>
#include <set>

#include "services/common/redis_streams.h"
#include "tdkt/v1/events.pb.h"
#include "tests/integration/services/dossier/dossier_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"

namespace tdkt::dossier {
namespace {

class OutboxRelayTest : public DossierServiceTest {
 protected:
  // A stream of this test's own, so that tests sharing the Redis server never see each other's entries.
  std::string Stream() const { return testing::TestKey(); }
  // This test's stream; g++ 12 warns about designated initialisers that leave members to their defaults.
  OutboxRelayOptions Options(int batch_size = 200, absl::Duration poll_interval = absl::Seconds(1)) const {
    OutboxRelayOptions options;
    options.stream = Stream();
    options.batch_size = batch_size;
    options.poll_interval = poll_interval;
    return options;
  }
  common::RedisEndpoint Redis() const { return *common::ParseRedisUrl(testing::TestRedis().url()); }

  std::unique_ptr<common::PgPool> RelayPool() {
    auto pool = common::PgPool::Connect(url_, 1);
    EXPECT_TRUE(pool.ok()) << pool.status();
    return std::move(*pool);
  }

  std::vector<common::StreamEntry> ReadStream() {
    common::RedisStreams redis(Redis());
    const std::string group = "reader";
    EXPECT_TRUE(redis.CreateGroup(Stream(), group).ok());
    auto entries = redis.XReadGroup(Stream(), group, "r", 100000, absl::Milliseconds(10));
    EXPECT_TRUE(entries.ok()) << entries.status();
    return entries.ok() ? *entries : std::vector<common::StreamEntry>{};
  }

  static std::string Field(const common::StreamEntry& entry, const std::string& name) {
    for (const auto& [key, value] : entry.fields) {
      if (key == name) return value;
    }
    return "";
  }

  // Waits until the stream holds `count` entries (or 10 s pass).
  bool WaitForStreamLength(int64_t count) {
    common::RedisStreams redis(Redis());
    for (int i = 0; i < 1000; ++i) {
      auto length = redis.Command({"XLEN", Stream()});
      if (length.ok() && std::stoll(*length) >= count) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_F(OutboxRelayTest, PublishesEveryEventOnceInIdOrder) {
  const tdkt::v1::Dossier first = CreateAt();
  const tdkt::v1::Dossier second = CreateAt("U2");
  const long long rows = Count("outbox");
  ASSERT_GE(rows, 2);

  auto pool = RelayPool();
  OutboxRelay relay(pool.get(), Redis(), Options());
  auto published = relay.PublishPending();
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, rows);
  EXPECT_EQ(Count("outbox", "published_at IS NULL"), 0);
  EXPECT_EQ(*relay.PublishPending(), 0) << "published rows are not sent again";

  const std::vector<common::StreamEntry> entries = ReadStream();
  ASSERT_EQ(static_cast<long long>(entries.size()), rows);
  std::set<std::string> event_ids;
  for (const common::StreamEntry& entry : entries) {
    tdkt::v1::EventEnvelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(Field(entry, "data")));
    EXPECT_EQ(envelope.event_id(), Field(entry, "event_id"));
    EXPECT_EQ(envelope.dossier_id(), Field(entry, "dossier_id"));
    EXPECT_EQ(tdkt::v1::EventType_Name(envelope.type()), Field(entry, "type"));
    EXPECT_TRUE(envelope.dossier_id() == first.id() || envelope.dossier_id() == second.id());
    event_ids.insert(envelope.event_id());
  }
  EXPECT_EQ(static_cast<long long>(event_ids.size()), rows) << "no event twice";
  EXPECT_EQ(Field(entries.front(), "dossier_id"), first.id()) << "the earlier commit first";
}

TEST_F(OutboxRelayTest, RedisDownDelaysEventsAndLosesNone) {
  CreateAt();
  const long long rows = Count("outbox");
  auto pool = RelayPool();
  {
    const int closed_port = testing::FreeLocalPort();
    OutboxRelayOptions options = Options();
    options.redis.reconnect_budget = absl::Milliseconds(200);
    OutboxRelay relay(pool.get(), {"127.0.0.1", closed_port}, options);
    auto published = relay.PublishPending();
    EXPECT_EQ(published.status().code(), absl::StatusCode::kUnavailable) << published.status();
    EXPECT_EQ(Count("outbox", "published_at IS NULL"), rows) << "nothing is marked published";
  }
  CreateAt("U2");  // transitions go on while Redis is away
  const long long all_rows = Count("outbox");
  ASSERT_GT(all_rows, rows);

  OutboxRelay relay(pool.get(), Redis(), Options());
  EXPECT_EQ(*relay.PublishPending(), all_rows);
  EXPECT_EQ(static_cast<long long>(ReadStream().size()), all_rows);
}

TEST_F(OutboxRelayTest, NotifyWakesAWaitingRelay) {
  auto pool = RelayPool();
  // A poll interval far longer than the test: only the NOTIFY of the commit can wake the relay in time.
  OutboxRelay relay(pool.get(), Redis(), Options(200, absl::Minutes(10)));
  relay.Start();
  absl::SleepFor(absl::Milliseconds(200));  // the relay is now waiting for a notification
  CreateAt();
  const long long rows = Count("outbox");
  EXPECT_TRUE(WaitForStreamLength(rows)) << "events of a committed transition reach the stream";
  // The relay marks the rows in a transaction it commits after XADD: the stream can be ahead for a moment.
  for (int i = 0; i < 1000 && Count("outbox", "published_at IS NULL") > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Count("outbox", "published_at IS NULL"), 0);
  relay.Stop();
}

TEST_F(OutboxRelayTest, TwoRelaysKeepEachDossiersOrderAndSendEachEventOnce) {
  auto pool_a = RelayPool();
  auto pool_b = RelayPool();
  OutboxRelay relay_a(pool_a.get(), Redis(), Options(3));
  OutboxRelay relay_b(pool_b.get(), Redis(), Options(3));
  relay_a.Start();
  relay_b.Start();
  for (int i = 0; i < 6; ++i) CreateAt(i % 2 == 0 ? "U" : "U2");
  const long long rows = Count("outbox");
  ASSERT_TRUE(WaitForStreamLength(rows));
  relay_a.Stop();
  relay_b.Stop();
  EXPECT_EQ(relay_a.published() + relay_b.published(), rows);

  std::set<std::string> event_ids;
  std::map<std::string, int64_t> last_version;
  for (const common::StreamEntry& entry : ReadStream()) {
    tdkt::v1::EventEnvelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(Field(entry, "data")));
    EXPECT_TRUE(event_ids.insert(envelope.event_id()).second) << "event sent twice";
    EXPECT_GE(envelope.dossier_version(), last_version[envelope.dossier_id()]) << "out of order";
    last_version[envelope.dossier_id()] = envelope.dossier_version();
  }
  EXPECT_EQ(static_cast<long long>(event_ids.size()), rows);
}

}  // namespace
}  // namespace tdkt::dossier
