#include "base/sha256.h"
#include "workflow/vietnam_time.h"
#include "services/dossier/transition_runner.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/outbox_events.h"
#include "services/dossier/random_ids.h"
#include "services/dossier/snapshot_codec.h"
#include "workflow/authorization.h"
#include "workflow/reasons.h"
#include "base/status_macros.h"
#include "workflow/transition.h"

namespace tdkt::dossier {

namespace wf = workflow;

struct TransitionRunner::Prepared {
  TransitionWrite write;
};

namespace {

// How often a command without expected_version (ballots, escalations) is retried when another command got
// in between its read and its write. Each retry re-reads, so it is as if the client had retried.
constexpr int kUncheckedVersionAttempts = 5;

absl::Status DifferentRequest() {
  return absl::AlreadyExistsError("request_id đã được dùng cho một yêu cầu khác");
}

std::string Fingerprint(const auth::Identity& caller, const CommandRequest& request) {
  return base::Sha256Hex(absl::StrCat(request.method, "\n", caller.person_id, "\n",
                                caller.service_name.value_or(""), "\n", request.request_bytes));
}

// The grant that authorised the action, for the history and the envelope: the first one with any relation.
std::string ActingOrg(const wf::ActorContext& actor) {
  for (const wf::ResolvedGrant& g : actor.grants) {
    if (!g.relations.empty()) return g.org_id;
  }
  return "";
}

// The canonical, hashed content of one history entry. nlohmann's default object keeps keys sorted, so the
// text depends only on the values.
std::string HistoryPayload(const wf::DossierSnapshot& before, const wf::DossierSnapshot& after,
                           wf::CommandKind kind, const wf::ActorContext& actor, const std::string& note,
                           const std::vector<wf::Event>& events, const std::vector<OutboxRow>& outbox,
                           bool created) {
  nlohmann::json j;
  j["dossier_id"] = after.id;
  j["seq"] = after.version;
  j["action"] = std::string(wf::CommandKindCode(kind));
  j["actor"] = {{"id", actor.id}, {"system", actor.is_system}, {"org_id", ActingOrg(actor)}};
  j["occurred_at_us"] = absl::ToUnixMicros(after.updated_at);
  j["from_state"] = created ? std::string() : std::string(wf::DossierStateCode(before.state));
  j["to_state"] = std::string(wf::DossierStateCode(after.state));
  j["level_index"] = after.level_index;
  j["org_id"] = after.holder_org_id;
  j["note"] = note;
  nlohmann::json list = nlohmann::json::array();
  for (const wf::Event& e : events) {
    nlohmann::json fields = nlohmann::json::object();
    for (const wf::EventField& f : e.fields) fields[std::string(f.key)] = f.value;
    list.push_back({{"type", std::string(wf::EventTypeName(e.type))}, {"fields", std::move(fields)}});
  }
  j["events"] = std::move(list);
  nlohmann::json ids = nlohmann::json::array();
  for (const OutboxRow& o : outbox) ids.push_back(o.event_id);
  j["event_ids"] = std::move(ids);
  return j.dump();
}

absl::Status Precondition(wf::ReasonCode reason, std::string_view message) {
  return wf::WorkflowError(absl::StatusCode::kFailedPrecondition, reason, message);
}

}  // namespace

std::string VoteIdOf(const wf::CouncilVote& vote) {
  return absl::StrCat("v", vote.level_index, "-", absl::ToUnixMicros(vote.opened_at));
}

TransitionRunner::TransitionRunner(const DossierStore& store, const OrgDirectory& directory,
                                   const wf::catalog::Catalog& catalog,
                                   const wf::calendar::WorkingDayCalendar& calendar, const base::Clock& clock,
                                   wf::TransitionPolicy policy)
    : store_(store), directory_(directory), catalog_(catalog), calendar_(calendar), clock_(clock),
      policy_(std::move(policy)) {}

absl::StatusOr<wf::ActorContext> TransitionRunner::ResolveActor(const auth::Identity& caller,
                                                                const wf::DossierSnapshot& dossier) const {
  if (caller.service_name.has_value()) {
    if (*caller.service_name == kSchedulerService) return wf::ActorContext::System(kSchedulerService);
    return absl::PermissionDeniedError("Tài khoản dịch vụ không có quyền thao tác hồ sơ");
  }
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> ancestors,
                        directory_.Ancestors(dossier.holder_org_id, wf::VietnamDate(clock_.Now())));
  return wf::BindActor(caller.ToActor(), dossier.holder_org_id, dossier.origin_org_id, ancestors);
}

std::vector<wf::CommandKind> TransitionRunner::AllowedActions(const wf::ActorContext& actor,
                                                              const wf::DossierSnapshot& dossier) const {
  std::vector<wf::CommandKind> allowed;
  absl::StatusOr<const wf::ChainDefinition*> chain = catalog_.FindChain(dossier.chain_id, dossier.chain_version);
  if (!chain.ok() || dossier.level_index < 0 ||
      static_cast<size_t>(dossier.level_index) >= (*chain)->levels.size()) {
    return allowed;
  }
  const wf::Role appraiser = (*chain)->levels[static_cast<size_t>(dossier.level_index)].appraiser_role;
  for (int k = 1; k < wf::kCommandKindCount; ++k) {  // 0 is Create: not an action on an existing dossier
    const auto kind = static_cast<wf::CommandKind>(k);
    if (wf::Authorize(kind, dossier.state, actor, appraiser, policy_).ok()) allowed.push_back(kind);
  }
  return allowed;
}

absl::StatusOr<TransitionRunner::Prepared> TransitionRunner::Prepare(const auth::Identity& caller,
                                                                     const CommandRequest& request,
                                                                     const ResponseRenderer& render) const {
  const absl::Time now = TruncateToMicros(clock_.Now());
  const absl::CivilDay today = wf::VietnamDate(now);
  const bool creating = std::holds_alternative<wf::cmd::Create>(request.command);

  LoadedDossier loaded;
  const wf::ChainDefinition* chain = nullptr;
  const wf::AwardDefinition* award = nullptr;
  wf::ActorContext actor;
  wf::Command command = request.command;

  if (creating) {
    auto& create = std::get<wf::cmd::Create>(command);
    if (caller.service_name.has_value()) return absl::PermissionDeniedError("Tài khoản dịch vụ không thể lập hồ sơ");
    TDKT_ASSIGN_OR_RETURN(chain, catalog_.ChainOn(today));
    TDKT_ASSIGN_OR_RETURN(award, catalog_.AwardOn(request.new_dossier.award_code, today));
    TDKT_ASSIGN_OR_RETURN(create.origin_level, directory_.LevelOf(create.origin_org_id, today));
    TDKT_ASSIGN_OR_RETURN(std::vector<std::string> ancestors, directory_.Ancestors(create.origin_org_id, today));
    actor = wf::BindActor(caller.ToActor(), create.origin_org_id, create.origin_org_id, ancestors);
    loaded.row.origin_org_path.push_back(create.origin_org_id);
    loaded.row.origin_org_path.insert(loaded.row.origin_org_path.end(), ancestors.begin(), ancestors.end());
    create.dossier_id = NewUuid();
  } else {
    TDKT_ASSIGN_OR_RETURN(loaded, store_.Load(request.dossier_id));
    const wf::DossierSnapshot& d = loaded.row.snapshot;
    TDKT_ASSIGN_OR_RETURN(chain, catalog_.FindChain(d.chain_id, d.chain_version));
    TDKT_ASSIGN_OR_RETURN(award, catalog_.AwardOn(d.award_code, wf::VietnamDate(d.created_at)));
    TDKT_ASSIGN_OR_RETURN(actor, ResolveActor(caller, d));
  }
  const wf::DossierSnapshot& before = loaded.row.snapshot;

  wf::TransitionContext context{.chain = *chain, .award = *award, .now = now, .next_level_org_id = "",
                                .expected_version = request.expected_version, .policy = policy_};

  // What the state machine leaves to the caller: the next level's organisation, the council's members, the
  // ballot and deadline guards of the API.
  if (!creating) {
    const size_t next = static_cast<size_t>(before.level_index) + 1;
    const wf::CommandKind kind = wf::KindOf(command);
    if ((kind == wf::CommandKind::kForward || kind == wf::CommandKind::kCloseVote) && next < chain->levels.size()) {
      absl::StatusOr<std::string> resolved =
          directory_.AncestorAtLevel(before.holder_org_id, chain->levels[next].org_level, today);
      if (!request.next_level_org_id.empty()) {
        if (!resolved.ok() || *resolved != request.next_level_org_id) {
          return absl::InvalidArgumentError("Đơn vị nhận hồ sơ không phải đơn vị cấp trên của đơn vị đang giữ hồ sơ");
        }
      }
      if (resolved.ok()) context.next_level_org_id = *resolved;
    }
    if (kind == wf::CommandKind::kOpenVote) {
      absl::StatusOr<std::vector<std::string>> members = directory_.CouncilMembers(before.holder_org_id, today);
      if (absl::IsNotFound(members.status())) {
        return Precondition(wf::ReasonCode::kNoCouncilAtLevel, std::string(members.status().message()));
      }
      TDKT_RETURN_IF_ERROR(members.status());
      std::get<wf::cmd::OpenVote>(command).eligible_members = std::move(*members);
    }
    if ((kind == wf::CommandKind::kCastVote || kind == wf::CommandKind::kCloseVote) && before.vote &&
        VoteIdOf(*before.vote) != request.vote_id) {
      return Precondition(wf::ReasonCode::kNoVoteOpen, "Lượt bỏ phiếu này không phải lượt đang mở");
    }
    if (kind == wf::CommandKind::kEscalate) {
      auto& escalate = std::get<wf::cmd::Escalate>(command);
      escalate.level_index = before.level_index;
      if (request.escalation_level &&
          *request.escalation_level != chain->levels[static_cast<size_t>(before.level_index)].org_level) {
        return Precondition(wf::ReasonCode::kStaleDeadline, "Hồ sơ không còn ở cấp cần nhắc hạn");
      }
      if (request.escalation_due_date &&
          (!loaded.live_deadline || loaded.live_deadline->due_date != *request.escalation_due_date)) {
        return Precondition(wf::ReasonCode::kStaleDeadline, "Hạn xử lý đã thay đổi; yêu cầu nhắc hạn đã cũ");
      }
    }
  }

  absl::StatusOr<wf::Transition> transition =
      creating ? wf::CreateDossier(std::get<wf::cmd::Create>(command), actor, context)
               : wf::ApplyCommand(before, command, actor, context);
  TDKT_RETURN_IF_ERROR(transition.status());
  const wf::DossierSnapshot& after = transition->dossier;

  TDKT_ASSIGN_OR_RETURN(DeadlinePlan plan, PlanDeadlines(calendar_, loaded.live_deadline, loaded.last_deadline_no,
                                                         transition->effects.deadline_ops, after.holder_org_id));
  std::vector<DeadlineRecord> deadline_writes;
  for (const DeadlineChange& change : plan.changes) deadline_writes.push_back(change.record);
  if (wf::KindOf(command) == wf::CommandKind::kEscalate && plan.live) {
    ++plan.live->escalation_count;
    deadline_writes.push_back(*plan.live);
  }

  Prepared prepared;
  TransitionWrite& write = prepared.write;
  DossierRow& row = write.row;
  if (creating) {
    row.tracking_code = NewTrackingCode();
    row.year = request.new_dossier.year;
    row.nominee_name = request.new_dossier.nominee_name;
    row.nominee = request.new_dossier.nominee;
    row.state_changed_at = now;
    row.origin_org_path = loaded.row.origin_org_path;
  } else {
    row = loaded.row;
    write.from_version = before.version;
    if (after.state != before.state) row.state_changed_at = now;
    if (after.state == wf::DossierState::kSubmitted && !row.submitted_at) row.submitted_at = now;
    if (after.state == wf::DossierState::kPublished && before.state != wf::DossierState::kPublished) {
      row.published_on = request.published_on.value_or(today);
    }
  }
  row.snapshot = after;

  std::vector<wf::OrgLevel> level_of;
  for (const wf::ChainLevel& level : chain->levels) level_of.push_back(level.org_level);
  row.current_level = level_of[static_cast<size_t>(after.level_index)];
  if (request.new_document) {
    write.new_document = *request.new_document;
    write.new_document->uploaded_by = actor.id;
    write.new_document->uploaded_org = ActingOrg(actor);
    write.new_document->uploaded_at = now;
    write.new_document->level = level_of[static_cast<size_t>(before.level_index)];
    write.new_document_content = request.new_document_content;
  }
  if (const auto* remove = std::get_if<wf::cmd::RemoveDocument>(&command)) {
    write.removed_document_id = remove->document_id;
  }
  EnvelopeContext envelope{.dossier_id = after.id,
                           .version = after.version,
                           .award_code = after.award_code,
                           .year = row.year,
                           .nominee_name = row.nominee_name,
                           .tracking_code = row.tracking_code,
                           .state = after.state,
                           .previous_state = creating ? after.state : before.state,
                           .level = level_of[static_cast<size_t>(after.level_index)],
                           .origin_org_id = after.origin_org_id,
                           .holder_org_id = after.holder_org_id,
                           .previous_holder_org_id = creating ? after.holder_org_id : before.holder_org_id,
                           .occurred_at = now,
                           .actor_person_id = actor.is_system ? "" : actor.id,
                           .actor_service = actor.is_system ? actor.id : "",
                           .actor_org_id = ActingOrg(actor),
                           .chain_id = after.chain_id,
                           .chain_version = after.chain_version,
                           .note = request.note};
  write.outbox = BuildOutboxRows(envelope, transition->effects.events, plan.changes, level_of);
  write.event_type = std::string(wf::CommandKindCode(wf::KindOf(command)));
  write.actor_id = actor.id;
  write.event_payload = HistoryPayload(before, after, wf::KindOf(command), actor, request.note,
                                       transition->effects.events, write.outbox, creating);
  write.deadlines = std::move(deadline_writes);
  write.request_id = request.request_id;
  write.request_sha256 = Fingerprint(caller, request);
  write.response = render(DossierView{row, plan.live, write.new_document ? &*write.new_document : nullptr});
  return prepared;
}

absl::StatusOr<std::string> TransitionRunner::Run(const auth::Identity& caller, CommandRequest request,
                                                  const ResponseRenderer& render) const {
  const std::string fingerprint = Fingerprint(caller, request);
  TDKT_ASSIGN_OR_RETURN(std::optional<IdempotencyRecord> earlier, store_.FindRequest(request.request_id));
  if (earlier) {
    if (earlier->request_sha256 != fingerprint) return DifferentRequest();
    return earlier->response;
  }
  const int attempts = request.expected_version ? 1 : kUncheckedVersionAttempts;
  absl::Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    TDKT_ASSIGN_OR_RETURN(Prepared prepared, Prepare(caller, request, render));
    absl::StatusOr<CommitResult> result = store_.CommitTransition(prepared.write);
    if (result.ok()) {
      if (result->earlier) {
        if (result->earlier->request_sha256 != fingerprint) return DifferentRequest();
        return result->earlier->response;
      }
      return std::move(prepared.write.response);
    }
    last = result.status();
    if (!absl::IsAborted(last)) return last;
  }
  return last;
}

}  // namespace tdkt::dossier
