#include "services/notifier/event_applier.h"

#include <algorithm>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/notifier/recipient_resolver.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

// Every delivery of one event id carries the same fingerprint: a redelivered entry is a replay, never a
// conflict, whatever bytes the producer sent the second time.
std::string EventFingerprint(const std::string& event_id) {
  return common::RequestFingerprint("", "event", "", event_id);
}

// The idempotency key of a consumed event: '/' never occurs in a client's request_id (CheckRequestId), so an
// RPC can never take an event's key.
std::string EventKey(const std::string& event_id) { return "event/" + event_id; }

}  // namespace

EventApplier::EventApplier(common::PgPool& pool, const RecipientDirectory& directory, const TemplateSet& templates,
                           AwardNames award_names, ApplyOptions options)
    : pool_(pool),
      directory_(directory),
      templates_(templates),
      award_names_(std::move(award_names)),
      options_(options) {}

absl::StatusOr<bool> EventApplier::AlreadyApplied(const std::string& event_id) {
  bool applied = false;
  TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) {
    applied = !txn.exec_params("SELECT 1 FROM notifier.idempotency WHERE request_id = $1", EventKey(event_id)).empty();
    return absl::OkStatus();
  }));
  return applied;
}

std::string EventApplier::OrgName(const std::string& org_id, absl::CivilDay day) const {
  if (org_id.empty()) return "";
  absl::StatusOr<std::string> name = directory_.OrganisationName(org_id, day);
  // A name is decoration: without it the text still tells what happened.
  return name.ok() && !name->empty() ? *name : "đơn vị";
}

absl::StatusOr<std::vector<std::string>> EventApplier::WebhookOrgChain(const v1::EventEnvelope& event) const {
  std::set<std::string> chain;
  const absl::CivilDay day = EventDate(event);
  for (const std::string* org : {&event.origin_org_id(), &event.holding_org_id()}) {
    if (org->empty()) continue;
    chain.insert(*org);
    absl::StatusOr<std::vector<std::string>> ancestors = directory_.Ancestors(*org, day);
    if (absl::IsNotFound(ancestors.status())) continue;  // no longer valid that day: itself only
    if (!ancestors.ok()) return ancestors.status();
    chain.insert(ancestors->begin(), ancestors->end());
  }
  if (event.has_deadline_reminder() && !event.deadline_reminder().org_id().empty()) {
    chain.insert(event.deadline_reminder().org_id());
  }
  return std::vector<std::string>(chain.begin(), chain.end());
}

absl::StatusOr<ApplyOutcome> EventApplier::Apply(const v1::EventEnvelope& event) {
  if (event.event_id().empty() || event.type() == v1::EVENT_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("event without event_id or type");
  }
  // A redelivery costs no directory round trip (the claim below stays the guarantee).
  TDKT_ASSIGN_OR_RETURN(bool applied, AlreadyApplied(event.event_id()));
  if (applied) return ApplyOutcome{.duplicate = true};

  // 1. What needs the network, before any transaction is open.
  TDKT_ASSIGN_OR_RETURN(std::vector<Recipient> recipients, ResolveRecipients(event, directory_));
  std::vector<NewNotification> rows;
  if (!recipients.empty()) {
    const absl::CivilDay day = EventDate(event);
    TemplateNames names{award_names_ ? award_names_(event.award_code(), day) : std::string(),
                        OrgName(event.holding_org_id(), day), OrgName(event.origin_org_id(), day)};
    TDKT_ASSIGN_OR_RETURN(RenderedText text, templates_.Render(event, names));
    for (const Recipient& recipient : recipients) {
      rows.push_back({recipient.person_id, event.event_id(), event.type(), recipient.severity, event.dossier_id(),
                      text.title, text.body, text.link});
    }
  }
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> org_chain, WebhookOrgChain(event));
  const std::string payload = event.SerializeAsString();

  // 2. One transaction for every effect and the event's record.
  ApplyOutcome outcome;
  TDKT_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& txn) -> absl::Status {
    outcome = ApplyOutcome{};
    TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                          idempotency_.Claim(txn, EventKey(event.event_id()), EventFingerprint(event.event_id())));
    if (earlier.has_value()) {
      outcome.duplicate = true;
      return absl::OkStatus();
    }
    const std::vector<InsertedNotification> inserted = notifications_.Insert(txn, rows);
    std::vector<std::pair<int64_t, std::string>> new_ids;
    for (const InsertedNotification& n : inserted) {
      new_ids.emplace_back(n.id, n.person_id);
      outcome.notified.push_back(n.person_id);
    }
    outcome.notifications = static_cast<int>(inserted.size());
    if (options_.email) outcome.emails = emails_.QueueFor(txn, new_ids);
    outcome.webhook_deliveries = webhooks_.Enqueue(txn, org_chain, event.type(), event.event_id(), payload);
    idempotency_.Record(txn, EventKey(event.event_id()),
                        absl::StrCat("notifications=", outcome.notifications, " emails=", outcome.emails,
                                     " webhooks=", outcome.webhook_deliveries));
    return absl::OkStatus();
  }));
  std::sort(outcome.notified.begin(), outcome.notified.end());
  return outcome;
}

}  // namespace tdkt::notifier
