#include "services/scheduler/reminder_events.h"

#include "base/sha256.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/scheduler/timer_plan.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::scheduler {

std::string ReminderEventId(const std::string& timer_id) {
  std::string bytes = base::Sha256(std::string("tdkt-scheduler-reminder\n") + timer_id).substr(0, 16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x50);  // version 5 (name-based)
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = base::HexOf(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

namespace {

common::OutboxRow CampaignReminderEvent(const ClaimedTimer& timer, absl::Time fired_at) {
  const TimerRow& row = timer.row;
  tdkt::v1::EventEnvelope envelope;
  envelope.set_event_id(ReminderEventId(row.id));
  envelope.set_type(tdkt::v1::EVENT_TYPE_CAMPAIGN_REMINDER);
  *envelope.mutable_occurred_at() = common::ToProtoTime(fired_at);
  envelope.mutable_actor()->set_service(kSchedulerService);
  envelope.set_producer(kSchedulerService);
  tdkt::v1::CampaignReminder* reminder = envelope.mutable_campaign_reminder();
  reminder->set_campaign_deadline_id(row.campaign_deadline_id);
  reminder->set_org_id(timer.campaign_org_id);
  reminder->set_name_vi(timer.campaign_name);
  *reminder->mutable_due_date() = common::ToProtoDate(row.due_date);
  reminder->set_kind(static_cast<tdkt::v1::ReminderKind>(row.reminder_kind));
  if (row.reminder_kind == tdkt::v1::REMINDER_KIND_BEFORE_DUE) reminder->set_working_days_before_due(row.step);
  reminder->set_recipient_org_id(row.org_id);
  reminder->set_timer_id(row.id);
  return common::OutboxRow{envelope.event_id(), "", tdkt::v1::EventType_Name(envelope.type()),
                           envelope.SerializeAsString()};
}

}  // namespace

common::OutboxRow DeadlineReminderEvent(const ClaimedTimer& timer, absl::Time fired_at, bool late) {
  const TimerRow& row = timer.row;
  if (!row.campaign_deadline_id.empty()) return CampaignReminderEvent(timer, fired_at);
  tdkt::v1::EventEnvelope envelope;
  envelope.ParseFromString(timer.context);  // the dossier context; empty when the deadline row is gone
  envelope.set_event_id(ReminderEventId(row.id));
  envelope.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_REMINDER);
  *envelope.mutable_occurred_at() = common::ToProtoTime(fired_at);
  envelope.mutable_actor()->set_service(kSchedulerService);
  envelope.set_producer(kSchedulerService);
  envelope.set_dossier_id(row.dossier_id);
  tdkt::v1::DeadlineReminder* reminder = envelope.mutable_deadline_reminder();
  reminder->set_timer_id(row.id);
  reminder->set_deadline_id(row.deadline_id);
  const auto kind = static_cast<tdkt::v1::ReminderKind>(row.reminder_kind);
  reminder->set_kind(kind);
  *reminder->mutable_due_date() = common::ToProtoDate(row.due_date);
  if (kind == tdkt::v1::REMINDER_KIND_BEFORE_DUE) reminder->set_working_days_before_due(row.step);
  if (kind == tdkt::v1::REMINDER_KIND_OVERDUE) reminder->set_overdue_working_days(row.step);
  reminder->set_org_id(row.org_id);
  reminder->set_escalated(IsEscalatedReminder(kind, row.step));
  reminder->set_late(late);
  reminder->set_lateness_ms(row.lateness_ms.value_or(0));
  return common::OutboxRow{envelope.event_id(), row.dossier_id, tdkt::v1::EventType_Name(envelope.type()),
                     envelope.SerializeAsString()};
}

}  // namespace tdkt::scheduler
