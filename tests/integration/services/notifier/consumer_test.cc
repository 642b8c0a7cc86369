// The consumer's guarantees on the real binaries: each event applied once (duplicates absorbed), a malformed
// entry and an event failing every time go to the dead stream while the consumer goes on, a notifier killed with
// SIGKILL mid-batch loses nothing after a restart, and two replicas write each notification once.
#include <signal.h>

#include <fstream>

#include "absl/strings/match.h"

#include "tests/integration/services/notifier/notifier_world.h"

namespace tdkt::notifier_test {
namespace {

using ConsumerTest = NotifierWorld;

TEST_F(ConsumerTest, DuplicateEntriesAreAbsorbed) {
  StartNotifier("a");
  std::vector<v1::EventEnvelope> events;
  for (int i = 0; i < 30; ++i) events.push_back(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  for (const auto& e : events) Publish(e);
  for (const auto& e : events) Publish(e);  // the relay sends again after a Redis failure
  Publish(events[0]);
  ASSERT_TRUE(WaitFor([&] { return StreamLength(Stream()) == 61 && AllAcknowledged(); }, absl::Seconds(60)));
  // One appraiser at UBND xã Đồng Tân (vp.dongtan): one notification per event, not per entry.
  EXPECT_EQ(NotificationsOf("vp.dongtan"), 30);
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.notification"), 30);
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.idempotency WHERE request_id LIKE 'event/%'"), 30);
  EXPECT_EQ(StreamLength(DeadStream()), 0);
}

TEST_F(ConsumerTest, MalformedEntryGoesToDeadAndTheConsumerGoesOn) {
  StartNotifier("a");
  ASSERT_TRUE(Redis().XAdd(Stream(), {{"event_id", "x"}, {"type", "EVENT_TYPE_DOSSIER_SUBMITTED"},
                                      {"data", "\xff\xff not a protobuf"}}).ok());
  ASSERT_TRUE(Redis().XAdd(Stream(), {{"type", "no data field"}}).ok());
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-after"));
  ASSERT_TRUE(WaitFor([&] { return AllAcknowledged() && NotificationsOf("vp.dongtan") == 1; }, absl::Seconds(30)));
  EXPECT_EQ(StreamLength(DeadStream()), 2);
  // Two consumer threads may take the two entries: their dead letters come in either order.
  const std::string first = DeadField(1, "error"), second = DeadField(2, "error");
  const bool in_order = absl::StrContains(first, "EventEnvelope") && second == "no data field";
  const bool swapped = first == "no data field" && absl::StrContains(second, "EventEnvelope");
  EXPECT_TRUE(in_order || swapped) << first << " / " << second;
  EXPECT_EQ(DeadField(1, "source_stream"), Stream());
}

TEST_F(ConsumerTest, AnEventThatFailsEveryTimeGoesToDeadAfterTheLimit) {
  StartNotifier("a", {"--max-event-failures", "3"});
  v1::EventEnvelope bad = Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-bad");
  bad.set_holding_org_id("khong-phai-ma-so");  // the directory refuses it: retrying cannot help
  const std::string bad_entry = Publish(bad);
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-good"));
  ASSERT_TRUE(WaitFor([&] { return StreamLength(DeadStream()) == 1 && AllAcknowledged(); }, absl::Seconds(60)));
  EXPECT_EQ(NotificationsOf("vp.dongtan"), 1);  // the good one, which came after
  EXPECT_EQ(DeadField(1, "failures"), "3");
  EXPECT_EQ(DeadField(1, "source_id"), bad_entry);
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.event_failure"), 0);  // forgotten once dead
}

TEST_F(ConsumerTest, AGroupCreatedWithDollarSkipsWhatWasAlreadyInTheStream) {
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-old-1"));
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-old-2"));
  StartNotifier("a", {"--group-start=$"});
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-new"));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") == 1 && AllAcknowledged(); }, absl::Seconds(30)));
  EXPECT_EQ(Scalar("SELECT dossier_id FROM notifier.notification"), "d-new");
}

TEST_F(ConsumerTest, KilledMidBatchAndRestartedLosesNothing) {
  constexpr int kEvents = 400;
  for (int i = 0; i < kEvents; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  // Killed four times while working through the batch: a kill lands inside an event's handling more often than
  // not, so a consumer that acknowledged before committing would lose one here almost surely.
  for (long threshold : {20, 60, 100, 140}) {
    NotifierProcess& notifier = StartNotifier("a");
    ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") >= threshold; }, absl::Seconds(60)));
    notifier.process.Stop(SIGKILL, absl::Seconds(1));
    EXPECT_LT(NotificationsOf("vp.dongtan"), kEvents) << "the batch was over before the kill: the test proves nothing";
  }
  // A new process has a new consumer name: what the dead ones held is taken over after --claim-idle-ms.
  StartNotifier("a");
  ASSERT_TRUE(WaitFor([&] { return AllAcknowledged(); }, absl::Seconds(120)));
  EXPECT_EQ(NotificationsOf("vp.dongtan"), kEvents);
  EXPECT_EQ(Count("SELECT count(DISTINCT event_id) FROM notifier.notification"), kEvents);
  EXPECT_EQ(StreamLength(DeadStream()), 0);
}

TEST_F(ConsumerTest, TwoReplicasWriteEachNotificationOnce) {
  StartNotifier("a");
  StartNotifier("b");
  constexpr int kEvents = 300;
  for (int i = 0; i < kEvents; ++i) {
    Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
    if (i % 50 == 0) absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(WaitFor([&] { return AllAcknowledged(); }, absl::Seconds(120)));
  EXPECT_EQ(NotificationsOf("vp.dongtan"), kEvents);
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.notification"), kEvents);
  // Both took part, and together they applied each event once.
  const long a = Metric(*notifiers_["a"], "tdkt_notifier_events_consumed_total{outcome=\"applied\"}");
  const long b = Metric(*notifiers_["b"], "tdkt_notifier_events_consumed_total{outcome=\"applied\"}");
  EXPECT_GT(a, 0);
  EXPECT_GT(b, 0);
  EXPECT_EQ(a + b, kEvents);
}

}  // namespace
}  // namespace tdkt::notifier_test

namespace tdkt::notifier_test {
namespace {

// The resident set of a process in KiB (VmRSS of /proc/<pid>/status), as `ps -o rss` shows it.
long ResidentKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

TEST_F(ConsumerTest, AnIdleNotifierStaysUnder32Megabytes) {
  NotifierProcess& notifier = StartNotifier("a");
  for (int i = 0; i < 50; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  ASSERT_TRUE(WaitFor([&] { return AllAcknowledged(); }, absl::Seconds(60)));
  absl::SleepFor(absl::Seconds(3));  // idle: a few heartbeats and polls
  const long rss = ResidentKib(notifier.process.pid());
  std::cout << "tdkt-notifier idle RSS after 50 events: " << rss << " KiB\n"
            << ReadFile(absl::StrCat("/proc/", notifier.process.pid(), "/smaps_rollup"));
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, 32 * 1024);
}

}  // namespace
}  // namespace tdkt::notifier_test
