#include "services/dossier/transition_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/idempotency.h"
#include "services/dossier/award_rules.h"
#include "services/dossier/command_guards.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/random_ids.h"
#include "services/dossier/snapshot_codec.h"
#include "workflow/authorization.h"
#include "workflow/transition.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {

namespace wf = workflow;

namespace {

// Who asked, for the fingerprint: the same request bytes from another caller are another request.
std::string CallerKey(const auth::Identity& caller) {
  return absl::StrCat(caller.person_id, "\n", caller.service_name.value_or(""));
}

}  // namespace

TransitionRunner::TransitionRunner(const DossierStore& store, const OrgDirectory& directory,
                                   const wf::catalog::Catalog& catalog, const wf::calendar::CalendarHolder& calendars,
                                   const base::Clock& clock, TransitionRunnerOptions options)
    : store_(store), directory_(directory), catalog_(catalog), calendars_(calendars), clock_(clock),
      options_(std::move(options)) {}

absl::StatusOr<std::string> TransitionRunner::Run(const auth::Identity& caller, TransitionRequest request,
                                                  const ResponseRenderer& render) const {
  const std::shared_ptr<const wf::calendar::CalendarSnapshot> calendar = calendars_.Current();
  return Execute(Initiator{caller, /*internal=*/false}, std::move(request), render, *calendar);
}

absl::Status TransitionRunner::RecalculateDeadline(const std::string& dossier_id, int64_t expected_version,
                                                   std::shared_ptr<const wf::calendar::CalendarSnapshot> calendar,
                                                   const std::string& note) const {
  auth::Identity actor;
  actor.service_name = kCalendarActor;
  TransitionRequest request;
  request.method = "RecalculateDeadline";
  request.request_id = absl::StrCat("calendar-", calendar->version(), ":", dossier_id, ":", expected_version);
  request.request_bytes = request.request_id;
  request.dossier_id = dossier_id;
  request.expected_version = expected_version;
  request.note = note;
  request.command = api::Plain{wf::cmd::RecalculateDeadline{}};
  return Execute(Initiator{actor, /*internal=*/true}, std::move(request), nullptr, *calendar).status();
}

absl::StatusOr<std::string> TransitionRunner::Execute(const Initiator& who, TransitionRequest request,
                                                      const ResponseRenderer& render,
                                                      const wf::calendar::CalendarSnapshot& calendar) const {
  const std::string fingerprint = common::RequestFingerprint(options_.fingerprint_key, request.method,
                                                             CallerKey(who.caller), request.request_bytes);
  TDKT_ASSIGN_OR_RETURN(const CampaignFacts campaigns, AskCampaigns(request));
  std::string response;
  TDKT_RETURN_IF_ERROR(store_.InTransition([&](TransitionTransaction& txn) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(std::optional<std::string> earlier, txn.Claim(request.request_id, fingerprint));
    if (earlier) {  // a retry: the first answer, whatever the dossier's state is now
      response = std::move(*earlier);
      return absl::OkStatus();
    }
    TDKT_ASSIGN_OR_RETURN(response, Transit(txn, who, request, render, calendar, campaigns));
    txn.Record(request.request_id, response);
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<CampaignFacts> TransitionRunner::AskCampaigns(const TransitionRequest& request) const {
  CampaignFacts facts;
  if (options_.campaigns == nullptr) return facts;
  facts.configured = true;
  const wf::CommandKind kind = KindOf(request.command);
  // The only commands that reach COUNCIL_VOTING or DECIDED, and the submission.
  const bool counted = kind == wf::CommandKind::kSendToCouncil || kind == wf::CommandKind::kDecide ||
                       kind == wf::CommandKind::kRecordExternalOutcome;
  if (!counted && kind != wf::CommandKind::kSubmit) return facts;
  absl::StatusOr<LoadedDossier> loaded = store_.Load(request.dossier_id);
  if (!loaded.ok()) return facts;  // the transaction gives the answer (NOT_FOUND); nothing is asked
  const DossierRow& row = loaded->row;
  if (counted) {
    TDKT_ASSIGN_OR_RETURN(facts.targets, options_.campaigns->TargetsFor(row.snapshot.origin_org_id, row.year,
                                                                        row.snapshot.award_code));
    facts.asked = CampaignFacts::Asked{row.snapshot.award_code, row.year, row.snapshot.origin_org_id};
    return facts;
  }
  absl::StatusOr<const wf::AwardDefinition*> award =
      catalog_.AwardOn(row.snapshot.award_code, wf::VietnamDate(row.snapshot.created_at));
  if (!award.ok() || !(*award)->requires_registration || row.registration_id.empty()) return facts;
  TDKT_ASSIGN_OR_RETURN(facts.registration, options_.campaigns->Registration(row.registration_id));
  facts.registration_asked = row.registration_id;
  return facts;
}

absl::StatusOr<std::string> TransitionRunner::Transit(TransitionTransaction& txn, const Initiator& who,
                                                      const TransitionRequest& request, const ResponseRenderer& render,
                                                      const wf::calendar::CalendarSnapshot& calendar,
                                                      const CampaignFacts& campaigns) const {
  const auto* create = std::get_if<api::Create>(&request.command);
  TDKT_ASSIGN_OR_RETURN(TransitionState state, create != nullptr ? LoadNew(who.caller, *create)
                                                                 : LoadExisting(txn, who, request.dossier_id));
  TDKT_ASSIGN_OR_RETURN(GuardedCommand guarded,
                        GuardCommand(state, request.command, directory_, calendar.calendar()));
  TDKT_ASSIGN_OR_RETURN(wf::Transition transition,
                        Apply(state, guarded.command, guarded.next_level_org_id, request.expected_version));
  TDKT_ASSIGN_OR_RETURN(state.acting, Acting(state, KindOf(request.command)));
  TDKT_ASSIGN_OR_RETURN(DeadlinePlan plan,
                        PlanDeadlines(calendar.calendar(), calendar.version(), state.loaded.live_deadline,
                                      state.loaded.last_deadline_no, transition.effects.deadline_ops,
                                      transition.dossier.holder_org_id));
  TransitionWrite write = BuildTransitionWrite(state, transition, plan, request);
  TDKT_RETURN_IF_ERROR(ApplyAwardRules(txn, state, transition, catalog_, directory_, campaigns, write));
  std::string response;
  if (!who.internal) {
    TDKT_ASSIGN_OR_RETURN(const BoundReader reader, BindReader(who.caller, write.row));
    response = render(DossierView{write.row, write.live_deadline,
                                  write.new_document ? &*write.new_document : nullptr, reader.sees});
  }
  TDKT_RETURN_IF_ERROR(txn.Write(write));
  return response;
}

// A new dossier: the chain and award in force today, the origin's level and ancestors, fresh ids.
absl::StatusOr<TransitionState> TransitionRunner::LoadNew(const auth::Identity& caller,
                                                          const api::Create& create) const {
  if (caller.service_name.has_value()) return absl::PermissionDeniedError("Tài khoản dịch vụ không thể lập hồ sơ");
  TransitionState state;
  state.creating = true;
  state.now = TruncateToMicros(clock_.Now());
  const absl::CivilDay today = wf::VietnamDate(state.now);
  TDKT_ASSIGN_OR_RETURN(state.chain, catalog_.ChainOn(today));
  TDKT_ASSIGN_OR_RETURN(state.award, catalog_.AwardOn(create.award_code, today));
  TDKT_ASSIGN_OR_RETURN(state.origin_level, directory_.LevelOf(create.origin_org_id, today));
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> ancestors, directory_.Ancestors(create.origin_org_id, today));
  state.actor = wf::BindActor(caller.ToActor(), create.origin_org_id, create.origin_org_id, ancestors);
  state.head_hash = std::string(kGenesisHash);
  DossierRow& row = state.loaded.row;
  row.snapshot.id = NewUuid();
  row.tracking_code = NewTrackingCode();
  row.year = create.year;
  row.nominee_name = create.nominee_name;
  row.nominee = create.nominee;
  row.nominee_id_number = create.nominee_id_number;
  row.registration_id = create.registration_id;
  row.origin_org_path.push_back(create.origin_org_id);
  row.origin_org_path.insert(row.origin_org_path.end(), ancestors.begin(), ancestors.end());
  return state;
}

// An existing dossier, its row locked until the transaction ends.
absl::StatusOr<TransitionState> TransitionRunner::LoadExisting(TransitionTransaction& txn, const Initiator& who,
                                                               const std::string& dossier_id) const {
  TDKT_ASSIGN_OR_RETURN(LockedDossier locked, txn.Lock(dossier_id));
  if (!locked.head_hash) {
    return absl::DataLossError("Lịch sử hồ sơ bị thiếu bản ghi trước; hãy kiểm tra VerifyHistory");
  }
  TransitionState state;
  state.loaded = std::move(locked.loaded);
  state.head_hash = std::move(*locked.head_hash);
  state.now = TruncateToMicros(clock_.Now());
  const wf::DossierSnapshot& d = state.loaded.row.snapshot;
  TDKT_ASSIGN_OR_RETURN(state.chain, catalog_.FindChain(d.chain_id, d.chain_version));
  TDKT_ASSIGN_OR_RETURN(state.award, catalog_.AwardOn(d.award_code, wf::VietnamDate(d.created_at)));
  if (who.internal) {
    state.actor = wf::ActorContext::System(*who.caller.service_name);
  } else {
    TDKT_ASSIGN_OR_RETURN(state.actor, ResolveActor(who.caller, d));
  }
  return state;
}

absl::StatusOr<wf::Transition> TransitionRunner::Apply(const TransitionState& state, const wf::Command& command,
                                                       const std::string& next_level_org_id,
                                                       const std::optional<int64_t>& expected_version) const {
  const wf::TransitionContext context{.chain = *state.chain,
                                      .award = *state.award,
                                      .now = state.now,
                                      .next_level_org_id = next_level_org_id,
                                      .expected_version = expected_version,
                                      .policy = options_.policy};
  if (state.creating) return wf::CreateDossier(std::get<wf::cmd::Create>(command), state.actor, context);
  return wf::ApplyCommand(state.loaded.row.snapshot, command, state.actor, context);
}

absl::StatusOr<ActingAs> TransitionRunner::Acting(const TransitionState& state, wf::CommandKind kind) const {
  if (state.actor.is_system) return ActingAs{};
  const wf::DossierSnapshot& before = state.loaded.row.snapshot;
  const size_t level = state.creating ? 0 : static_cast<size_t>(before.level_index);
  const wf::Role appraiser = state.chain->levels[level].appraiser_role;
  const std::optional<wf::DossierState> from =
      state.creating ? std::nullopt : std::optional<wf::DossierState>(before.state);
  // The state machine accepted the command, so a rule accepts the actor; this finds the grant it accepted.
  TDKT_ASSIGN_OR_RETURN(const wf::TransitionRule* rule, wf::Authorize(kind, from, state.actor, appraiser,
                                                                      options_.policy));
  ActingAs acting;
  if (const wf::ResolvedGrant* grant = wf::AuthorizingGrant(*rule, state.actor, appraiser)) {
    acting.role = grant->role;
    acting.org_id = grant->org_id;
  }
  absl::StatusOr<std::string> name = directory_.PersonName(state.actor.id);
  if (absl::IsNotFound(name.status())) {
    return absl::PermissionDeniedError("Danh mục không có người dùng này; không thể ghi nhận người thực hiện");
  }
  TDKT_RETURN_IF_ERROR(name.status());
  acting.display_name = *std::move(name);
  return acting;
}

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

wf::DossierWhereabouts WhereaboutsOf(const DossierRow& row, const std::vector<std::string>& holder_ancestors) {
  const wf::DossierSnapshot& s = row.snapshot;
  return wf::DossierWhereabouts{.origin_org_id = s.origin_org_id,
                                .holder_org_id = s.holder_org_id,
                                .held_org_ids = row.held_org_ids,
                                .holder_ancestor_org_ids = holder_ancestors,
                                .state = s.state,
                                .submitted = row.submitted_at.has_value()};
}

absl::StatusOr<std::vector<std::string>> TransitionRunner::HolderAncestors(const DossierRow& row) const {
  const std::vector<std::string>& path = row.origin_org_path;
  const auto holder = std::find(path.begin(), path.end(), row.snapshot.holder_org_id);
  if (holder != path.end()) return std::vector<std::string>(holder + 1, path.end());
  return directory_.Ancestors(row.snapshot.holder_org_id, wf::VietnamDate(clock_.Now()));
}

absl::StatusOr<BoundReader> TransitionRunner::BindReader(const auth::Identity& caller, const DossierRow& row) const {
  if (caller.service_name.has_value()) {
    if (*caller.service_name == kSchedulerService) {
      return BoundReader{wf::ActorContext::System(kSchedulerService), wf::SystemVisibility()};
    }
    return absl::PermissionDeniedError("Tài khoản dịch vụ không có quyền thao tác hồ sơ");
  }
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> ancestors, HolderAncestors(row));
  const wf::DossierSnapshot& s = row.snapshot;
  return BoundReader{wf::BindActor(caller.ToActor(), s.holder_org_id, s.origin_org_id, ancestors),
                     wf::VisibilityOf(caller.grants, WhereaboutsOf(row, ancestors))};
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
    if (wf::Authorize(kind, dossier.state, actor, appraiser, options_.policy).ok()) allowed.push_back(kind);
  }
  return allowed;
}

absl::Status TransitionRunner::MayAttachDocument(const auth::Identity& caller, const std::string& dossier_id) const {
  TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, store_.Load(dossier_id));
  const wf::DossierSnapshot& s = loaded.row.snapshot;
  TDKT_ASSIGN_OR_RETURN(wf::ActorContext actor, ResolveActor(caller, s));
  TDKT_ASSIGN_OR_RETURN(const wf::ChainDefinition* chain, catalog_.FindChain(s.chain_id, s.chain_version));
  const size_t level = static_cast<size_t>(std::max(0, s.level_index));
  if (level >= chain->levels.size()) return absl::OkStatus();
  return wf::Authorize(wf::CommandKind::kAttachDocument, s.state, actor, chain->levels[level].appraiser_role,
                       options_.policy)
      .status();
}

}  // namespace tdkt::dossier
