// The notifier at the end of the real pipeline (support/pipeline.h): transitions made through the real dossier
// service, published by its outbox relay to tdkt:events on a Redis of the test's own, turned into notifications
// by tdkt-notifier processes. The test works out on its own whom each transition must reach — by the table of
// services/notifier/recipient_rules.cc and the directory's role holders — and compares that set with the
// notifications written: every one there, none twice, none more.
//   - 1,000 transitions commit while Redis is stopped for 30 seconds; once it is back (empty: it keeps nothing),
//     each is notified once, and the events from before the outage, published again, are not notified twice.
//   - Two outbox relays (two dossier service replicas on one database) and two notifier replicas in one group:
//     each notification once.
#include <atomic>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/redis_streams.h"
#include "services/notifier/fanout_subscriber.h"
#include "tests/integration/services/notifier/support/pipeline.h"
#include "tests/support/local_servers.h"
#include "tests/support/servers_environment.h"

namespace tdkt::notifier_test {
namespace {

namespace fs = std::filesystem;
namespace v1 = tdkt::v1;

// "<dossier id>/<version>/<event type number>/<person id>" → how many times.
using NotificationSet = std::map<std::string, int>;

std::string Key(const std::string& dossier_id, int64_t version, int event_type, const std::string& person_id) {
  return absl::StrCat(dossier_id, "/", version, "/", event_type, "/", person_id);
}

// What differs between two sets, at most 10 keys of each side, for the failure message.
std::string Difference(const NotificationSet& expected, const NotificationSet& written) {
  std::vector<std::string> missing, extra;
  for (const auto& [key, count] : expected) {
    const auto it = written.find(key);
    const int there = it == written.end() ? 0 : it->second;
    if (there < count && missing.size() < 10) missing.push_back(absl::StrCat(key, " ×", count - there));
  }
  for (const auto& [key, count] : written) {
    const auto it = expected.find(key);
    const int wanted = it == expected.end() ? 0 : it->second;
    if (count > wanted && extra.size() < 10) extra.push_back(absl::StrCat(key, " ×", count - wanted));
  }
  return absl::StrCat("missing: ", absl::StrJoin(missing, ", "), "\nextra or twice: ", absl::StrJoin(extra, ", "));
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / absl::StrCat("tdkt-pipeline-", getpid(), "-", ++runs_);
    fs::create_directories(dir_);
    auto pipeline = Pipeline::Start({.binaries = {TDKT_DIRECTORY_BINARY, TDKT_DIRECTORY_ADMIN_BINARY,
                                                  TDKT_NOTIFIER_BINARY},
                                     .pg_url = url_,
                                     .work_dir = dir_.string(),
                                     .data_dir = std::string(TDKT_SOURCE_DIR) + "/data"});
    ASSERT_TRUE(pipeline.ok()) << pipeline.status();
    pipeline_ = std::move(*pipeline);
  }
  void TearDown() override {
    if (pipeline_) {
      pipeline_->StopAll();
      if (HasFailure()) std::cerr << pipeline_->Logs() << "\n";
    }
    fs::remove_all(dir_);
  }

  // Whom each transition must reach, by the rules of recipient_rules.cc that its events fall under: the
  // appraisers of the organisation a submitted or resubmitted dossier arrives at, the submitters of the origin
  // unit of a returned one. Creating, attaching documents and accepting tell nobody.
  NotificationSet Expected(const std::vector<MadeTransition>& made) {
    std::map<std::string, std::vector<std::string>> holders;  // "<org>/<role>" → people, asked once
    auto people = [&](const std::string& org, v1::Role role) -> const std::vector<std::string>& {
      const std::string key = absl::StrCat(org, "/", role);
      if (!holders.contains(key)) {
        auto found = pipeline_->RoleHolders(org, role);
        EXPECT_TRUE(found.ok()) << found.status();
        EXPECT_FALSE(found.ok() && found->empty()) << "nobody holds role " << role << " at " << org;
        holders[key] = found.ok() ? *found : std::vector<std::string>{};
      }
      return holders[key];
    };
    NotificationSet expected;
    for (const MadeTransition& t : made) {
      const std::vector<std::string>* told = nullptr;
      switch (t.event) {
        case v1::EVENT_TYPE_DOSSIER_SUBMITTED:
        case v1::EVENT_TYPE_DOSSIER_RESUBMITTED:
          told = &people(t.holding_org_id, v1::ROLE_APPRAISER);
          break;
        case v1::EVENT_TYPE_DOSSIER_RETURNED:
          told = &people(t.origin_org_id, v1::ROLE_SUBMITTER);
          break;
        default:
          break;
      }
      if (told == nullptr) continue;
      for (const std::string& person : *told) ++expected[Key(t.dossier_id, t.version, t.event, person)];
    }
    return expected;
  }

  // The notifications written about `made`'s dossiers, each keyed by the transition whose outbox row carried its
  // event (the row's event_seq is the dossier's version after the transition).
  NotificationSet Written(const std::vector<MadeTransition>& made) {
    std::set<std::string> dossiers;
    for (const MadeTransition& t : made) dossiers.insert(t.dossier_id);
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    NotificationSet written;
    for (const auto& row : work.exec(
             "SELECT n.dossier_id, o.event_seq, n.event_type, n.person_id FROM notifier.notification n "
             "LEFT JOIN dossier.outbox o ON o.event_id = n.event_id")) {
      if (!dossiers.contains(row[0].c_str())) continue;
      written[Key(row[0].c_str(), row[1].is_null() ? -1 : row[1].as<int64_t>(), row[2].as<int>(), row[3].c_str())]++;
    }
    return written;
  }

  std::string Text(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string all;
    for (const auto& row : work.exec(sql)) {
      for (const auto& field : row) absl::StrAppend(&all, field.is_null() ? "NULL" : field.c_str(), "|");
      all += "\n";
    }
    return all;
  }
  long long Count(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1(sql)[0].as<long long>();
  }

  // Waits until the notifications written are `expected` (or `timeout` passes); returns the last reading.
  NotificationSet WaitForNotifications(const std::vector<MadeTransition>& made, const NotificationSet& expected,
                                       absl::Duration timeout) {
    const absl::Time give_up = absl::Now() + timeout;
    NotificationSet written = Written(made);
    while (written != expected && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(200));
      written = Written(made);
    }
    return written;
  }

  // Every entry of tdkt:events was delivered to the group "notifier" and acknowledged.
  bool AllAcknowledged() {
    auto info = notifier::ReadGroupInfo(*common::ParseRedisUrl(redis_->url()), "tdkt:events", "notifier");
    return info.ok() && info->pending == 0 && info->lag == 0;
  }
  long long StreamLength(const std::string& stream) {
    common::RedisStreams redis(*common::ParseRedisUrl(redis_->url()));
    auto length = redis.Command({"XLEN", stream});
    return length.ok() ? std::stoll(*length) : -1;
  }

  long long DistinctEventIds(const std::string& stream) {
    common::RedisStreams redis(*common::ParseRedisUrl(redis_->url()));
    auto entries = redis.XRevRange(stream, "+", "-", 1'000'000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    std::set<std::string> ids;
    for (const common::StreamEntry& entry : entries.ok() ? *entries : std::vector<common::StreamEntry>{}) {
      for (const auto& [name, value] : entry.fields) {
        if (name == "event_id") ids.insert(value);
      }
    }
    return static_cast<long long>(ids.size());
  }

  // Runs `work(i)` on `threads` threads; the failures each returned, joined.
  static std::string OnThreads(int threads, const std::function<absl::Status(int)>& work) {
    std::vector<std::string> failures(threads);
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i) {
      running.emplace_back([&, i] {
        if (absl::Status status = work(i); !status.ok()) failures[i] = status.ToString();
      });
    }
    for (auto& thread : running) thread.join();
    std::string all;
    for (const std::string& failure : failures) {
      if (!failure.empty()) absl::StrAppend(&all, failure, "\n");
    }
    return all;
  }

  // A dossier brought under review, then returned and resubmitted in turn until it has made `transitions`.
  static absl::Status Drive(SchoolDossiers& school, int transitions) {
    auto dossier = school.CreateUnderReview();
    if (!dossier.ok()) return dossier.status();
    for (int i = 6; i < transitions; ++i) {
      absl::Status status = i % 2 == 0 ? school.Return(*dossier) : school.Resubmit(*dossier);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  static inline int runs_ = 0;
  fs::path dir_;
  std::string url_ = testing::NewDatabase();
  // The relay publishes to the production stream name: a Redis of the test's own. Without persistence, so that a
  // stop also wipes the stream and the consumer group: the relay must publish again every row it had published
  // (it keeps them), the notifier must make its group again, and the events it had applied come back to it.
  std::unique_ptr<testing::RedisServer> redis_ = testing::PrivateRedis();
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, AThousandTransitionsWhileRedisIsStoppedForThirtySecondsAreEachNotifiedOnce) {
  constexpr int kDossiers = 8;
  constexpr int kTransitionsEach = 125;  // 6 to bring it under review, then 119 returns and resubmissions
  constexpr absl::Duration kOutage = absl::Seconds(30);
  auto dossier = pipeline_->StartDossier(redis_->url());
  ASSERT_TRUE(dossier.ok()) << dossier.status();
  ASSERT_TRUE(pipeline_->StartNotifier("a", redis_->url()).ok());

  // The pipeline works before the outage: a first dossier reaches its appraiser (and the caches are warm).
  SchoolDossiers before(*pipeline_, **dossier, "truoc");
  ASSERT_TRUE(before.CreateUnderReview().ok());
  ASSERT_EQ(WaitForNotifications(before.made(), Expected(before.made()), absl::Seconds(30)),
            Expected(before.made()));

  ASSERT_TRUE(redis_->Shutdown().ok());
  const absl::Time stopped = absl::Now();
  SchoolDossiers school(*pipeline_, **dossier, "trong");
  const std::string failures = OnThreads(kDossiers, [&](int) { return Drive(school, kTransitionsEach); });
  const absl::Duration transitions_took = absl::Now() - stopped;
  ASSERT_EQ(failures, "") << "every transition commits while Redis is stopped";
  const std::vector<MadeTransition> made = school.made();
  ASSERT_EQ(made.size(), static_cast<size_t>(kDossiers * kTransitionsEach));
  // Nothing of them went anywhere yet: every outbox row waits, nobody is told.
  const std::string first_dossier = before.made().front().dossier_id;
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM dossier.outbox WHERE published_at IS NOT NULL AND "
                               "dossier_id <> '", first_dossier, "'")),
            0)
      << Text(absl::StrCat("SELECT id, dossier_id, type, published_at, stream_ms, stream_seq FROM dossier.outbox "
                           "WHERE published_at IS NOT NULL AND dossier_id <> '", first_dossier, "'"));
  EXPECT_GE(Count("SELECT count(*) FROM dossier.outbox WHERE published_at IS NULL"), kDossiers * kTransitionsEach);
  EXPECT_TRUE(Written(made).empty());
  ASSERT_LT(transitions_took, kOutage) << "the transitions outlasted the outage: the test proves less";

  absl::SleepFor(stopped + kOutage - absl::Now());
  ASSERT_TRUE(redis_->StartAgain().ok());
  const absl::Time restarted = absl::Now();
  // The first dossier's events come again (the stream was wiped): they must not be told twice.
  std::vector<MadeTransition> all = before.made();
  all.insert(all.end(), made.begin(), made.end());
  const NotificationSet expected = Expected(all);
  ASSERT_EQ(expected.size(), static_cast<size_t>(1 + kDossiers * (1 + 119)));  // every submission and return
  const NotificationSet written = WaitForNotifications(all, expected, absl::Seconds(60));
  const absl::Duration caught_up = absl::Now() - restarted;
  EXPECT_EQ(written, expected) << Difference(expected, written);
  EXPECT_TRUE([&] {
    for (int i = 0; i < 100 && !AllAcknowledged(); ++i) absl::SleepFor(absl::Milliseconds(100));
    return AllAcknowledged();
  }());
  EXPECT_EQ(Count("SELECT count(*) FROM dossier.outbox WHERE published_at IS NULL"), 0);
  // The wiped stream got every row again, those from before the outage included (an XADD cut off by the restart
  // may have gone twice: at least once).
  EXPECT_EQ(DistinctEventIds("tdkt:events"), Count("SELECT count(*) FROM dossier.outbox"));
  EXPECT_EQ(StreamLength("tdkt:dead"), 0) << "no event was buried";
  std::cout << made.size() << " transitions in " << transitions_took << " with Redis stopped for "
            << restarted - stopped << "; every notification written " << caught_up << " after the restart\n";
}

TEST_F(PipelineTest, TwoRelaysAndTwoNotifierReplicasTellEachPersonOnce) {
  constexpr int kDossiersEach = 2;  // per dossier service
  constexpr int kTransitionsEach = 50;
  auto first = pipeline_->StartDossier(redis_->url());
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = pipeline_->StartDossier(redis_->url());
  ASSERT_TRUE(second.ok()) << second.status();
  auto a = pipeline_->StartNotifier("a", redis_->url());
  ASSERT_TRUE(a.ok()) << a.status();
  auto b = pipeline_->StartNotifier("b", redis_->url());
  ASSERT_TRUE(b.ok()) << b.status();

  SchoolDossiers through_first(*pipeline_, **first, "mot");
  SchoolDossiers through_second(*pipeline_, **second, "hai");
  const std::string failures = OnThreads(2 * kDossiersEach, [&](int i) {
    return Drive(i % 2 == 0 ? through_first : through_second, kTransitionsEach);
  });
  ASSERT_EQ(failures, "");
  std::vector<MadeTransition> made = through_first.made();
  for (const MadeTransition& t : through_second.made()) made.push_back(t);
  ASSERT_EQ(made.size(), static_cast<size_t>(2 * kDossiersEach * kTransitionsEach));

  const NotificationSet expected = Expected(made);
  const NotificationSet written = WaitForNotifications(made, expected, absl::Seconds(60));
  EXPECT_EQ(written, expected) << Difference(expected, written);
  ASSERT_TRUE([&] {
    for (int i = 0; i < 100 && !AllAcknowledged(); ++i) absl::SleepFor(absl::Milliseconds(100));
    return AllAcknowledged();
  }());
  // The relays sent each outbox row once (one holds the lock at a time), and the two replicas together applied
  // each event once, both taking part.
  const long long events = Count("SELECT count(*) FROM dossier.outbox");
  EXPECT_EQ(StreamLength("tdkt:events"), events);
  const std::string applied = "tdkt_notifier_events_consumed_total{outcome=\"applied\"}";
  const long by_a = Pipeline::Metric(**a, applied);
  const long by_b = Pipeline::Metric(**b, applied);
  EXPECT_GT(by_a, 0);
  EXPECT_GT(by_b, 0);
  EXPECT_EQ(by_a + by_b, events);
  EXPECT_EQ(StreamLength("tdkt:dead"), 0);
}

}  // namespace
}  // namespace tdkt::notifier_test
