#pragma once
// ResolveRecipients: the people an event tells, with the severity for each — the rules of recipient_rules.h
// applied to the directory as it was on the event's date (Asia/Ho_Chi_Minh). A person in several audiences of
// one event is told once, with the highest severity.
//
// An organisation without a council that day (NOT_FOUND) is an empty audience, not an error: there is nobody
// to tell. Any other directory error is returned (the consumer retries the event).
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/notifier/recipient_directory.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.pb.h"

namespace tdkt::notifier {

struct Recipient {
  std::string person_id;
  tdkt::v1::NotificationSeverity severity = tdkt::v1::NOTIFICATION_SEVERITY_INFO;
};

// Sorted by person id.
absl::StatusOr<std::vector<Recipient>> ResolveRecipients(const tdkt::v1::EventEnvelope& event,
                                                         const RecipientDirectory& directory);

// The business date of the event (its occurred_at in Asia/Ho_Chi_Minh).
absl::CivilDay EventDate(const tdkt::v1::EventEnvelope& event);

}  // namespace tdkt::notifier
