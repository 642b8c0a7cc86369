#pragma once
// DeadlineEvent: a DEADLINE_SET / PAUSED / RESUMED / CLEARED EventEnvelope (events.proto) as the scheduler
// applies it, checked once at the edge so that the store only sees well-formed values.
//
//   TDKT_ASSIGN_OR_RETURN(std::optional<DeadlineEvent> event, ParseDeadlineEvent(envelope_bytes));
//   if (!event) …  // another event type: nothing for the scheduler
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::scheduler {

enum class DeadlineChange { kSet, kPaused, kResumed, kCleared };

// "SET", "PAUSED", …: also the deadline's stored state after the change (RUNNING for SET and RESUMED).
const char* DeadlineStateAfter(DeadlineChange change);

struct DeadlineEvent {
  std::string event_id;
  DeadlineChange change = DeadlineChange::kSet;
  std::string dossier_id;
  int64_t dossier_version = 0;
  absl::Time occurred_at;
  std::string deadline_id;
  int level = 0;  // tdkt.v1.OrgLevel number
  std::string org_id;
  std::optional<absl::CivilDay> due_date;  // SET, RESUMED: the due date; PAUSED: the one before pausing
  int64_t calendar_version = 0;            // the stored calendar version the due date was counted with
  // The dossier context to copy into reminder events: the envelope without payload, producer and actor.
  std::string context;
};

// nullopt for an envelope of another type. INVALID_ARGUMENT for bytes that do not parse, or a deadline event
// without event id, dossier id, version, deadline id or organisation, or a SET/RESUMED without a valid due date.
absl::StatusOr<std::optional<DeadlineEvent>> ParseDeadlineEvent(std::string_view envelope_bytes);

// A CALENDAR_CHANGED envelope (events.proto) as the scheduler applies it.
struct CalendarChangedEvent {
  std::string event_id;
  absl::Time occurred_at;
  tdkt::v1::Calendar calendar;  // the whole calendar at its new version
};

// nullopt for an envelope of another type (or bytes that do not parse: ParseDeadlineEvent reports those).
// INVALID_ARGUMENT for a CALENDAR_CHANGED without event id or calendar version.
absl::StatusOr<std::optional<CalendarChangedEvent>> ParseCalendarChangedEvent(std::string_view envelope_bytes);

}  // namespace tdkt::scheduler
