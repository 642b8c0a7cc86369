// The outbox relay against real PostgreSQL and Redis: every committed event reaches tdkt:events once, in
// commit order per dossier; Redis being down delays events and loses none; NOTIFY wakes a waiting relay, and
// commits close together go in one pass; Redis losing entries it had acknowledged (a wiped stream; the last
// writes of an append-only file, under load) loses no event either, and published rows are kept for the
// retention, then pruned.
#include "services/common/outbox_relay.h"
#include "services/dossier/dossier_server.h"

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "services/common/redis_streams.h"
#include "tdkt/v1/events.pb.h"
#include "tests/integration/services/dossier/dossier_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"

namespace tdkt::dossier {
namespace {

using common::OutboxRelay;
using common::OutboxRelayOptions;

class OutboxRelayTest : public DossierServiceTest {
 protected:
  // A stream of this test's own, so that tests sharing the Redis server never see each other's entries.
  std::string Stream() const { return testing::TestKey(); }
  // This test's stream; g++ 12 warns about designated initialisers that leave members to their defaults.
  OutboxRelayOptions Options(int batch_size = 200, absl::Duration poll_interval = absl::Seconds(1)) const {
    OutboxRelayOptions options = DossierRelayOptions();
    options.stream = Stream();
    options.batch_size = batch_size;
    options.poll_interval = poll_interval;
    return options;
  }
  // The shared test Redis, or the test's own once it took one (UsePrivateRedis).
  common::RedisEndpoint Redis() const {
    return *common::ParseRedisUrl(private_redis_ ? private_redis_->url() : testing::TestRedis().url());
  }
  testing::RedisServer& UsePrivateRedis(testing::RedisServerOptions options = {}) {
    private_redis_ = testing::PrivateRedis(std::move(options));
    return *private_redis_;
  }

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

  // Waits until the stream holds `count` entries (or 10 s pass), looking every `every`.
  bool WaitForStreamLength(int64_t count, absl::Duration every = absl::Milliseconds(10)) {
    common::RedisStreams redis(Redis());
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (absl::Now() < give_up) {
      auto length = redis.Command({"XLEN", Stream()});
      if (length.ok() && std::stoll(*length) >= count) return true;
      absl::SleepFor(every);
    }
    return false;
  }
  // The private Redis's append-only file that takes the writes (Redis 7: appendonlydir/<name>.<n>.incr.aof).
  static std::filesystem::path IncrementalAofFile(const testing::RedisServer& redis) {
    for (const auto& file : std::filesystem::directory_iterator(redis.dir() + "/appendonlydir")) {
      if (file.path().string().ends_with(".incr.aof")) return file.path();
    }
    ADD_FAILURE() << "no incremental AOF file in " << redis.dir();
    return {};
  }
  // The process id of the private Redis (INFO server).
  pid_t RedisPid() {
    common::RedisStreams redis(Redis());
    auto info = redis.Command({"INFO", "server"});
    if (!info.ok()) return 0;
    const size_t at = info->find("process_id:");
    return at == std::string::npos ? 0 : static_cast<pid_t>(std::stol(info->substr(at + 11)));
  }

  // What a consumer that drops duplicates sees: each event id at its first entry, in stream order (read with
  // XREVRANGE, which neither creates the stream nor depends on a consumer group's position).
  std::vector<std::string> DistinctEventIds() {
    common::RedisStreams redis(Redis());
    auto entries = redis.XRevRange(Stream(), "+", "-", 1'000'000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    if (!entries.ok()) return {};
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (auto entry = entries->rbegin(); entry != entries->rend(); ++entry) {
      const std::string id = Field(*entry, "event_id");
      if (seen.insert(id).second) ids.push_back(id);
    }
    return ids;
  }

  // An outbox row as a transition writes it, made directly (a steady load without the cost of transitions):
  // event "ev-<n>" of dossier "d-<n % 4>", envelope and all.
  static void InsertOutboxRow(pqxx::connection& connection, int n) {
    tdkt::v1::EventEnvelope envelope;
    envelope.set_event_id("ev-" + std::to_string(n));
    envelope.set_dossier_id("d-" + std::to_string(n % 4));
    envelope.set_dossier_version(n / 4 + 1);
    envelope.set_type(tdkt::v1::EVENT_TYPE_DOSSIER_SUBMITTED);
    pqxx::work work(connection);
    work.exec_params("INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
                     "VALUES ($1, $2, $3, 'EVENT_TYPE_DOSSIER_SUBMITTED', $4)",
                     envelope.event_id(), envelope.dossier_id(), envelope.dossier_version(),
                     pqxx::binarystring(envelope.SerializeAsString()));
    work.commit();
  }

  std::unique_ptr<testing::RedisServer> private_redis_;
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

TEST_F(OutboxRelayTest, CommitsCloseTogetherArePublishedInOnePass) {
  auto pool = RelayPool();
  OutboxRelayOptions options = Options(200, absl::Minutes(10));
  options.gather_delay = absl::Milliseconds(500);
  OutboxRelay relay(pool.get(), Redis(), options);
  relay.Start();
  absl::SleepFor(absl::Milliseconds(200));  // the relay is now waiting for a notification
  pqxx::connection connection(url_);
  for (int n = 0; n < 20; ++n) {  // twenty commits, each with its notification, about 5 ms apart
    InsertOutboxRow(connection, n);
    absl::SleepFor(absl::Milliseconds(5));
  }
  for (int i = 0; i < 1000 && relay.published() < 20; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(relay.published(), 20);
  EXPECT_LE(relay.publishing_passes(), 2) << "the commits behind the first one's notification wait for its pass";
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

TEST_F(OutboxRelayTest, AStreamWipedByARedisRestartGetsEveryKeptEventAgain) {
  testing::RedisServer& redis = UsePrivateRedis();  // no persistence: a restart wipes the stream
  CreateAt();
  CreateAt("U2");
  const long long rows = Count("outbox");
  {
    auto pool = RelayPool();
    OutboxRelay relay(pool.get(), Redis(), Options());
    ASSERT_EQ(*relay.PublishPending(), rows);
    EXPECT_EQ(relay.republished(), 0);
  }
  ASSERT_EQ(static_cast<long long>(DistinctEventIds().size()), rows);
  ASSERT_TRUE(redis.Restart().ok());
  ASSERT_TRUE(DistinctEventIds().empty()) << "the restart wiped the stream";

  // A new relay (a restarted service): what it published before is remembered in PostgreSQL, not in memory.
  auto pool = RelayPool();
  OutboxRelay relay(pool.get(), Redis(), Options());
  auto published = relay.PublishPending();
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, rows);
  EXPECT_EQ(relay.republished(), rows);
  EXPECT_EQ(Count("outbox", "published_at IS NULL"), 0);
  const std::vector<std::string> ids = DistinctEventIds();
  EXPECT_EQ(static_cast<long long>(ids.size()), rows);
  EXPECT_EQ(*relay.PublishPending(), 0) << "the stream holds everything again: nothing more to send";
  EXPECT_NE(log_.str().find("lacks the last " + std::to_string(rows) + " events"), std::string::npos) << log_.str();
}

// Redis with the production persistence (AOF, fsync every second) killed under load, restarted from an append-only
// file that lacks its last writes — what a machine failure within that second leaves (a SIGKILL alone loses
// nothing that Redis had written: the kernel still has it, so the test cuts the file back to an earlier size).
TEST_F(OutboxRelayTest, RedisKilledUnderLoadLosingItsLastWritesLosesNoEvent) {
  testing::RedisServer& redis = UsePrivateRedis({.append_only = true, .appendfsync = "everysec"});
  auto pool = RelayPool();
  OutboxRelayOptions options = Options(50);
  options.max_backoff = absl::Milliseconds(200);
  OutboxRelay relay(pool.get(), Redis(), options);
  relay.Start();

  constexpr int kEvents = 1500;
  std::atomic<int> inserted{0};
  std::thread producer([&] {  // ~1000 events a second, each its own commit
    pqxx::connection connection(url_);
    for (int n = 0; n < kEvents; ++n) {
      InsertOutboxRow(connection, n);
      inserted = n + 1;
      if (n % 10 == 9) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  auto wait_for_published = [&](long long count) {
    for (int i = 0; i < 1000 && Count("outbox", "published_at IS NOT NULL") < count; ++i) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    return Count("outbox", "published_at IS NOT NULL");
  };
  ASSERT_GE(wait_for_published(300), 300);
  // The append-only file as far as an fsync had made it durable…
  const std::filesystem::path incr = IncrementalAofFile(redis);
  const auto durable_size = std::filesystem::file_size(incr);
  const long long published_when_durable = Count("outbox", "published_at IS NOT NULL");
  // …then 200 more events published (marked so in PostgreSQL) before the machine fails.
  ASSERT_GE(wait_for_published(published_when_durable + 200), published_when_durable + 200);
  ASSERT_TRUE(redis.Kill().ok());
  std::filesystem::resize_file(incr, durable_size);
  ASSERT_TRUE(redis.StartAgain().ok());
  producer.join();

  for (int i = 0; i < 1000 && Count("outbox", "published_at IS NULL") > 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  relay.Stop();
  EXPECT_EQ(Count("outbox", "published_at IS NULL"), 0);
  EXPECT_GE(relay.republished(), 200) << "Redis lost events marked published; the relay sent them again";
  const std::vector<std::string> ids = DistinctEventIds();
  ASSERT_EQ(ids.size(), static_cast<size_t>(kEvents)) << "every event of the outbox reaches a consumer";
  for (int n = 0; n < kEvents; ++n) {  // and, duplicates dropped, in commit order
    ASSERT_EQ(ids[static_cast<size_t>(n)], "ev-" + std::to_string(n));
  }
}

// Redis restarted, without its last writes, while a pass is sending: the XADD cut off must not go to the new
// server (which lacks entries) before the stream has been checked, or a later event would reach consumers
// before the earlier ones sent again.
TEST_F(OutboxRelayTest, AnXaddCutOffByARedisRestartIsNotSentAgainBeforeTheStreamIsChecked) {
  testing::RedisServer& redis = UsePrivateRedis({.append_only = true, .appendfsync = "everysec"});
  pqxx::connection connection(url_);
  for (int n = 0; n < 100; ++n) InsertOutboxRow(connection, n);
  auto pool = RelayPool();
  OutboxRelay first(pool.get(), Redis(), Options(50));
  ASSERT_EQ(*first.PublishPending(), 50);
  const std::filesystem::path incr = IncrementalAofFile(redis);
  const auto durable_size = std::filesystem::file_size(incr);  // what will survive: the first 50
  ASSERT_EQ(*first.PublishPending(), 50);                       // these 50 are published, then lost
  constexpr int kBacklog = 20000;
  Exec("INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) SELECT 'ev-' || n, "
       "'d-' || n % 4, n / 4 + 1, 'EVENT_TYPE_DOSSIER_SUBMITTED', '\\x00' FROM generate_series(100, " +
       std::to_string(100 + kBacklog - 1) + ") AS n");
  const pid_t redis_pid = RedisPid();
  ASSERT_GT(redis_pid, 0);

  OutboxRelayOptions options = Options(kBacklog + 100);  // one long pass
  options.max_backoff = absl::Milliseconds(100);
  OutboxRelay relay(pool.get(), Redis(), options);
  relay.Start();
  ASSERT_TRUE(WaitForStreamLength(100 + 500, absl::Milliseconds(1))) << "the pass is sending";
  ::kill(redis_pid, SIGSTOP);      // the pass waits for the reply to its XADD…
  ASSERT_TRUE(redis.Kill().ok());  // …which never comes: the machine fails
  std::filesystem::resize_file(incr, durable_size);
  ASSERT_TRUE(redis.StartAgain().ok());  // back well within the reconnect budget of one command (2 s)
  for (int i = 0; i < 1000 && Count("outbox", "published_at IS NULL") > 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  relay.Stop();
  EXPECT_NE(log_.str().find("Redis connection lost during XADD"), std::string::npos)
      << "the restart cut a pass off, as the test means it to:\n" << log_.str();
  EXPECT_EQ(Count("outbox", "published_at IS NULL"), 0);
  const std::vector<std::string> ids = DistinctEventIds();
  ASSERT_EQ(ids.size(), static_cast<size_t>(100 + kBacklog)) << "no event lost";
  for (int n = 0; n < 100 + kBacklog; ++n) {  // and, duplicates dropped, in commit order
    ASSERT_EQ(ids[static_cast<size_t>(n)], "ev-" + std::to_string(n));
  }
}

TEST_F(OutboxRelayTest, PublishedRowsAreKeptForTheRetentionThenPruned) {
  CreateAt();
  const long long rows = Count("outbox");
  ASSERT_GE(rows, 3);
  auto pool = RelayPool();
  OutboxRelayOptions options = Options();
  options.prune_interval = absl::ZeroDuration();  // every pass
  OutboxRelay relay(pool.get(), Redis(), options);
  ASSERT_EQ(*relay.PublishPending(), rows);
  EXPECT_EQ(Count("outbox"), rows) << "just published: kept";
  // Two rows published longer ago than the retention, one just within it.
  Exec("UPDATE dossier.outbox SET published_at = now() - interval '7 days 1 minute' WHERE id IN "
       "(SELECT id FROM dossier.outbox ORDER BY id LIMIT 2)");
  Exec("UPDATE dossier.outbox SET published_at = now() - interval '6 days 23 hours' WHERE id = "
       "(SELECT id FROM dossier.outbox ORDER BY id OFFSET 2 LIMIT 1)");
  pqxx::connection connection(url_);
  InsertOutboxRow(connection, 0);  // and a new event
  ASSERT_EQ(*relay.PublishPending(), 1);
  EXPECT_EQ(Count("outbox"), rows - 1) << "the two old rows are gone, the new one is in";
  EXPECT_EQ(Count("outbox", "event_id = 'ev-0'"), 1);
  EXPECT_EQ(Count("outbox", "published_at < now() - interval '7 days'"), 0);
  EXPECT_EQ(Count("outbox", "published_at < now() - interval '6 days'"), 1);
}

}  // namespace
}  // namespace tdkt::dossier
