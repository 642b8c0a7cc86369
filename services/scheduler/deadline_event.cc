#include "services/scheduler/deadline_event.h"

#include "services/common/proto_time.h"

namespace tdkt::scheduler {
namespace {

using tdkt::v1::EventEnvelope;

// The change an envelope carries and its payload; nullopt for other event types.
std::optional<std::pair<DeadlineChange, const tdkt::v1::DeadlineChanged*>> ChangeOf(const EventEnvelope& e) {
  switch (e.type()) {
    case tdkt::v1::EVENT_TYPE_DEADLINE_SET:
      return std::make_pair(DeadlineChange::kSet, &e.deadline_set());
    case tdkt::v1::EVENT_TYPE_DEADLINE_PAUSED:
      return std::make_pair(DeadlineChange::kPaused, &e.deadline_paused());
    case tdkt::v1::EVENT_TYPE_DEADLINE_RESUMED:
      return std::make_pair(DeadlineChange::kResumed, &e.deadline_resumed());
    case tdkt::v1::EVENT_TYPE_DEADLINE_CLEARED:
      return std::make_pair(DeadlineChange::kCleared, &e.deadline_cleared());
    default:
      return std::nullopt;
  }
}

std::optional<absl::CivilDay> DayOf(const tdkt::v1::Date& date) {
  if (date.year() < 1900 || date.year() > 2200) return std::nullopt;
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) return std::nullopt;
  return day;
}

}  // namespace

const char* DeadlineStateAfter(DeadlineChange change) {
  switch (change) {
    case DeadlineChange::kSet:
    case DeadlineChange::kResumed:
      return "RUNNING";
    case DeadlineChange::kPaused:
      return "PAUSED";
    case DeadlineChange::kCleared:
      return "CLEARED";
  }
  return "CLEARED";
}

absl::StatusOr<std::optional<DeadlineEvent>> ParseDeadlineEvent(std::string_view envelope_bytes) {
  EventEnvelope envelope;
  if (!envelope.ParseFromArray(envelope_bytes.data(), static_cast<int>(envelope_bytes.size()))) {
    return absl::InvalidArgumentError("event data is not an EventEnvelope");
  }
  const auto change = ChangeOf(envelope);
  if (!change) return std::nullopt;
  const tdkt::v1::DeadlineChanged& payload = *change->second;
  DeadlineEvent event;
  event.event_id = envelope.event_id();
  event.change = change->first;
  event.dossier_id = envelope.dossier_id();
  event.dossier_version = envelope.dossier_version();
  event.occurred_at = common::FromProtoTime(envelope.occurred_at());
  event.deadline_id = payload.deadline_id();
  event.level = payload.level();
  event.org_id = payload.org_id();
  if (payload.has_due_date()) event.due_date = DayOf(payload.due_date());
  event.calendar_version = payload.calendar_version();
  if (event.event_id.empty() || event.dossier_id.empty() || event.dossier_version <= 0 || event.deadline_id.empty() ||
      event.org_id.empty()) {
    return absl::InvalidArgumentError("deadline event without event id, dossier, version, deadline or organisation");
  }
  const bool needs_due = event.change == DeadlineChange::kSet || event.change == DeadlineChange::kResumed;
  if (needs_due && !event.due_date) return absl::InvalidArgumentError("deadline event without a valid due date");
  envelope.clear_payload();
  envelope.clear_event_id();
  envelope.clear_type();
  envelope.clear_actor();
  envelope.clear_producer();
  envelope.clear_occurred_at();
  event.context = envelope.SerializeAsString();
  return std::optional<DeadlineEvent>(std::move(event));
}

absl::StatusOr<std::optional<CalendarChangedEvent>> ParseCalendarChangedEvent(std::string_view envelope_bytes) {
  EventEnvelope envelope;
  if (!envelope.ParseFromArray(envelope_bytes.data(), static_cast<int>(envelope_bytes.size())) ||
      envelope.type() != tdkt::v1::EVENT_TYPE_CALENDAR_CHANGED) {
    return std::nullopt;
  }
  if (envelope.event_id().empty() || envelope.calendar_changed().calendar().version() <= 0) {
    return absl::InvalidArgumentError("calendar event without event id or calendar version");
  }
  CalendarChangedEvent event;
  event.event_id = envelope.event_id();
  event.occurred_at = common::FromProtoTime(envelope.occurred_at());
  event.calendar = std::move(*envelope.mutable_calendar_changed()->mutable_calendar());
  return std::optional<CalendarChangedEvent>(std::move(event));
}

}  // namespace tdkt::scheduler
