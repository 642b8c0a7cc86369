// Firing against real PostgreSQL and Redis, driven by a fake clock: reminders fire at their instant and not
// before, exactly once across replicas, through the outbox to the stream; timers missed while every replica was
// down fire once at start, marked late; overdue reminders plan their successor; walked one calendar day at a
// time, a schedule fires on the working days of the calendar only (across the swapped Saturday of January 2026
// and Tết 2027).
#include "tests/integration/services/scheduler/scheduler_fixture.h"

namespace tdkt::scheduler {
namespace {

using ::testing::ElementsAre;

constexpr int kPending = 1, kFired = 3;

class FiringTest : public SchedulerTest {
 protected:
  // Moves the fake clock to 08:00:01 of every calendar day in [from, to], one day at a time, and waits on each
  // day for the reminders `firing` says fall due that day (and on the other days long enough for a pass of the
  // loop, so that one fired on a wrong day is seen on that day). Returns each fired timer of d-1/1 as
  // "KIND/step fire_on → fired on <business date of fired_at>", by fired_at.
  std::vector<std::string> WalkDayByDay(absl::CivilDay from, absl::CivilDay to,
                                        const std::map<absl::CivilDay, int>& firing) {
    long long fired = Count("timer", "status = 3");
    for (absl::CivilDay day = from; day <= to; ++day) {
      const auto it = firing.find(day);
      fired += it == firing.end() ? 0 : it->second;
      SetClock(At8(day, absl::Seconds(1)));
      if (it == firing.end()) absl::SleepFor(absl::Milliseconds(300));
      EXPECT_EQ(WaitForCount("timer", "status = 3", fired), fired) << "reminders fired by " << day;
      EXPECT_EQ(Count("timer", "status = 3"), fired) << "reminders fired by " << day;
    }
    pqxx::connection c(url_);
    pqxx::work txn(c);
    std::vector<std::string> out;
    for (const auto& r : txn.exec("SELECT reminder_kind, step, fire_on::text, "
                                  "(fired_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text FROM scheduler.timer "
                                  "WHERE deadline_id = 'd-1/1' AND status = 3 ORDER BY fired_at, id")) {
      out.push_back(absl::StrCat(tdkt::v1::ReminderKind_Name(r[0].as<int>()).substr(14), "/", r[1].as<int>(), " ",
                                 r[2].as<std::string>(), " → fired on ", r[3].as<std::string>()));
    }
    return out;
  }
};

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
  // The count to wait for on each day is fixed in advance: counting after moving the clock raced the loop, which
  // could fire the day's reminder first, and the wait then looked for one more that never came.
  long long fired = 3;
  for (const absl::CivilDay day :
       {absl::CivilDay(2026, 1, 9), absl::CivilDay(2026, 1, 10), absl::CivilDay(2026, 1, 12)}) {
    ++fired;
    SetClock(At8(day, absl::Minutes(1)));
    ASSERT_EQ(WaitForCount("timer", "status = 3", fired), fired) << day;
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

TEST_F(FiringTest, DayByDayAcrossTheSwappedSaturdayRemindersFireOnWorkingDaysOnly) {
  // 2026 (data/holidays/2026.textproto, docs/domain.md): 1/1 and Friday 2/1 off, Saturday 10/1 worked in exchange.
  // Due Thursday 8/01: T−3 Mon 5/01, T−1 Wed 7/01, then each overdue working day — Fri 9, Sat 10 (the worked
  // Saturday), Mon 12, Tue 13; nothing on 1–4/01 or on Sunday 11/01.
  clock_.Set(At8(absl::CivilDay(2025, 12, 29)));
  StartInstance("s1");
  Publish(SetEv(absl::CivilDay(2026, 1, 8), At8(absl::CivilDay(2025, 12, 29))));
  WaitForEvents(1);
  const std::map<absl::CivilDay, int> firing = {
      {absl::CivilDay(2026, 1, 5), 1},  {absl::CivilDay(2026, 1, 7), 1},  {absl::CivilDay(2026, 1, 8), 1},
      {absl::CivilDay(2026, 1, 9), 1},  {absl::CivilDay(2026, 1, 10), 1}, {absl::CivilDay(2026, 1, 12), 1},
      {absl::CivilDay(2026, 1, 13), 1}};
  EXPECT_THAT(WalkDayByDay(absl::CivilDay(2025, 12, 31), absl::CivilDay(2026, 1, 13), firing),
              ElementsAre("BEFORE_DUE/3 2026-01-05 → fired on 2026-01-05", "BEFORE_DUE/1 2026-01-07 → fired on 2026-01-07",
                          "DUE_TODAY/0 2026-01-08 → fired on 2026-01-08", "OVERDUE/1 2026-01-09 → fired on 2026-01-09",
                          "OVERDUE/2 2026-01-10 → fired on 2026-01-10", "OVERDUE/3 2026-01-12 → fired on 2026-01-12",
                          "OVERDUE/4 2026-01-13 → fired on 2026-01-13"));
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], ElementsAre("OVERDUE/5 2026-01-14"));
}

TEST_F(FiringTest, DayByDayAcrossTet2027RemindersSkipEveryDayOff) {
  // 2027 has no announced arrangement in data/holidays, so the default rules of docs/domain.md apply: Tết is the
  // last day of the old lunar year and 1–4 Giêng. 1 Giêng Đinh Mùi is Saturday 6/02/2027, so Fri 5/02 to Tue 9/02
  // are off, and the two days that fall on the weekend (Sat 6, Sun 7) move to the next working days, Wed 10 and
  // Thu 11/02. Due Wednesday 3/02: T−3 Fri 29/01, T−1 Tue 2/02, the due day, then overdue on Thu 4/02, Fri 12/02,
  // Mon 15/02, Tue 16/02 — and nothing from 5/02 to 11/02 nor on the weekends.
  clock_.Set(At8(absl::CivilDay(2027, 1, 18)));
  StartInstance("s1");
  Publish(SetEv(absl::CivilDay(2027, 2, 3), At8(absl::CivilDay(2027, 1, 18))));
  WaitForEvents(1);
  const std::map<absl::CivilDay, int> firing = {
      {absl::CivilDay(2027, 1, 29), 1}, {absl::CivilDay(2027, 2, 2), 1},  {absl::CivilDay(2027, 2, 3), 1},
      {absl::CivilDay(2027, 2, 4), 1},  {absl::CivilDay(2027, 2, 12), 1}, {absl::CivilDay(2027, 2, 15), 1},
      {absl::CivilDay(2027, 2, 16), 1}};
  EXPECT_THAT(WalkDayByDay(absl::CivilDay(2027, 1, 27), absl::CivilDay(2027, 2, 16), firing),
              ElementsAre("BEFORE_DUE/3 2027-01-29 → fired on 2027-01-29", "BEFORE_DUE/1 2027-02-02 → fired on 2027-02-02",
                          "DUE_TODAY/0 2027-02-03 → fired on 2027-02-03", "OVERDUE/1 2027-02-04 → fired on 2027-02-04",
                          "OVERDUE/2 2027-02-12 → fired on 2027-02-12", "OVERDUE/3 2027-02-15 → fired on 2027-02-15",
                          "OVERDUE/4 2027-02-16 → fired on 2027-02-16"));
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], ElementsAre("OVERDUE/5 2027-02-17"));
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

TEST_F(FiringTest, ThreeInstancesOnTheDatabaseClockFireHundredThousandTimersDueWithinSecondsOnceAndNeverEarly) {
  constexpr int kTimers = 100'000;
  StartInstance("s1", ClaimClock::kDatabase);
  StartInstance("s2", ClaimClock::kDatabase);
  StartInstance("s3", ClaimClock::kDatabase);
  // Due at instants spread over 4 s, from 25 s after the inserting transaction began (the planner only plans
  // 08:00 instants, so the rows are written directly); the loops sleep until the first one.
  pqxx::connection c(url_);
  {
    pqxx::work txn(c);
    txn.exec_params(
        "INSERT INTO scheduler.timer (id, kind, status, dossier_id, deadline_id, org_id, reminder_kind, step, "
        "due_date, fire_on, fire_at, next_attempt_at) SELECT 'd-' || g || '/1|soon', 1, 1, 'd-' || g, 'd-' || g || "
        "'/1', 'C1', 2, 0, current_date, current_date, at, at FROM (SELECT g, now() + interval '25 seconds' + "
        "random() * interval '4 seconds' AS at FROM generate_series(1, $1) g) due",
        kTimers);
    txn.commit();
  }
  {
    pqxx::work txn(c);
    ASSERT_TRUE(txn.exec1("SELECT clock_timestamp() < min(fire_at) FROM scheduler.timer")[0].as<bool>())
        << "the timers were written before the first fell due";
  }
  ASSERT_EQ(WaitForCount("outbox", "true", kTimers, absl::Seconds(300)), kTimers);
  ASSERT_EQ(WaitForCount("outbox", "published_at IS NOT NULL", kTimers, absl::Seconds(300)), kTimers);
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(Count("outbox"), kTimers);
  EXPECT_EQ(Count("timer", "status = 3"), kTimers);
  EXPECT_EQ(Count("timer", "fired_at < fire_at"), 0) << "none before its instant by the database clock";
  EXPECT_EQ(Count("outbox o JOIN scheduler.timer t ON t.id = o.dossier_id || '/1|soon' "
                  "AND o.created_at < t.fire_at"),
            0)
      << "no event written before its timer's instant";
  std::set<std::string> timer_ids;
  int64_t reminders = 0;
  for (const auto& e : ReminderEvents()) {
    ++reminders;
    timer_ids.insert(e.deadline_reminder().timer_id());
  }
  EXPECT_EQ(reminders, kTimers) << "reminder entries on the stream";
  EXPECT_EQ(timer_ids.size(), static_cast<size_t>(kTimers)) << "one per timer";
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
