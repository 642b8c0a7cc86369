#pragma once
// Scheduler instances in process on a fresh database and a stream of the test's own: real PostgreSQL and Redis
// (tests/support), the real SchedulerServer (consumer, firing loop, relay), the calendar from data/holidays, and
// a base::FakeClock that decides the claim instant (ClaimClock::kInjected), so that no test waits for 08:00.
// Deadline events are real EventEnvelope entries XADDed to the stream as the dossier's relay writes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "base/clock.h"
#include "base/iso_date.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/redis_streams.h"
#include "services/scheduler/scheduler_server.h"
#include "tdkt/v1/events.pb.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {

// 08:00 Asia/Ho_Chi_Minh on `day` plus `offset`.
inline absl::Time At8(absl::CivilDay day, absl::Duration offset = absl::ZeroDuration()) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 8, 0, 0), workflow::VietnamTimeZone()) +
         offset;
}

// One deadline event to publish; built by Ev(…) and adjusted with the With… setters (g++ 12 warns about
// designated initialisers that leave members to their defaults).
struct DeadlineEventSpec {
  tdkt::v1::EventType type = tdkt::v1::EVENT_TYPE_DEADLINE_SET;
  std::string dossier_id = "d-1";
  int64_t version = 1;
  int deadline_no = 1;
  std::optional<absl::CivilDay> due;
  absl::Time occurred_at;
  std::string org_id = "C1";
  std::string event_id;  // empty: derived from the other fields

  DeadlineEventSpec& Dossier(std::string id) {
    dossier_id = std::move(id);
    return *this;
  }
  DeadlineEventSpec& Version(int64_t v) {
    version = v;
    return *this;
  }
  DeadlineEventSpec& DeadlineNo(int n) {
    deadline_no = n;
    return *this;
  }
  DeadlineEventSpec& Org(std::string id) {
    org_id = std::move(id);
    return *this;
  }
  DeadlineEventSpec& EventId(std::string id) {
    event_id = std::move(id);
    return *this;
  }
};

// A deadline event of `type` for dossier d-1 (version 1, deadline d-1/1, organisation C1).
inline DeadlineEventSpec Ev(tdkt::v1::EventType type, std::optional<absl::CivilDay> due, absl::Time occurred_at) {
  DeadlineEventSpec spec;
  spec.type = type;
  spec.due = due;
  spec.occurred_at = occurred_at;
  return spec;
}
inline DeadlineEventSpec SetEv(absl::CivilDay due, absl::Time occurred_at) {
  return Ev(tdkt::v1::EVENT_TYPE_DEADLINE_SET, due, occurred_at);
}
inline DeadlineEventSpec ClearedEv(absl::Time occurred_at) {
  return Ev(tdkt::v1::EVENT_TYPE_DEADLINE_CLEARED, std::nullopt, occurred_at);
}

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : clock_(At8(absl::CivilDay(2026, 3, 2), -absl::Hours(1))) {}

  void SetUp() override {
    url_ = testing::NewDatabase();
    stream_ = absl::StrCat("test:", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    common::RedisStreams redis(Redis());
    ASSERT_TRUE(redis.Command({"DEL", stream_}).ok());
  }
  void TearDown() override { instances_.clear(); }

  common::RedisEndpoint Redis() const { return *common::ParseRedisUrl(redis_url_); }
  // A Redis server of the test's own from here on (one it may stop), in place of the shared one; call before
  // starting instances.
  testing::RedisServer& UsePrivateRedis() {
    private_redis_ = testing::PrivateRedis();
    redis_url_ = private_redis_->url();
    redis_ = std::make_unique<common::RedisStreams>(Redis());
    return *private_redis_;
  }

  SchedulerConfig Config(const std::string& consumer) const {
    SchedulerConfig config;
    config.admin_listen = "127.0.0.1:0";
    config.pg_url = url_;
    config.redis_url = redis_url_;
    config.outbox_relay = relay_;
    config.data_dir = TDKT_SOURCE_DATA_DIR;
    config.stream = stream_;
    config.consumer_name = consumer;
    config.escalate = false;
    config.directory_addr = "127.0.0.1:1";  // never called unless a test gives no org tree and calls the API
    return config;
  }

  // Starts one more instance; it is stopped by StopAll() or at the end of the test.
  // `claim_clock` kInjected: the fake clock decides what is due (and the loop re-checks every 200 ms);
  // kDatabase: PostgreSQL's now() does, as in production, and only notifications wake the loop early.
  SchedulerServer& StartInstance(const std::string& consumer, ClaimClock claim_clock = ClaimClock::kInjected) {
    SchedulerConfig config = Config(consumer);
    SchedulerDeps deps;
    deps.clock = &clock_;
    deps.claim_clock = claim_clock;
    deps.max_sleep = claim_clock == ClaimClock::kInjected ? absl::Milliseconds(200) : absl::Minutes(5);
    deps.token_keys = token_keys_ ? *token_keys_ : auth::PublicKeySet();
    deps.org_tree = org_tree_;
    auto server = SchedulerServer::Create(config, std::move(deps));
    EXPECT_TRUE(server.ok()) << server.status();
    EXPECT_TRUE((*server)->Start().ok());
    instances_.push_back(*std::move(server));
    return *instances_.back();
  }
  void StopAll() {
    for (auto& instance : instances_) instance->Stop();
    instances_.clear();
  }
  // Moves the fake clock and wakes every running firing loop.
  void SetClock(absl::Time now) {
    clock_.Set(now);
    for (auto& instance : instances_) instance->firing_loop().Wake();
  }

  static std::string DeadlineId(const DeadlineEventSpec& spec) {
    return absl::StrCat(spec.dossier_id, "/", spec.deadline_no);
  }

  // The envelope the dossier's outbox would carry for `spec`.
  static tdkt::v1::EventEnvelope Envelope(const DeadlineEventSpec& spec) {
    tdkt::v1::EventEnvelope envelope;
    envelope.set_event_id(spec.event_id.empty() ? absl::StrCat("ev-", spec.dossier_id, "-", spec.version, "-",
                                                               static_cast<int>(spec.type))
                                                : spec.event_id);
    envelope.set_type(spec.type);
    *envelope.mutable_occurred_at() = common::ToProtoTime(spec.occurred_at);
    envelope.set_producer("dossier");
    envelope.set_dossier_id(spec.dossier_id);
    envelope.set_dossier_version(spec.version);
    envelope.set_award_code("GK_CHU_TICH_XA");
    envelope.set_year(2026);
    envelope.set_level(tdkt::v1::ORG_LEVEL_COMMUNE);
    envelope.set_holding_org_id(spec.org_id);
    tdkt::v1::DeadlineChanged* d = nullptr;
    switch (spec.type) {
      case tdkt::v1::EVENT_TYPE_DEADLINE_PAUSED:
        d = envelope.mutable_deadline_paused();
        break;
      case tdkt::v1::EVENT_TYPE_DEADLINE_RESUMED:
        d = envelope.mutable_deadline_resumed();
        break;
      case tdkt::v1::EVENT_TYPE_DEADLINE_CLEARED:
        d = envelope.mutable_deadline_cleared();
        break;
      default:
        d = envelope.mutable_deadline_set();
        break;
    }
    d->set_deadline_id(DeadlineId(spec));
    d->set_level(tdkt::v1::ORG_LEVEL_COMMUNE);
    d->set_org_id(spec.org_id);
    d->set_working_days_allowed(10);
    if (spec.due) *d->mutable_due_date() = common::ToProtoDate(*spec.due);
    d->set_calendar_id("vn");
    return envelope;
  }

  void Publish(const DeadlineEventSpec& spec) { PublishEnvelope(Envelope(spec)); }
  void PublishEnvelope(const tdkt::v1::EventEnvelope& envelope) {
    ASSERT_TRUE(redis_
                    ->XAdd(stream_, {{"event_id", envelope.event_id()},
                                    {"type", tdkt::v1::EventType_Name(envelope.type())},
                                    {"dossier_id", envelope.dossier_id()},
                                    {"data", envelope.SerializeAsString()}})
                    .ok());
  }

  long long Count(const std::string& table, const std::string& where = "true") {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    return txn.exec1(absl::StrCat("SELECT count(*) FROM scheduler.", table, " WHERE ", where))[0].as<long long>();
  }
  // Waits up to `timeout` for Count(table, where) to reach `expected`; returns the last count.
  long long WaitForCount(const std::string& table, const std::string& where, long long expected,
                         absl::Duration timeout = absl::Seconds(20)) {
    const absl::Time give_up = absl::Now() + timeout;
    long long count = -1;
    while (absl::Now() < give_up) {
      count = Count(table, where);
      if (count >= expected) return count;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return count;
  }
  // Waits until every published deadline event is consumed (recorded in scheduler.idempotency).
  void WaitForEvents(long long expected) {
    ASSERT_EQ(WaitForCount("idempotency", "true", expected, absl::Seconds(120)), expected);
  }

  // status → "reminder_kind/step fire_on" of one deadline's timers, by fire_at.
  std::map<int, std::vector<std::string>> TimersByStatus(const std::string& deadline_id) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    std::map<int, std::vector<std::string>> out;
    for (const auto& r : txn.exec_params("SELECT status, kind, reminder_kind, step, fire_on::text FROM scheduler.timer "
                                         "WHERE deadline_id = $1 ORDER BY fire_at, id",
                                         deadline_id)) {
      const std::string kind = r[1].as<int>() == 2 ? "ESC" : tdkt::v1::ReminderKind_Name(r[2].as<int>()).substr(14);
      out[r[0].as<int>()].push_back(absl::StrCat(kind, "/", r[3].as<int>(), " ", r[4].as<std::string>()));
    }
    return out;
  }

  // Every entry of the test's stream, read with a fresh consumer group.
  std::vector<common::StreamEntry> ReadStream() {
    common::RedisStreams redis(Redis());
    const std::string group = absl::StrCat("reader-", ++readers_);
    EXPECT_TRUE(redis.CreateGroup(stream_, group).ok());
    std::vector<common::StreamEntry> all;
    while (true) {
      auto entries = redis.XReadGroup(stream_, group, "r", 10000, absl::Milliseconds(1));
      EXPECT_TRUE(entries.ok()) << entries.status();
      if (!entries.ok() || entries->empty()) return all;
      all.insert(all.end(), entries->begin(), entries->end());
    }
  }
  static std::string Field(const common::StreamEntry& entry, const std::string& name) {
    for (const auto& [key, value] : entry.fields) {
      if (key == name) return value;
    }
    return "";
  }
  // The DEADLINE_REMINDER envelopes on the stream, in stream order.
  std::vector<tdkt::v1::EventEnvelope> ReminderEvents() {
    std::vector<tdkt::v1::EventEnvelope> reminders;
    for (const common::StreamEntry& entry : ReadStream()) {
      if (Field(entry, "type") != "EVENT_TYPE_DEADLINE_REMINDER") continue;
      tdkt::v1::EventEnvelope envelope;
      EXPECT_TRUE(envelope.ParseFromString(Field(entry, "data")));
      reminders.push_back(std::move(envelope));
    }
    return reminders;
  }

  base::FakeClock clock_;
  std::optional<auth::PublicKeySet> token_keys_;  // the API's keys; none by default (every call refused)
  const OrgTree* org_tree_ = nullptr;
  std::string url_;
  std::string stream_;
  bool relay_ = true;  // instances run the outbox relay
  std::string redis_url_ = testing::TestRedis().url();
  std::unique_ptr<testing::RedisServer> private_redis_;
  std::unique_ptr<common::RedisStreams> redis_ = std::make_unique<common::RedisStreams>(Redis());
  std::vector<std::unique_ptr<SchedulerServer>> instances_;
  int readers_ = 0;
};

}  // namespace tdkt::scheduler
