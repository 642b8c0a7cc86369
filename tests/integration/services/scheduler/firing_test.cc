// Firing against real PostgreSQL and Redis, driven by a fake clock: reminders fire at their instant and not
// before, exactly once across replicas, through the outbox to the stream; timers missed while every replica was
// down fire once at start, marked late; overdue reminders plan their successor.
#include "tests/integration/services/scheduler/scheduler_fixture.h"

namespace tdkt::scheduler {
namespace {

using ::testing::ElementsAre;

constexpr int kPending = 1, kFired = 3;

class FiringTest : public SchedulerTest {};

TEST_F(FiringTest, TheFakeClockDrivesTheLoopAndNothingFiresEarly) {
  const absl::CivilDay due(2026, 3, 20);  // T−3 Tue 17/03, T−1 Thu 19/03
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  StartInstance("s1");
  Publish(SetEv(due, At8(absl::CivilDay(2026, 3, 2))));
  WaitForEvents(1);
  SetClock(At8(absl::CivilDay(2026, 3, 17), -absl::Seconds(1)));
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Count("outbox"), 0) << "one second before T−3 nothing fires";
  SetClock(At8(absl::CivilDay(2026, 3, 17)));
  ASSERT_EQ(WaitForCount("outbox", "true", 1), 1);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Count("outbox"), 1) << "T−1 is not due yet";
  EXPECT_THAT(TimersByStatus("d-1/1")[kFired], ElementsAre("BEFORE_DUE/3 2026-03-17"));

  // The relay publishes it to the stream, with the dossier context of the deadline event.
  std::vector<tdkt::v1::EventEnvelope> events;
  for (int i = 0; i < 200 && events.empty(); ++i) {
    events = ReminderEvents();
    if (events.empty()) absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(events.size(), 1u);
  const tdkt::v1::EventEnvelope& e = events[0];
  EXPECT_EQ(e.producer(), "scheduler");
  EXPECT_EQ(e.actor().service(), "scheduler");
  EXPECT_EQ(e.dossier_id(), "d-1");
  EXPECT_EQ(e.award_code(), "GK_CHU_TICH_XA");
  EXPECT_EQ(e.deadline_reminder().kind(), tdkt::v1::REMINDER_KIND_BEFORE_DUE);
  EXPECT_EQ(e.deadline_reminder().working_days_before_due(), 3);
  EXPECT_EQ(e.deadline_reminder().org_id(), "C1");
  EXPECT_EQ(e.deadline_reminder().due_date().day(), 20);
  EXPECT_FALSE(e.deadline_reminder().late());
  EXPECT_EQ(common::FromProtoTime(e.occurred_at()), At8(absl::CivilDay(2026, 3, 17)));
}

TEST_F(FiringTest, OverdueRemindersPlanTheNextOneWhenTheyFire) {
  const absl::CivilDay due(2026, 1, 8);  // Thu; overdue days: Fri 9/01, Sat 10/01 (worked), Mon 12/01
  clock_.Set(At8(absl::CivilDay(2025, 12, 29)));
  StartInstance("s1");
  Publish(SetEv(due, At8(absl::CivilDay(2025, 12, 29))));
  WaitForEvents(1);
  SetClock(At8(due, absl::Minutes(1)));
  ASSERT_EQ(WaitForCount("timer", "status = 3", 3), 3) << "T−3, T−1 and the due day";
  for (const absl::CivilDay day :
       {absl::CivilDay(2026, 1, 9), absl::CivilDay(2026, 1, 10), absl::CivilDay(2026, 1, 12)}) {
    SetClock(At8(day, absl::Minutes(1)));
    const long long fired = Count("timer", "status = 3");
    ASSERT_EQ(WaitForCount("timer", "status = 3", fired + 1), fired + 1);
  }
  auto timers = TimersByStatus("d-1/1");
  EXPECT_THAT(timers[kFired],
              ElementsAre("BEFORE_DUE/3 2026-01-05", "BEFORE_DUE/1 2026-01-07", "DUE_TODAY/0 2026-01-08",
                          "OVERDUE/1 2026-01-09", "OVERDUE/2 2026-01-10", "OVERDUE/3 2026-01-12"));
  EXPECT_THAT(timers[kPending], ElementsAre("OVERDUE/4 2026-01-13")) << "only the next overdue reminder is a row";
  for (const auto& e : ReminderEvents()) {
    if (e.deadline_reminder().kind() != tdkt::v1::REMINDER_KIND_OVERDUE) continue;
    EXPECT_EQ(e.deadline_reminder().escalated(), e.deadline_reminder().overdue_working_days() >= 2);
  }
}

TEST_F(FiringTest, TimersMissedWhileEveryReplicaWasDownFireOnceAtStartMarkedLate) {
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  StartInstance("s1");
  StartInstance("s2");
  for (int i = 0; i < 50; ++i) {
    Publish(SetEv(absl::CivilDay(2026, 3, 20), At8(absl::CivilDay(2026, 3, 2))).Dossier(absl::StrCat("d-", i)));
  }
  WaitForEvents(50);
  StopAll();
  // Down from before T−3 (Tue 17/03) until Thu 19/03 10:00: T−3 and T−1 of every deadline fell due meanwhile.
  clock_.Set(At8(absl::CivilDay(2026, 3, 19), absl::Hours(2)));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Count("outbox"), 0);
  SchedulerServer& restarted = StartInstance("s3");
  ASSERT_EQ(WaitForCount("outbox", "true", 100), 100);
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Count("outbox"), 100) << "each missed reminder once";
  EXPECT_EQ(Count("timer", "status = 3"), 100);
  EXPECT_EQ(Count("timer", "status = 3 AND reminder_kind = 1 AND step = 3 AND lateness_ms = 2 * 86400000 + 7200000"),
            50);
  EXPECT_EQ(Count("timer", "status = 3 AND step = 1 AND lateness_ms = 7200000"), 50);
  EXPECT_EQ(restarted.metrics().late.value(), 100);
  EXPECT_EQ(Count("timer", "status = 1 AND reminder_kind = 2"), 50) << "due-day reminders still wait";
  std::vector<tdkt::v1::EventEnvelope> events;
  for (int i = 0; i < 250 && events.size() < 100; ++i) {
    events = ReminderEvents();
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(events.size(), 100u);
  for (const auto& e : events) EXPECT_TRUE(e.deadline_reminder().late());
}

TEST_F(FiringTest, ThreeInstancesFireHundredThousandRemindersExactlyOnce) {
  constexpr int kDeadlines = 25'000;  // 4 reminders each: T−3, T−1, due day, first overdue day
  const absl::CivilDay due(2026, 3, 20);
  clock_.Set(At8(absl::CivilDay(2026, 3, 2)));
  StartInstance("s1");
  StartInstance("s2");
  StartInstance("s3");
  for (int i = 0; i < kDeadlines; ++i) {
    Publish(SetEv(due, At8(absl::CivilDay(2026, 3, 2))).Dossier(absl::StrCat("d-", i)));
  }
  WaitForEvents(kDeadlines);
  ASSERT_EQ(Count("timer", "status = 1"), 4 * kDeadlines);
  // All four instants are past: 100,000 timers due at once.
  SetClock(At8(absl::CivilDay(2026, 3, 23), absl::Seconds(1)));
  const absl::Time start = absl::Now();
  ASSERT_EQ(WaitForCount("outbox", "true", 4 * kDeadlines, absl::Seconds(240)), 4 * kDeadlines);
  const absl::Duration firing = absl::Now() - start;
  ASSERT_EQ(WaitForCount("outbox", "published_at IS NOT NULL", 4 * kDeadlines, absl::Seconds(240)), 4 * kDeadlines);
  std::cerr << "fired 100000 in " << firing << ", published after " << absl::Now() - start << "\n";
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Count("outbox"), 4 * kDeadlines);
  EXPECT_EQ(Count("timer", "status = 3"), 4 * kDeadlines);
  EXPECT_EQ(Count("timer", "status = 1"), kDeadlines) << "the second overdue reminder of each deadline";
  int64_t fired_by_instances = 0;
  for (auto& instance : instances_) fired_by_instances += instance->metrics().fired.value();
  EXPECT_EQ(fired_by_instances, 4 * kDeadlines);

  std::set<std::string> timer_ids, event_ids;
  int64_t reminders = 0;
  for (const auto& e : ReminderEvents()) {
    ++reminders;
    timer_ids.insert(e.deadline_reminder().timer_id());
    event_ids.insert(e.event_id());
  }
  EXPECT_EQ(reminders, 4 * kDeadlines) << "reminder entries on the stream";
  EXPECT_EQ(timer_ids.size(), 4u * kDeadlines) << "one per timer";
  EXPECT_EQ(event_ids.size(), 4u * kDeadlines);
}

TEST_F(FiringTest, OnTheDatabaseClockATimerFiresAtItsInstantNeverBeforeAndANewNearerOneWakesTheLoop) {
  StartInstance("s1", ClaimClock::kDatabase);
  absl::SleepFor(absl::Milliseconds(300));  // the loop is asleep now, for up to 5 minutes: nothing is pending
  // A timer due 1.5 s from now by the database's clock (the planner only makes 08:00 instants, so it is written
  // directly); committing it notifies the sleeping loop, which then sleeps until exactly that instant.
  pqxx::connection c(url_);
  pqxx::work txn(c);
  txn.exec(
      "INSERT INTO scheduler.timer (id, kind, status, dossier_id, deadline_id, org_id, reminder_kind, step, "
      "due_date, fire_on, fire_at, next_attempt_at) VALUES ('d-1/1|soon', 1, 1, 'd-1', 'd-1/1', 'C1', 2, 0, "
      "current_date, current_date, clock_timestamp() + interval '1.5 seconds', "
      "clock_timestamp() + interval '1.5 seconds')");
  txn.commit();
  ASSERT_EQ(WaitForCount("outbox", "true", 1, absl::Seconds(10)), 1);
  pqxx::work check(c);
  const pqxx::row r = check.exec1(
      "SELECT extract(epoch FROM t.fired_at - t.fire_at), extract(epoch FROM o.created_at - t.fire_at) "
      "FROM scheduler.timer t, scheduler.outbox o WHERE t.id = 'd-1/1|soon'");
  EXPECT_GE(r[0].as<double>(), 0) << "claimed at or after its instant by the database clock";
  EXPECT_GE(r[1].as<double>(), 0) << "the event was written at or after the instant";
  EXPECT_LT(r[0].as<double>(), 1.0) << "the loop woke for it instead of sleeping its 5 minutes";
}

}  // namespace
}  // namespace tdkt::scheduler
