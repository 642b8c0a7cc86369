#pragma once
// Effects: what the dossier service must do, in the same transaction, after an accepted command — events for
// the outbox, deadline operations for the deadline table, the new holder, and whom to notify. The state machine
// never computes dates or looks people up: a START carries working days, the caller applies the calendar; a
// hint names an audience at an organisation, the notifier resolves the people.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace tdkt::workflow {

enum class EventType : uint8_t {
  kCreated,
  kDocumentAttached,
  kDocumentRemoved,
  kSubmitted,
  kAccepted,
  kReturnedForSupplement,
  kResubmitted,
  kSentToCouncil,
  kVoteOpened,
  kVoteCast,  // names the voter, never the ballot
  kVoteClosed,
  kForwarded,
  kAwaitingDecision,
  kForwardedExternal,
  kDecided,
  kExternalOutcomeRecorded,
  kPublished,
  kRejected,
  kWithdrawn,
  kComplaintFiled,
  kDeadlineEscalated,
};

// Stable dotted name for the outbox and Redis stream, e.g. "dossier.returned_for_supplement".
std::string_view EventTypeName(EventType type);

// One payload field; keys are string literals owned by the state machine.
struct EventField {
  std::string_view key;
  std::string value;
  bool operator==(const EventField&) const = default;
};

struct Event {
  EventType type;
  std::vector<EventField> fields;

  // The value of `key`, or nullptr.
  const std::string* Field(std::string_view key) const {
    for (const EventField& f : fields) {
      if (f.key == key) return &f.value;
    }
    return nullptr;
  }
  bool operator==(const Event&) const = default;
};

// kStart: the level's clock starts at `from` (receipt) with `working_days` to go; it replaces any deadline of
// that level. kPause/kResume: the returned-for-supplement gap. kClear: the level is done with the dossier.
// kRecalculate: the working-day calendar changed; the level's live deadline (running or paused) is counted again.
enum class DeadlineOpKind : uint8_t { kStart, kPause, kResume, kClear, kRecalculate };
std::string_view DeadlineOpKindName(DeadlineOpKind kind);

struct DeadlineOp {
  DeadlineOpKind kind;
  int level_index = 0;
  int working_days = 0;  // kStart only
  absl::Time at;         // when the operation happens (receipt for kStart)
  bool operator==(const DeadlineOp&) const = default;
};

// Who should hear about the change: an audience at an organisation (the notifier resolves people).
enum class Audience : uint8_t {
  kSubmitters,      // at the origin unit
  kAppraisers,      // the standing body of the organisation
  kCouncilMembers,  // the council of the organisation
  kCouncilChair,
  kDeciders,
};
std::string_view AudienceName(Audience audience);

struct NotificationHint {
  Audience audience;
  std::string org_id;
  bool operator==(const NotificationHint&) const = default;
};

struct Effects {
  // In order; at least one per accepted command, except RECALCULATE_DEADLINE (its deadline operation is all).
  std::vector<Event> events;
  std::vector<DeadlineOp> deadline_ops;
  std::optional<std::string> new_holder_org_id;  // set when the holding organisation changed
  std::vector<NotificationHint> notifications;
};

}  // namespace tdkt::workflow
