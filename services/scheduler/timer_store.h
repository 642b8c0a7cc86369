#pragma once
// TimerStore: the SQL of the scheduler schema (migrations/001_timers.sql). Every function runs inside the
// caller's transaction, so that an event's idempotency record and its timer writes, or a fired timer and its
// outbox event, commit together or not at all.
//
// "Now" for claiming is `claim_now`: nullopt means the database's clock (now(), production: a replica whose own
// clock runs ahead can never fire early); a value is an injected clock's time (tests drive the loop with
// base::FakeClock). Timestamps cross the wire as Unix microseconds, dates as ISO text.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduler/deadline_event.h"
#include "services/scheduler/timer_plan.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::scheduler {

// What a timer row says about itself (the columns of tdkt.v1.Timer).
struct TimerRow {
  std::string id;
  int kind = 0;
  int status = 0;
  std::string dossier_id;
  std::string deadline_id;
  std::string campaign_deadline_id;
  int level = 0;
  std::string org_id;
  int reminder_kind = 0;
  int step = 0;
  absl::CivilDay due_date;
  absl::CivilDay fire_on;
  absl::Time fire_at;
  std::optional<absl::Time> fired_at;
  std::optional<int64_t> lateness_ms;
  int attempts = 0;
  std::string last_error;
};

// A claimed timer whose firing is being written, with the deadline context its event copies.
struct ClaimedTimer {
  TimerRow row;
  std::string context;  // scheduler.deadline.context; empty for campaign timers
  // Campaign timers: the deadline's name and the organisation that set it.
  std::string campaign_name;
  std::string campaign_org_id;
};

// Where a timer row goes after an escalation attempt.
struct EscalationOutcome {
  enum class Kind { kDone, kStale, kRetry } kind = Kind::kDone;
  std::string error;           // kStale, kRetry: short text for operators
  absl::Duration retry_after;  // kRetry
};

class TimerStore {
 public:
  // Applies one deadline event: false (and nothing written) when the dossier has already applied a newer
  // version. `plan` is the TimerPlanner's output for SET/RESUMED (ignored otherwise).
  static absl::StatusOr<bool> ApplyDeadlineEvent(pqxx::transaction_base& txn, const DeadlineEvent& event,
                                                 const std::vector<PlannedTimer>& plan);

  // After a calendar change: the pending timers of every running deadline planned again with `planner` (the new
  // calendar) from `after` on, each deadline as a SET to its current due date would (fired timers stay fired).
  // Locks the deadlines' rows. Returns how many deadlines it planned.
  static absl::StatusOr<int64_t> ReplanRunningDeadlines(pqxx::transaction_base& txn, const TimerPlanner& planner,
                                                        absl::Time after);

  // Claims up to `limit` due reminder timers (FOR UPDATE SKIP LOCKED), marks them fired at the claim instant with
  // their lateness, and returns them with their deadline context.
  static std::vector<ClaimedTimer> ClaimDueReminders(pqxx::transaction_base& txn, std::optional<absl::Time> claim_now,
                                                     int limit);

  // One due escalation timer, locked until the transaction ends; nullopt when none is due.
  static std::optional<TimerRow> ClaimDueEscalation(pqxx::transaction_base& txn, std::optional<absl::Time> claim_now);
  static void RecordEscalation(pqxx::transaction_base& txn, const std::string& timer_id,
                               std::optional<absl::Time> claim_now, const EscalationOutcome& outcome);

  // Pending timers for the deadlines of fired ones (their next overdue reminders), in one statement; an existing
  // id is kept.
  struct FollowingTimer {
    const TimerRow* like;  // the fired timer: its deadline, organisation and due date
    PlannedTimer timer;
  };
  static void InsertFollowingTimers(pqxx::transaction_base& txn, const std::vector<FollowingTimer>& timers);

  // One statement for all of them, in order (ids ascending).
  // The reminder timers of one organisation for a campaign deadline due on `due`.
  static void InsertCampaignTimers(pqxx::transaction_base& txn, const std::string& campaign_id,
                                   const std::string& org_id, absl::CivilDay due,
                                   const std::vector<PlannedTimer>& timers);

  // The earliest pending timer's next attempt, and the time until it by the claim clock (negative: one is
  // due); nullopt when none is pending.
  struct NextDue {
    absl::Time at;
    absl::Duration in;
  };
  static std::optional<NextDue> NextPending(pqxx::transaction_base& txn, std::optional<absl::Time> claim_now);

  // The deadline ids among `timers` that still run with the timer's due date, locked FOR SHARE until the
  // transaction ends (so that a pause or clear committing meanwhile waits, then sees the timers this transaction
  // adds).
  static std::set<std::string> RunningDeadlines(pqxx::transaction_base& txn,
                                                const std::vector<const TimerRow*>& timers);

  // The database's clock.
  static absl::Time DatabaseNow(pqxx::transaction_base& txn);

  // Every timer of a dossier, by fire_at then id.
  static std::vector<TimerRow> DossierTimers(pqxx::transaction_base& txn, const std::string& dossier_id);

  // Pending timers of `org_ids` firing on a business date in [from, until], by fire_at then id, after the
  // (fire_at micros, id) cursor when given; at most `limit`.
  struct UpcomingQuery {
    std::vector<std::string> org_ids;
    absl::CivilDay from, until;
    std::optional<std::pair<int64_t, std::string>> after;
    int limit = 50;
  };
  static std::vector<TimerRow> UpcomingTimers(pqxx::transaction_base& txn, const UpcomingQuery& query);
};

}  // namespace tdkt::scheduler
