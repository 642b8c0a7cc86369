#include "services/dossier/dossier_view.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/transition_request.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

tdkt::v1::OrgLevel LevelAt(const std::vector<workflow::OrgLevel>& level_of, int index) {
  if (index < 0 || static_cast<size_t>(index) >= level_of.size()) return tdkt::v1::ORG_LEVEL_UNSPECIFIED;
  return ToProto(level_of[static_cast<size_t>(index)]);
}

std::optional<workflow::DossierState> StateFromCode(const std::string& code) {
  for (int i = 0; i < workflow::kDossierStateCount; ++i) {
    const auto state = static_cast<workflow::DossierState>(i);
    if (workflow::DossierStateCode(state) == code) return state;
  }
  return std::nullopt;
}

tdkt::v1::DossierAction ActionFromCode(const std::string& code) {
  for (int k = 0; k < workflow::kCommandKindCount; ++k) {
    const auto kind = static_cast<workflow::CommandKind>(k);
    if (workflow::CommandKindCode(kind) == code) return ToProto(kind);
  }
  return tdkt::v1::DOSSIER_ACTION_UNSPECIFIED;
}

void SetNominee(const DossierRow& row, bool show_personal_data, tdkt::v1::Nominee& nominee) {
  if (!nominee.ParseFromString(row.nominee)) nominee.Clear();
  nominee.clear_id_number();  // the row keeps it apart (DossierRow::nominee_id_number)
  if (show_personal_data) nominee.set_id_number(row.nominee_id_number);
  nominee.set_personal_data_redacted(!show_personal_data);
}

tdkt::v1::AppraisalDeadline ToProtoDeadline(const DeadlineRecord& deadline, const ViewOptions& options) {
  tdkt::v1::AppraisalDeadline a;
  a.set_level(LevelAt(options.level_of, deadline.level_index));
  a.set_org_id(deadline.org_id);
  *a.mutable_started_on() = common::ToProtoDate(workflow::VietnamDate(deadline.received_at));
  a.set_working_days_allowed(deadline.working_days);
  const bool paused = deadline.state == DeadlineRecordState::kPaused;
  a.set_paused(paused);
  if (!paused) *a.mutable_due_date() = common::ToProtoDate(deadline.due_date);
  const absl::CivilDay today = workflow::VietnamDate(paused ? *deadline.paused_at : options.now);
  if (absl::StatusOr<int64_t> left = options.calendar.WorkingDaysBetween(today, deadline.due_date); left.ok()) {
    a.set_working_days_remaining(static_cast<int32_t>(*left));
  }
  a.set_overdue(!paused && workflow::VietnamDate(options.now) > deadline.due_date);
  a.set_escalation_count(deadline.escalation_count);
  return a;
}

// A ballot round as the council recorded it: who was eligible and, where `show_participation`, who voted (never
// how), the rule. The three counts are left 0: only a closed round shows them (ClosedVoteSummary).
tdkt::v1::VoteSummary BallotSummary(const workflow::CouncilVote& ballot,
                                    const std::vector<workflow::OrgLevel>& level_of, bool show_participation) {
  tdkt::v1::VoteSummary v;
  v.set_vote_id(VoteIdOf(ballot));
  v.set_status(tdkt::v1::VOTE_STATUS_OPEN);
  v.set_level(LevelAt(level_of, ballot.level_index));
  v.set_council_id(ballot.council_id);
  v.set_eligible_count(static_cast<int32_t>(ballot.eligible_members().size()));
  v.set_voted_count(static_cast<int32_t>(ballot.Voters().size()));
  v.set_quorum(ballot.rule.quorum);
  v.set_pass_threshold(ballot.rule.pass_threshold);
  v.set_threshold_counts_all_members(ballot.rule.base == workflow::ThresholdBase::kAllMembers);
  *v.mutable_opened_at() = common::ToProtoTime(ballot.opened_at);
  if (!show_participation) return v;
  for (size_t i = 0; i < ballot.eligible_members().size(); ++i) {
    tdkt::v1::BallotParticipation* p = v.add_participants();
    p->set_person_id(ballot.eligible_members()[i]);
    p->set_full_name(std::string(ballot.NameOf(i)));
    const bool has_voted = i < ballot.voted.size() && ballot.voted[i];
    p->set_voted(has_voted);
    if (has_voted && ballot.VotedAt(i) != absl::InfinitePast()) {
      *p->mutable_voted_at() = common::ToProtoTime(ballot.VotedAt(i));
    }
  }
  return v;
}

// A closed round: its record and the tally of the minutes (biên bản kiểm phiếu). A round closed before the record
// was kept has only its level, counts, result and closing time. Who voted in a closed round is the council's record,
// shown to everyone who sees the dossier (the minutes are printed from it).
tdkt::v1::VoteSummary ClosedVoteSummary(const workflow::VoteOutcome& closed,
                                        const std::vector<workflow::OrgLevel>& level_of) {
  const workflow::VoteTally& t = closed.tally;
  const bool recorded = !closed.ballot.eligible_members().empty();
  tdkt::v1::VoteSummary v = recorded ? BallotSummary(closed.ballot, level_of, /*show_participation=*/true) : tdkt::v1::VoteSummary();
  v.set_status(tdkt::v1::VOTE_STATUS_CLOSED);
  v.set_level(LevelAt(level_of, closed.level_index()));
  v.set_eligible_count(t.eligible);
  v.set_voted_count(t.participants);
  v.set_result(t.result == workflow::VoteResult::kPassed   ? tdkt::v1::VOTE_RESULT_PASSED
               : t.result == workflow::VoteResult::kFailed ? tdkt::v1::VOTE_RESULT_FAILED
                                                           : tdkt::v1::VOTE_RESULT_NO_QUORUM);
  v.set_yes_count(t.yes);
  v.set_no_count(t.no);
  v.set_abstain_count(t.abstain);
  *v.mutable_closed_at() = common::ToProtoTime(closed.closed_at);
  return v;
}

}  // namespace

tdkt::v1::Dossier ToProtoDossier(const DossierRow& row, const std::optional<DeadlineRecord>& deadline,
                                 const ViewOptions& options) {
  const workflow::DossierSnapshot& s = row.snapshot;
  tdkt::v1::Dossier d;
  d.set_id(s.id);
  d.set_tracking_code(row.tracking_code);
  d.set_award_code(s.award_code);
  d.set_year(row.year);
  SetNominee(row, options.show_personal_data, *d.mutable_nominee());
  d.set_origin_org_id(s.origin_org_id);
  d.set_holding_org_id(s.holder_org_id);
  d.set_current_level(LevelAt(options.level_of, s.level_index));
  d.set_chain_id(s.chain_id);
  d.set_chain_version(s.chain_version);
  d.set_state(ToProto(s.state));
  switch (s.state) {
    case workflow::DossierState::kReturnedForSupplement: d.set_state_reason_vi(s.returned_reason); break;
    case workflow::DossierState::kRejected: d.set_state_reason_vi(s.rejection_reason); break;
    case workflow::DossierState::kWithdrawn: d.set_state_reason_vi(s.withdrawal_reason); break;
    default: break;
  }
  if (deadline) *d.mutable_deadline() = ToProtoDeadline(*deadline, options);
  if (s.vote) {
    *d.mutable_vote() = BallotSummary(*s.vote, options.level_of, options.show_ballot_participation);
  } else if (!s.closed_votes.empty()) {
    *d.mutable_vote() = ClosedVoteSummary(s.closed_votes.back(), options.level_of);
  }
  if (s.decision) {
    tdkt::v1::Decision* dec = d.mutable_decision();
    dec->set_number(s.decision->number);
    *dec->mutable_date() = common::ToProtoDate(s.decision->date);
    dec->set_signer_name(s.decision->signer);
    dec->set_signer_title_vi(s.decision->signer_title);
    dec->set_signer_person_id(s.decision->signer_person_id);
    dec->set_issuing_body_vi(s.decision->issuing_body);
    dec->set_document_id(s.decision->document_id);
  }
  if (s.complaint_count > 0) d.add_complaints()->set_text_vi(s.complaint_reason);
  d.set_document_count(static_cast<int32_t>(s.documents.size()));
  *d.mutable_created_at() = common::ToProtoTime(s.created_at);
  if (row.submitted_at) *d.mutable_submitted_at() = common::ToProtoTime(*row.submitted_at);
  *d.mutable_state_changed_at() = common::ToProtoTime(row.state_changed_at);
  *d.mutable_updated_at() = common::ToProtoTime(s.updated_at);
  if (row.published_on) *d.mutable_published_on() = common::ToProtoDate(*row.published_on);
  d.set_version(s.version);
  d.set_registration_id(row.registration_id);
  return d;
}

std::vector<tdkt::v1::VoteSummary> ToProtoVotes(const workflow::DossierSnapshot& snapshot,
                                                const std::vector<workflow::OrgLevel>& level_of,
                                                bool show_open_participation) {
  std::vector<tdkt::v1::VoteSummary> votes;
  for (const workflow::VoteOutcome& closed : snapshot.closed_votes) votes.push_back(ClosedVoteSummary(closed, level_of));
  if (snapshot.vote) votes.push_back(BallotSummary(*snapshot.vote, level_of, show_open_participation));
  return votes;
}

absl::StatusOr<tdkt::v1::HistoryEntry> ToProtoHistoryEntry(const EventRow& row,
                                                           const std::vector<workflow::OrgLevel>& level_of) {
  tdkt::v1::HistoryEntry e;
  try {
    const nlohmann::json j = nlohmann::json::parse(row.payload);
    e.set_sequence(row.seq);
    e.set_action(ActionFromCode(j.at("action").get<std::string>()));
    const nlohmann::json& actor = j.at("actor");
    if (actor.at("system").get<bool>()) {
      e.mutable_actor()->set_service(actor.at("id").get<std::string>());
    } else {
      e.mutable_actor()->set_person_id(actor.at("id").get<std::string>());
    }
    e.mutable_actor()->set_org_id(actor.at("org_id").get<std::string>());
    // Entries written before who acted was recorded in full have no name and role.
    e.mutable_actor()->set_display_name(actor.value("name", std::string()));
    const int role = actor.value("role", 0);
    e.mutable_actor()->set_role(tdkt::v1::Role_IsValid(role) ? static_cast<tdkt::v1::Role>(role)
                                                            : tdkt::v1::ROLE_UNSPECIFIED);
    *e.mutable_occurred_at() = common::ToProtoTime(row.occurred_at);
    if (auto from = StateFromCode(j.at("from_state").get<std::string>())) e.set_from_state(ToProto(*from));
    if (auto to = StateFromCode(j.at("to_state").get<std::string>())) e.set_to_state(ToProto(*to));
    e.set_level(LevelAt(level_of, j.at("level_index").get<int>()));
    e.set_org_id(j.at("org_id").get<std::string>());
    std::string note = j.at("note").get<std::string>();
    for (const auto& event : j.at("events")) {  // reasons are the notes of returns, rejections, complaints
      if (event.at("fields").contains("reason") && note.empty()) note = event.at("fields").at("reason").get<std::string>();
    }
    e.set_note_vi(note);
    if (!j.at("event_ids").empty()) e.set_event_id(j.at("event_ids").at(0).get<std::string>());
  } catch (const nlohmann::json::exception& ex) {
    return absl::InternalError(absl::StrCat("history entry ", row.seq, ": ", ex.what()));
  }
  e.set_prev_hash(row.prev_hash);
  e.set_hash(row.hash);
  return e;
}

}  // namespace tdkt::dossier
