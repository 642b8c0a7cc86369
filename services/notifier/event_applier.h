#pragma once
// EventApplier: one event of tdkt:events → its effects, exactly once. First everything that needs the network
// (recipients and names from the directory, the organisation chain for webhooks), then ONE PostgreSQL
// transaction that claims the event id (common::Idempotency: a duplicate changes nothing), writes a notification
// per recipient, queues their e-mails by preference and a webhook delivery per matching subscription, and
// records the event. Only after the commit does the caller fan out and acknowledge (event_consumer.h).
//
//   EventApplier applier(pool, directory, templates, award_names, {});
//   TDKT_ASSIGN_OR_RETURN(ApplyOutcome outcome, applier.Apply(envelope));
//   if (!outcome.duplicate) fan_out(outcome.notified);
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/idempotency.h"
#include "services/notifier/email_store.h"
#include "services/notifier/notification_store.h"
#include "services/notifier/recipient_directory.h"
#include "services/notifier/template_set.h"
#include "services/notifier/webhook_store.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::notifier {

// The catalogue's Vietnamese name of an award code on a day; empty when unknown.
using AwardNames = std::function<std::string(const std::string& award_code, absl::CivilDay day)>;

struct ApplyOptions {
  bool email = true;  // false: no SMTP is configured, so no e-mail is queued
};

struct ApplyOutcome {
  bool duplicate = false;              // the event id was applied before: nothing changed
  std::vector<std::string> notified = {};  // person ids with a new notification, sorted
  int notifications = 0;
  int emails = 0;
  int webhook_deliveries = 0;
};

class EventApplier {
 public:
  EventApplier(common::PgPool& pool, const RecipientDirectory& directory, const TemplateSet& templates,
               AwardNames award_names, ApplyOptions options = {});

  // INVALID_ARGUMENT for an event that can never be applied (no id or type); a directory or database error as it
  // came (UNAVAILABLE: try again later).
  absl::StatusOr<ApplyOutcome> Apply(const tdkt::v1::EventEnvelope& event);

 private:
  absl::StatusOr<bool> AlreadyApplied(const std::string& event_id);
  absl::StatusOr<std::vector<std::string>> WebhookOrgChain(const tdkt::v1::EventEnvelope& event) const;
  std::string OrgName(const std::string& org_id, absl::CivilDay day) const;

  common::PgPool& pool_;
  const RecipientDirectory& directory_;
  const TemplateSet& templates_;
  const AwardNames award_names_;
  const ApplyOptions options_;
  const common::Idempotency idempotency_{"notifier"};
  NotificationStore notifications_;
  EmailStore emails_;
  WebhookStore webhooks_;
};

}  // namespace tdkt::notifier
