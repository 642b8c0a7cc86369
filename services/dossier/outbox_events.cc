#include "services/dossier/outbox_events.h"

#include <google/protobuf/timestamp.pb.h>

#include "absl/strings/str_split.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/random_ids.h"
#include "services/dossier/transition_request.h"
#include "tdkt/v1/events.pb.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

using tdkt::v1::EventEnvelope;
using workflow::EventType;

tdkt::v1::EventType ProtoType(EventType type) {
  switch (type) {
    case EventType::kCreated: return tdkt::v1::EVENT_TYPE_DOSSIER_CREATED;
    case EventType::kDocumentAttached: return tdkt::v1::EVENT_TYPE_DOCUMENT_ATTACHED;
    case EventType::kDocumentRemoved: return tdkt::v1::EVENT_TYPE_DOCUMENT_REMOVED;
    case EventType::kSubmitted: return tdkt::v1::EVENT_TYPE_DOSSIER_SUBMITTED;
    case EventType::kAccepted: return tdkt::v1::EVENT_TYPE_DOSSIER_ACCEPTED;
    case EventType::kReturnedForSupplement: return tdkt::v1::EVENT_TYPE_DOSSIER_RETURNED;
    case EventType::kResubmitted: return tdkt::v1::EVENT_TYPE_DOSSIER_RESUBMITTED;
    case EventType::kSentToCouncil: return tdkt::v1::EVENT_TYPE_DOSSIER_SENT_TO_COUNCIL;
    case EventType::kVoteOpened: return tdkt::v1::EVENT_TYPE_VOTE_OPENED;
    case EventType::kVoteCast: return tdkt::v1::EVENT_TYPE_VOTE_CAST;
    case EventType::kVoteClosed: return tdkt::v1::EVENT_TYPE_VOTE_CLOSED;
    case EventType::kForwarded: return tdkt::v1::EVENT_TYPE_DOSSIER_FORWARDED;
    case EventType::kAwaitingDecision: return tdkt::v1::EVENT_TYPE_DOSSIER_AWAITING_DECISION;
    case EventType::kForwardedExternal: return tdkt::v1::EVENT_TYPE_DOSSIER_FORWARDED_EXTERNAL;
    case EventType::kDecided: return tdkt::v1::EVENT_TYPE_DOSSIER_DECIDED;
    case EventType::kExternalOutcomeRecorded: return tdkt::v1::EVENT_TYPE_EXTERNAL_OUTCOME_RECORDED;
    case EventType::kPublished: return tdkt::v1::EVENT_TYPE_DOSSIER_PUBLISHED;
    case EventType::kRejected: return tdkt::v1::EVENT_TYPE_DOSSIER_REJECTED;
    case EventType::kWithdrawn: return tdkt::v1::EVENT_TYPE_DOSSIER_WITHDRAWN;
    case EventType::kComplaintFiled: return tdkt::v1::EVENT_TYPE_COMPLAINT_FILED;
    case EventType::kDeadlineEscalated: return tdkt::v1::EVENT_TYPE_DOSSIER_ESCALATED;
  }
  return tdkt::v1::EVENT_TYPE_UNSPECIFIED;
}

std::string Field(const workflow::Event& e, std::string_view key) {
  const std::string* v = e.Field(key);
  return v ? *v : std::string();
}

int Int(const workflow::Event& e, std::string_view key) {
  const std::string value = Field(e, key);
  return value.empty() ? 0 : std::atoi(value.c_str());
}

// A decision as the state machine's fields record it (DECIDE, and a granted external outcome).
void FillDecision(const workflow::Event& e, tdkt::v1::Decision* d) {
  d->set_number(Field(e, "number"));
  d->set_signer_name(Field(e, "signer"));
  d->set_signer_title_vi(Field(e, "signer_title"));
  d->set_signer_person_id(Field(e, "signer_person_id"));
  d->set_issuing_body_vi(Field(e, "issuing_body"));
  d->set_document_id(Field(e, "document_id"));
}

// The payload case of each event, from the state machine's fields (which never hold a ballot or an ID number).
void FillPayload(const workflow::Event& e, const EnvelopeContext& c, EventEnvelope& env) {
  switch (e.type) {
    case EventType::kCreated:
      env.mutable_dossier_created()->set_chain_id(c.chain_id);
      env.mutable_dossier_created()->set_chain_version(c.chain_version);
      break;
    case EventType::kDocumentAttached:
      env.mutable_document_attached()->set_document_id(Field(e, "document_id"));
      env.mutable_document_attached()->set_kind(Field(e, "kind"));
      break;
    case EventType::kDocumentRemoved:
      env.mutable_document_removed()->set_document_id(Field(e, "document_id"));
      env.mutable_document_removed()->set_kind(Field(e, "kind"));
      break;
    case EventType::kSubmitted: env.mutable_dossier_submitted()->set_note_vi(c.note); break;
    case EventType::kAccepted: env.mutable_dossier_accepted()->set_note_vi(c.note); break;
    case EventType::kReturnedForSupplement: {
      auto* r = env.mutable_dossier_returned();
      r->set_reason_vi(Field(e, "reason"));
      for (absl::string_view kind : absl::StrSplit(Field(e, "missing_document_kinds"), ',', absl::SkipEmpty())) {
        r->add_missing_document_kinds(std::string(kind));
      }
      break;
    }
    case EventType::kResubmitted: env.mutable_dossier_resubmitted()->set_note_vi(c.note); break;
    case EventType::kSentToCouncil: env.mutable_dossier_sent_to_council()->set_note_vi(c.note); break;
    case EventType::kVoteOpened: {
      auto* v = env.mutable_vote_opened();
      v->set_council_id(Field(e, "council_id"));
      if (c.opened_vote != nullptr) {
        v->set_vote_id(VoteIdOf(*c.opened_vote));
        for (const std::string& member : c.opened_vote->eligible_members()) v->add_eligible_person_ids(member);
      }
      break;
    }
    case EventType::kVoteCast: {
      auto* v = env.mutable_vote_cast();
      v->set_voter_person_id(Field(e, "voter"));
      if (c.open_vote != nullptr) {
        v->set_vote_id(VoteIdOf(*c.open_vote));
        v->set_voted_count(static_cast<int32_t>(c.open_vote->Voters().size()));
        v->set_eligible_count(static_cast<int32_t>(c.open_vote->eligible_members().size()));
      }
      break;
    }
    case EventType::kVoteClosed: {
      auto* v = env.mutable_vote_closed();
      const std::string result = Field(e, "result");
      v->set_result(result == "PASSED"   ? tdkt::v1::VOTE_RESULT_PASSED
                    : result == "FAILED" ? tdkt::v1::VOTE_RESULT_FAILED
                                         : tdkt::v1::VOTE_RESULT_NO_QUORUM);
      v->set_yes_count(Int(e, "yes"));
      v->set_no_count(Int(e, "no"));
      v->set_abstain_count(Int(e, "abstain"));
      v->set_eligible_count(Int(e, "eligible"));
      break;
    }
    case EventType::kForwarded: env.mutable_dossier_forwarded()->set_note_vi(c.note); break;
    case EventType::kAwaitingDecision: env.mutable_dossier_awaiting_decision()->set_note_vi(c.note); break;
    case EventType::kForwardedExternal: env.mutable_dossier_forwarded_external()->set_note_vi(c.note); break;
    case EventType::kDecided: FillDecision(e, env.mutable_dossier_decided()->mutable_decision()); break;
    case EventType::kExternalOutcomeRecorded: {
      auto* o = env.mutable_external_outcome_recorded();
      const bool granted = Field(e, "granted") == "true";
      o->set_outcome(granted ? tdkt::v1::EXTERNAL_OUTCOME_GRANTED : tdkt::v1::EXTERNAL_OUTCOME_NOT_GRANTED);
      if (granted) {
        FillDecision(e, o->mutable_decision());
      } else {
        o->set_reason_vi(Field(e, "reason"));
      }
      break;
    }
    case EventType::kPublished: env.mutable_dossier_published(); break;
    case EventType::kRejected: env.mutable_dossier_rejected()->set_reason_vi(Field(e, "reason")); break;
    case EventType::kWithdrawn: env.mutable_dossier_withdrawn()->set_reason_vi(Field(e, "reason")); break;
    case EventType::kComplaintFiled: env.mutable_complaint_filed(); break;
    case EventType::kDeadlineEscalated:
      env.mutable_dossier_escalated()->set_overdue_working_days(Int(e, "overdue_working_days"));
      break;
  }
}

EventEnvelope Base(const EnvelopeContext& c) {
  EventEnvelope env;
  env.set_event_id(NewUuid());
  *env.mutable_occurred_at() = common::ToProtoTime(c.occurred_at);
  env.mutable_actor()->set_person_id(c.actor_person_id);
  env.mutable_actor()->set_service(c.actor_service);
  env.mutable_actor()->set_org_id(c.actor_org_id);
  env.mutable_actor()->set_display_name(c.actor_display_name);
  if (c.actor_role) env.mutable_actor()->set_role(common::ToProto(*c.actor_role));
  env.set_producer("dossier");
  env.set_dossier_id(c.dossier_id);
  env.set_dossier_version(c.version);
  env.set_award_code(c.award_code);
  env.set_year(c.year);
  env.set_nominee_name(c.nominee_name);
  env.set_state(ToProto(c.state));
  env.set_previous_state(ToProto(c.previous_state));
  env.set_level(ToProto(c.level));
  env.set_origin_org_id(c.origin_org_id);
  env.set_holding_org_id(c.holder_org_id);
  env.set_previous_holding_org_id(c.previous_holder_org_id);
  env.set_tracking_code(c.tracking_code);
  tdkt::v1::Nominee nominee;
  if (nominee.ParseFromString(c.nominee)) {
    env.set_nominee_kind(nominee.kind());
    env.set_nominee_gender(nominee.gender());
    env.set_nominee_occupation(nominee.occupation());
  }
  for (const std::string& org : c.origin_org_path) env.add_origin_org_path(org);
  return env;
}

}  // namespace

std::string EnvelopeTypeName(workflow::EventType type) { return tdkt::v1::EventType_Name(ProtoType(type)); }

OutboxRow CalendarChangedRow(const CalendarChangeContext& c, const tdkt::v1::Calendar& calendar) {
  EventEnvelope env;
  env.set_event_id(NewUuid());
  env.set_type(tdkt::v1::EVENT_TYPE_CALENDAR_CHANGED);
  *env.mutable_occurred_at() = common::ToProtoTime(c.occurred_at);
  env.mutable_actor()->set_person_id(c.actor_person_id);
  env.mutable_actor()->set_display_name(c.actor_display_name);
  env.set_producer("dossier");
  tdkt::v1::CalendarChanged* changed = env.mutable_calendar_changed();
  changed->set_previous_version(c.previous_version);
  changed->set_year(c.year);
  *changed->mutable_calendar() = calendar;
  return OutboxRow{env.event_id(), tdkt::v1::EventType_Name(env.type()), env.SerializeAsString()};
}

std::vector<OutboxRow> BuildOutboxRows(const EnvelopeContext& c, const std::vector<workflow::Event>& events,
                                       const std::vector<DeadlineChange>& changes,
                                       const std::vector<workflow::OrgLevel>& level_of) {
  std::vector<OutboxRow> rows;
  for (const workflow::Event& e : events) {
    EventEnvelope env = Base(c);
    env.set_type(ProtoType(e.type));
    FillPayload(e, c, env);
    rows.push_back(OutboxRow{env.event_id(), tdkt::v1::EventType_Name(env.type()), env.SerializeAsString()});
  }
  for (const DeadlineChange& change : changes) {
    EventEnvelope env = Base(c);
    tdkt::v1::DeadlineChanged* d = nullptr;
    switch (change.kind) {
      case DeadlineChangeKind::kSet:
        env.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_SET);
        d = env.mutable_deadline_set();
        break;
      case DeadlineChangeKind::kPaused:
        env.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_PAUSED);
        d = env.mutable_deadline_paused();
        break;
      case DeadlineChangeKind::kResumed:
        env.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_RESUMED);
        d = env.mutable_deadline_resumed();
        break;
      case DeadlineChangeKind::kCleared:
        env.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_CLEARED);
        d = env.mutable_deadline_cleared();
        break;
    }
    const DeadlineRecord& r = change.record;
    d->set_deadline_id(c.dossier_id + "/" + std::to_string(r.deadline_no));
    const size_t level = static_cast<size_t>(r.level_index);
    if (level < level_of.size()) d->set_level(ToProto(level_of[level]));
    d->set_org_id(r.org_id);
    *d->mutable_started_on() = common::ToProtoDate(workflow::VietnamDate(r.received_at));
    d->set_working_days_allowed(r.working_days);
    if (change.kind != DeadlineChangeKind::kCleared) *d->mutable_due_date() = common::ToProtoDate(r.due_date);
    d->set_working_days_remaining(static_cast<int32_t>(change.working_days_remaining));
    d->set_calendar_id("vn");
    d->set_calendar_version(r.calendar_version);
    rows.push_back(OutboxRow{env.event_id(), tdkt::v1::EventType_Name(env.type()), env.SerializeAsString()});
  }
  return rows;
}

}  // namespace tdkt::dossier
