#pragma once
// The events a fired timer publishes: an EventEnvelope of type DEADLINE_REMINDER (producer and actor service
// "scheduler"), carrying the dossier context of the deadline event it was planned from. Its event id is derived
// from the timer id, so that a timer can never publish two different events (the outbox's event_id is unique).
#include <string>

#include "absl/time/time.h"
#include "services/common/outbox_publisher.h"
#include "services/scheduler/timer_store.h"

namespace tdkt::scheduler {

inline constexpr char kSchedulerService[] = "scheduler";

// A UUID (version 5 layout) from SHA-256 of the timer id: the same timer always gives the same event id.
std::string ReminderEventId(const std::string& timer_id);

// The outbox row of a fired reminder timer: DEADLINE_REMINDER, or CAMPAIGN_REMINDER for a campaign timer.
// `fired_at` is the claim instant; `late` says the timer fired later than the loop's tolerance (a replica was
// down or the loop fell behind).
common::OutboxRow DeadlineReminderEvent(const ClaimedTimer& timer, absl::Time fired_at, bool late);

}  // namespace tdkt::scheduler
