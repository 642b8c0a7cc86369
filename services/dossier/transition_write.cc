#include "services/dossier/transition_write.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

#include "services/common/proto_conversions.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/outbox_events.h"
#include "services/dossier/snapshot_codec.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

// The canonical, hashed content of one history entry. nlohmann's default object keeps keys sorted, so the
// text depends only on the values.
std::string HistoryPayload(const TransitionState& state, wf::CommandKind kind, const wf::Transition& transition,
                           const std::string& note, const std::vector<OutboxRow>& outbox) {
  const wf::DossierSnapshot& before = state.loaded.row.snapshot;
  const wf::DossierSnapshot& after = transition.dossier;
  const wf::ActorContext& actor = state.actor;
  const ActingAs& acting = state.acting;
  nlohmann::json j;
  j["dossier_id"] = after.id;
  j["seq"] = after.version;
  j["action"] = std::string(wf::CommandKindCode(kind));
  // The role as its tdkt.v1.Role number, as every schema stores roles (0: none, the system actor).
  j["actor"] = {{"id", actor.id},
                {"system", actor.is_system},
                {"org_id", acting.org_id},
                {"name", acting.display_name},
                {"role", acting.role ? static_cast<int>(common::ToProto(*acting.role)) : 0}};
  j["occurred_at_us"] = absl::ToUnixMicros(after.updated_at);
  j["from_state"] = state.creating ? std::string() : std::string(wf::DossierStateCode(before.state));
  j["to_state"] = std::string(wf::DossierStateCode(after.state));
  j["level_index"] = after.level_index;
  j["org_id"] = after.holder_org_id;
  j["note"] = note;
  nlohmann::json list = nlohmann::json::array();
  for (const wf::Event& e : transition.effects.events) {
    nlohmann::json fields = nlohmann::json::object();
    for (const wf::EventField& f : e.fields) fields[std::string(f.key)] = f.value;
    list.push_back({{"type", std::string(wf::EventTypeName(e.type))}, {"fields", std::move(fields)}});
  }
  j["events"] = std::move(list);
  nlohmann::json ids = nlohmann::json::array();
  for (const OutboxRow& o : outbox) ids.push_back(o.event_id);
  j["event_ids"] = std::move(ids);
  // The snapshot the entry leaves (without an open ballot's counts): VerifyHistory checks the row against it.
  j["snapshot_sha256"] = SnapshotDigest(after);
  return j.dump();
}

std::vector<wf::OrgLevel> LevelsOf(const wf::ChainDefinition& chain) {
  std::vector<wf::OrgLevel> levels;
  for (const wf::ChainLevel& level : chain.levels) levels.push_back(level.org_level);
  return levels;
}

// The row after the command: the snapshot, and the columns that follow its state changes.
DossierRow RowAfter(const TransitionState& state, const wf::DossierSnapshot& after, const TransitionRequest& request,
                    const std::vector<wf::OrgLevel>& level_of) {
  const wf::DossierSnapshot& before = state.loaded.row.snapshot;
  DossierRow row = state.loaded.row;
  if (state.creating || after.state != before.state) row.state_changed_at = state.now;
  if (after.state == wf::DossierState::kSubmitted && !row.submitted_at) row.submitted_at = state.now;
  if (!state.creating && after.state == wf::DossierState::kPublished && before.state != wf::DossierState::kPublished) {
    const auto* publish = std::get_if<api::Publish>(&request.command);
    row.published_on = publish != nullptr && publish->published_on ? *publish->published_on : wf::VietnamDate(state.now);
  }
  row.snapshot = after;
  row.current_level = level_of[static_cast<size_t>(after.level_index)];
  if (std::find(row.held_org_ids.begin(), row.held_org_ids.end(), after.holder_org_id) == row.held_org_ids.end()) {
    row.held_org_ids.push_back(after.holder_org_id);  // a level it reaches keeps seeing it
  }
  return row;
}

// The deadline rows to upsert, one per deadline number (the last record of each wins, as successive upserts
// would), and the live deadline after the command: an escalation counts on it.
std::vector<DeadlineRecord> DeadlineWrites(const DeadlinePlan& plan, bool escalated,
                                           std::optional<DeadlineRecord>& live) {
  std::vector<DeadlineRecord> records;
  auto put = [&records](const DeadlineRecord& record) {
    for (DeadlineRecord& r : records) {
      if (r.deadline_no == record.deadline_no) {
        r = record;
        return;
      }
    }
    records.push_back(record);
  };
  for (const DeadlineChange& change : plan.changes) put(change.record);
  live = plan.live;
  if (escalated && live) {
    ++live->escalation_count;
    put(*live);
  }
  return records;
}

EnvelopeContext EnvelopeOf(const TransitionState& state, const DossierRow& row, const std::string& note) {
  const wf::DossierSnapshot& before = state.loaded.row.snapshot;
  const wf::DossierSnapshot& after = row.snapshot;
  const wf::ActorContext& actor = state.actor;
  return EnvelopeContext{.dossier_id = after.id,
                         .version = after.version,
                         .award_code = after.award_code,
                         .year = row.year,
                         .nominee_name = row.nominee_name,
                         .nominee = row.nominee,
                         .origin_org_path = row.origin_org_path,
                         .tracking_code = row.tracking_code,
                         .state = after.state,
                         .previous_state = state.creating ? after.state : before.state,
                         .level = row.current_level,
                         .origin_org_id = after.origin_org_id,
                         .holder_org_id = after.holder_org_id,
                         .previous_holder_org_id = state.creating ? after.holder_org_id : before.holder_org_id,
                         .occurred_at = state.now,
                         .actor_person_id = actor.is_system ? "" : actor.id,
                         .actor_service = actor.is_system ? actor.id : "",
                         .actor_org_id = state.acting.org_id,
                         .actor_display_name = state.acting.display_name,
                         .actor_role = state.acting.role,
                         .chain_id = after.chain_id,
                         .chain_version = after.chain_version,
                         .note = note,
                         .opened_vote = after.vote && !before.vote ? &*after.vote : nullptr,
                         .open_vote = after.vote ? &*after.vote : nullptr};
}

// UploadDocument's row (who, when, at which level) and RemoveDocument's target.
void SetDocumentWrites(const TransitionState& state, const TransitionRequest& request,
                       const std::vector<wf::OrgLevel>& level_of, TransitionWrite& write) {
  if (const auto* upload = std::get_if<api::UploadDocument>(&request.command)) {
    DocumentRecord document = upload->document;
    document.uploaded_by = state.actor.id;
    document.uploaded_by_name = state.acting.display_name;
    document.uploaded_role = state.acting.role;
    document.uploaded_org = state.acting.org_id;
    document.uploaded_at = state.now;
    document.level = level_of[static_cast<size_t>(state.loaded.row.snapshot.level_index)];
    write.new_document = std::move(document);
    write.new_document_content = upload->content;
  }
  if (const auto* plain = std::get_if<api::Plain>(&request.command)) {
    if (const auto* remove = std::get_if<wf::cmd::RemoveDocument>(&plain->command)) {
      write.removed_document_id = remove->document_id;
    }
  }
}

}  // namespace

TransitionWrite BuildTransitionWrite(const TransitionState& state, const wf::Transition& transition,
                                     const DeadlinePlan& plan, const TransitionRequest& request) {
  const std::vector<wf::OrgLevel> level_of = LevelsOf(*state.chain);
  TransitionWrite write;
  write.row = RowAfter(state, transition.dossier, request, level_of);
  if (!state.creating) write.from_version = state.loaded.row.snapshot.version;
  const wf::CommandKind kind = KindOf(request.command);
  write.deadlines = DeadlineWrites(plan, kind == wf::CommandKind::kEscalate, write.live_deadline);
  write.outbox = BuildOutboxRows(EnvelopeOf(state, write.row, request.note), transition.effects.events, plan.changes,
                                 level_of);
  write.event_type = std::string(wf::CommandKindCode(kind));
  write.actor_id = state.actor.id;
  write.event_payload = HistoryPayload(state, kind, transition, request.note, write.outbox);
  write.prev_hash = state.head_hash;
  write.event_hash = HistoryHash(state.head_hash, write.event_payload);
  SetDocumentWrites(state, request, level_of, write);
  return write;
}

}  // namespace tdkt::dossier
