#pragma once
// BuildOutboxRows: the tdkt.v1.EventEnvelope rows (events.proto) one command produces — one per state-machine
// event, then one per deadline change (with the calendar version its due date was counted with) — each with a
// fresh event id. CalendarChangedRow: the row of a calendar change. Envelopes carry the nominee's name for
// notification texts, the nominee's kind, gender and occupation for the reports, and never the ID number (it is
// not among the inputs).
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/dossier/deadline_calculator.h"
#include "services/dossier/dossier_store.h"
#include "workflow/actor.h"
#include "workflow/dossier_state.h"
#include "workflow/effects.h"
#include "workflow/vote_tally.h"

namespace tdkt::v1 {
class Calendar;
}

namespace tdkt::dossier {

struct EnvelopeContext {
  std::string dossier_id;
  int64_t version = 0;
  std::string award_code;
  int year = 0;
  std::string nominee_name;
  // The serialized tdkt.v1.Nominee (without its ID number): only its kind, gender and occupation go out.
  std::string nominee;
  std::vector<std::string> origin_org_path;  // origin first
  std::string tracking_code;
  workflow::DossierState state = workflow::DossierState::kDraft;
  workflow::DossierState previous_state = workflow::DossierState::kDraft;
  workflow::OrgLevel level = workflow::OrgLevel::kUnit;
  std::string origin_org_id;
  std::string holder_org_id;
  std::string previous_holder_org_id;
  absl::Time occurred_at;
  std::string actor_person_id;  // empty for a system actor
  std::string actor_service;    // e.g. "scheduler"
  std::string actor_org_id;
  std::string actor_display_name;             // the person's full name when they acted
  std::optional<workflow::Role> actor_role;  // of the grant that authorised the action
  std::string chain_id;
  int chain_version = 0;
  std::string note;
  const workflow::CouncilVote* opened_vote = nullptr;  // the ballot the command opened, if it opened one
  // The ballot open after the command, if any: VOTE_CAST carries how many of its members have voted (the notifier
  // tells the chair once all have), never who voted how.
  const workflow::CouncilVote* open_vote = nullptr;
};

// `level_of` maps a chain level index to its organisation level (for deadline payloads).
std::vector<OutboxRow> BuildOutboxRows(const EnvelopeContext& context, const std::vector<workflow::Event>& events,
                                       const std::vector<DeadlineChange>& deadline_changes,
                                       const std::vector<workflow::OrgLevel>& level_of);

// Who changed the calendar, and when (CalendarService.SetCalendarYear).
struct CalendarChangeContext {
  int64_t previous_version = 0;
  int year = 0;
  absl::Time occurred_at;
  std::string actor_person_id;
  std::string actor_display_name;
};

// The CALENDAR_CHANGED row of a calendar change: the whole calendar after it (events.proto CalendarChanged), no
// dossier.
OutboxRow CalendarChangedRow(const CalendarChangeContext& context, const tdkt::v1::Calendar& calendar);

// The events.proto type name of a state-machine event, e.g. "EVENT_TYPE_DOSSIER_SUBMITTED".
std::string EnvelopeTypeName(workflow::EventType type);

}  // namespace tdkt::dossier
