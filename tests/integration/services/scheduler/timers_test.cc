// Deadline events → timer rows, against real PostgreSQL and Redis: one row per (deadline, due date, kind, step),
// on the working days the calendar says (swapped Saturday 10/01/2026, Tết 2027 from the default rules), applied
// exactly once, with older dossier versions never overriding newer ones, pauses and re-plans.
#include "tests/integration/services/scheduler/scheduler_fixture.h"

namespace tdkt::scheduler {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int kPending = 1, kPaused = 2, kCancelled = 4;

class TimersTest : public SchedulerTest {};

TEST_F(TimersTest, SetPlansRemindersOnWorkingDaysAcrossTheSwappedSaturday) {
  clock_.Set(At8(absl::CivilDay(2025, 12, 22)));  // before every reminder: none fires during the test
  StartInstance("s1");
  // Due Wed 14/01/2026: Sat 10/01 is worked (it repays Fri 2/01), so T−3 is that Saturday.
  Publish(SetEv(absl::CivilDay(2026, 1, 14), At8(absl::CivilDay(2025, 12, 29))));
  // Due Fri 09/01/2026: the first overdue working day is Saturday 10/01, the second Monday 12/01.
  Publish(SetEv(absl::CivilDay(2026, 1, 9), At8(absl::CivilDay(2025, 12, 29))).Dossier("d-2"));
  // Due Mon 05/01/2026: 1/01 is a holiday and 2/01 swapped off, so T−1 is Wed 31/12/2025.
  Publish(SetEv(absl::CivilDay(2026, 1, 5), At8(absl::CivilDay(2025, 12, 22))).Dossier("d-3"));
  WaitForEvents(3);
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], ElementsAre("BEFORE_DUE/3 2026-01-10", "BEFORE_DUE/1 2026-01-13",
                                                             "DUE_TODAY/0 2026-01-14", "OVERDUE/1 2026-01-15"));
  EXPECT_THAT(TimersByStatus("d-2/1")[kPending], ElementsAre("BEFORE_DUE/3 2026-01-06", "BEFORE_DUE/1 2026-01-08",
                                                             "DUE_TODAY/0 2026-01-09", "OVERDUE/1 2026-01-10"));
  EXPECT_THAT(TimersByStatus("d-3/1")[kPending], ElementsAre("BEFORE_DUE/3 2025-12-29", "BEFORE_DUE/1 2025-12-31",
                                                             "DUE_TODAY/0 2026-01-05", "OVERDUE/1 2026-01-06"));
}

TEST_F(TimersTest, ScheduleAcrossTet2027FollowsTheDefaultRules) {
  clock_.Set(At8(absl::CivilDay(2027, 1, 18)));
  StartInstance("s1");
  // No official 2027 file: Tết Đinh Mùi is 6/02/2027 (Sat); 5/02 and 1–4 Giêng are off, the two weekend days
  // move to Wed 10 and Thu 11/02. Working days around it: Thu 4/02, then Fri 12/02, Mon 15/02.
  Publish(SetEv(absl::CivilDay(2027, 2, 16), At8(absl::CivilDay(2027, 1, 18))));
  Publish(SetEv(absl::CivilDay(2027, 2, 12), At8(absl::CivilDay(2027, 1, 18))).Dossier("d-2"));
  WaitForEvents(2);
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], ElementsAre("BEFORE_DUE/3 2027-02-04", "BEFORE_DUE/1 2027-02-15",
                                                             "DUE_TODAY/0 2027-02-16", "OVERDUE/1 2027-02-17"));
  EXPECT_THAT(TimersByStatus("d-2/1")[kPending], ElementsAre("BEFORE_DUE/3 2027-02-02", "BEFORE_DUE/1 2027-02-04",
                                                             "DUE_TODAY/0 2027-02-12", "OVERDUE/1 2027-02-15"));
}

TEST_F(TimersTest, RemindersBeforeTheEventAreNotPlanned) {
  clock_.Set(At8(absl::CivilDay(2026, 1, 13), absl::Hours(2)));
  StartInstance("s1");
  // Set at 10:00 on T−1 (Tue 13/01): the T−3 and T−1 instants are past.
  Publish(SetEv(absl::CivilDay(2026, 1, 14), At8(absl::CivilDay(2026, 1, 13), absl::Hours(2))));
  WaitForEvents(1);
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], ElementsAre("DUE_TODAY/0 2026-01-14", "OVERDUE/1 2026-01-15"));
}

TEST_F(TimersTest, TheSameEventTwiceChangesNothing) {
  StartInstance("s1");
  // One command can clear a deadline with the same dossier version as the SET before it, so only the event id
  // stops a re-delivered SET (the relay re-sends after a lost XADD reply) from reviving cancelled timers.
  const DeadlineEventSpec set =
      SetEv(absl::CivilDay(2026, 3, 20), At8(absl::CivilDay(2026, 3, 2))).Version(2).EventId("set-a");
  const DeadlineEventSpec cleared = ClearedEv(At8(absl::CivilDay(2026, 3, 2))).Version(2).EventId("cleared-b");
  Publish(set);
  WaitForEvents(1);
  const auto planned = TimersByStatus("d-1/1");
  ASSERT_EQ(planned.at(kPending).size(), 4u);
  Publish(cleared);
  Publish(cleared);
  WaitForEvents(2);
  Publish(set);  // after the CLEARED of the same version: applying it again would revive the timers
  const long long entries = 4;
  ASSERT_EQ(WaitForCount("idempotency", "true", 3, absl::Seconds(2)), 2) << "two distinct events";
  common::RedisStreams redis(Redis());
  for (int i = 0; i < 200 && *redis.Command({"XLEN", stream_}) != std::to_string(entries); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  // Every entry was read and acknowledged: nothing is left pending in the group.
  for (int i = 0; i < 300 && instances_[0]->events_acknowledged() < entries; ++i)
    absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(instances_[0]->events_acknowledged(), entries);
  EXPECT_EQ(Count("timer"), 4);
  EXPECT_EQ(TimersByStatus("d-1/1")[kCancelled], planned.at(kPending)) << "the SET's timers, cancelled once";
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], IsEmpty()) << "the repeated SET did not revive them";
}

TEST_F(TimersTest, AnOlderVersionNeverOverridesANewerOne) {
  StartInstance("s1");
  // Version 5 re-planned the deadline to 27/03; version 3 (due 20/03) arrives late.
  Publish(SetEv(absl::CivilDay(2026, 3, 27), At8(absl::CivilDay(2026, 3, 9))).Version(5));
  Publish(SetEv(absl::CivilDay(2026, 3, 20), At8(absl::CivilDay(2026, 3, 2))).Version(3));
  // A CLEARED of version 4 comes after both: older than 5, ignored.
  Publish(ClearedEv(At8(absl::CivilDay(2026, 3, 5))).Version(4));
  WaitForEvents(3);
  auto timers = TimersByStatus("d-1/1");
  EXPECT_THAT(timers[kPending], ElementsAre("BEFORE_DUE/3 2026-03-24", "BEFORE_DUE/1 2026-03-26",
                                            "DUE_TODAY/0 2026-03-27", "OVERDUE/1 2026-03-30"));
  EXPECT_THAT(timers[kCancelled], IsEmpty());
  EXPECT_EQ(Count("timer"), 4) << "the stale SET wrote no timers";
}

TEST_F(TimersTest, ClearedAndNewDeadlineCancelThePendingTimers) {
  StartInstance("s1");
  Publish(SetEv(absl::CivilDay(2026, 3, 20), At8(absl::CivilDay(2026, 3, 2))).Version(2));
  // The level is done: one command clears deadline 1 and sets deadline 2 at the next level (same version).
  Publish(ClearedEv(At8(absl::CivilDay(2026, 3, 4))).Version(3));
  Publish(SetEv(absl::CivilDay(2026, 3, 25), At8(absl::CivilDay(2026, 3, 4))).Version(3).DeadlineNo(2).Org("D1"));
  WaitForEvents(3);
  EXPECT_THAT(TimersByStatus("d-1/1")[kPending], IsEmpty());
  EXPECT_EQ(TimersByStatus("d-1/1")[kCancelled].size(), 4u);
  EXPECT_THAT(TimersByStatus("d-1/2")[kPending], ElementsAre("BEFORE_DUE/3 2026-03-20", "BEFORE_DUE/1 2026-03-24",
                                                             "DUE_TODAY/0 2026-03-25", "OVERDUE/1 2026-03-26"));
}

TEST_F(TimersTest, PauseHoldsTimersAndResumeReplansWithTheRemainingWorkingDays) {
  StartInstance("s1");
  // Received Mon 2/03, 10 working days: due Mon 16/03. Returned for supplement on Wed 4/03 (8 days remain),
  // resubmitted Wed 11/03: due 8 working days after, Mon 23/03 (as the dossier computes and sends it).
  Publish(SetEv(absl::CivilDay(2026, 3, 16), At8(absl::CivilDay(2026, 3, 2))).Version(2));
  Publish(Ev(tdkt::v1::EVENT_TYPE_DEADLINE_PAUSED, absl::CivilDay(2026, 3, 16),
             At8(absl::CivilDay(2026, 3, 4), absl::Hours(2)))
              .Version(3));
  WaitForEvents(2);
  auto paused = TimersByStatus("d-1/1");
  EXPECT_THAT(paused[kPending], IsEmpty());
  EXPECT_THAT(paused[kPaused], ElementsAre("BEFORE_DUE/3 2026-03-11", "BEFORE_DUE/1 2026-03-13",
                                           "DUE_TODAY/0 2026-03-16", "OVERDUE/1 2026-03-17"));
  Publish(Ev(tdkt::v1::EVENT_TYPE_DEADLINE_RESUMED, absl::CivilDay(2026, 3, 23),
             At8(absl::CivilDay(2026, 3, 11), absl::Hours(3)))
              .Version(4));
  WaitForEvents(3);
  auto resumed = TimersByStatus("d-1/1");
  EXPECT_THAT(resumed[kPaused], IsEmpty());
  EXPECT_EQ(resumed[kCancelled], paused[kPaused]);
  EXPECT_THAT(resumed[kPending], ElementsAre("BEFORE_DUE/3 2026-03-18", "BEFORE_DUE/1 2026-03-20",
                                             "DUE_TODAY/0 2026-03-23", "OVERDUE/1 2026-03-24"));
}

}  // namespace
}  // namespace tdkt::scheduler
