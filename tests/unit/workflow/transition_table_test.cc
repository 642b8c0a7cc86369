// Every row of the transition table, both ways: each (row, allowed state) succeeds for the row's actor and
// lands in a state the row names; every disallowed state, every missing role and every wrong organisation is
// refused with the right code, reason and a Vietnamese message.
#include <string>
#include <vector>

#include "dossier_journey.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/authorization.h"
#include "workflow/vietnam_time.h"
#include "workflow/reasons.h"
#include "workflow_world.h"

namespace tdkt::workflow {
namespace {

using ::tdkt::workflow::testing::Journey;
using ::tdkt::workflow::testing::TestNow;
using ::tdkt::workflow::testing::World;
using ::testing::HasSubstr;
using S = DossierState;

constexpr S kAllStates[] = {S::kDraft,           S::kSubmitted, S::kUnderReview, S::kReturnedForSupplement,
                            S::kCouncilVoting,   S::kAwaitingDecision, S::kDecided, S::kPublished,
                            S::kRejected,        S::kWithdrawn, S::kForwardedExternal};
constexpr Role kAllRoles[] = {Role::kSubmitter,   Role::kAppraiser, Role::kCouncilMember,
                              Role::kCouncilChair, Role::kDecider,  Role::kAdmin};

// Both gated rows switched on, so that the table is tested in full.
TransitionPolicy FullPolicy() {
  TransitionPolicy policy;
  policy.appraiser_runs_council_vote = true;
  policy.complaint_after_publication = true;
  return policy;
}

// A journey in `state` suited to `command`: Forward needs a level without a council (the 3-level chain's unit
// level), FORWARDED_EXTERNAL a state award; cast/close need an open ballot.
Journey JourneyFor(const World& world, CommandKind command, S state, const TransitionPolicy& policy) {
  const bool forward = command == CommandKind::kForward && state == S::kUnderReview;
  Journey j(world, forward ? "3-level" : "4-level", state == S::kForwardedExternal ? "BK_TTG" : "LDTT",
            forward ? "u21" : "u1", policy);
  j.Reach(state, command == CommandKind::kCastVote || command == CommandKind::kCloseVote);
  return j;
}

Command ValidCommand(CommandKind kind, const Journey& j) {
  const absl::CivilDay today = VietnamDate(TestNow());
  switch (kind) {
    case CommandKind::kCreate: return cmd::Create{};
    case CommandKind::kAttachDocument: return cmd::AttachDocument{.document_id = "doc-extra", .kind = "PHU_LUC"};
    case CommandKind::kRemoveDocument: return cmd::RemoveDocument{.document_id = j.dossier().documents.at(0).id};
    case CommandKind::kSubmit: return cmd::Submit{};
    case CommandKind::kAccept: return cmd::Accept{};
    case CommandKind::kReturnForSupplement: return cmd::ReturnForSupplement{.reason = "Thiếu bản sao bằng"};
    case CommandKind::kResubmit: return cmd::Resubmit{};
    case CommandKind::kSendToCouncil: return cmd::SendToCouncil{};
    case CommandKind::kOpenVote: return cmd::OpenVote{.eligible_members = j.MemberIds()};
    case CommandKind::kCastVote: return cmd::CastVote{.ballot = Ballot::kYes};
    case CommandKind::kCloseVote: return cmd::CloseVote{};
    case CommandKind::kForward: return cmd::Forward{};
    case CommandKind::kDecide: return cmd::Decide{.number = "7/QĐ-UBND", .date = today, .signer = "Trần Thị Bình"};
    case CommandKind::kRecordExternalOutcome:
      return cmd::RecordExternalOutcome{.granted = true,
                                        .issuing_body = "Thủ tướng Chính phủ",
                                        .decision_number = "88/QĐ-TTg",
                                        .decision_date = today,
                                        .signer = "Phó Thủ tướng"};
    case CommandKind::kPublish: return cmd::Publish{};
    case CommandKind::kReject: return cmd::Reject{.reason = "Thành tích chưa tiêu biểu"};
    case CommandKind::kWithdraw: return cmd::Withdraw{.reason = "Đơn vị rút đề nghị"};
    case CommandKind::kComplain: return cmd::Complain{.reason = "Đề nghị xem xét lại kết quả"};
    case CommandKind::kEscalate: return cmd::Escalate{.level_index = j.dossier().level_index, .overdue_working_days = 1};
    case CommandKind::kRecalculateDeadline: return cmd::RecalculateDeadline{};
  }
  return cmd::Submit{};
}

// The actor the row names, at the organisation the row names.
ActorContext ActorFor(const TransitionRule& rule, const Journey& j, const World& world) {
  if (rule.who.Contains(Authority::kSystem)) return ActorContext::System("scheduler");
  const DossierSnapshot& d = j.dossier();
  const std::string org = rule.where.Contains(OrgRelation::kOriginUnit) ? d.origin_org_id : d.holder_org_id;
  if (rule.who.Contains(Authority::kCouncilMember)) return j.Bind(j.Member(0));
  Role role = Role::kAdmin;
  if (rule.who.Contains(Authority::kSubmitter)) role = Role::kSubmitter;
  if (rule.who.Contains(Authority::kLevelAppraiser)) {
    role = world.Chain(d.chain_id).levels[static_cast<size_t>(d.level_index)].appraiser_role;
  }
  if (rule.who.Contains(Authority::kCouncilChair)) role = Role::kCouncilChair;
  if (rule.who.Contains(Authority::kDecider)) role = Role::kDecider;
  return j.Bind(Actor{"actor", {{role, org}}});
}

// Whether any enabled rule for (command, state) would accept `role`.
bool SomeRuleAccepts(CommandKind command, S state, Role role, const TransitionPolicy& policy) {
  for (const TransitionRule& rule : TransitionRules()) {
    if (rule.command != command || !rule.from.Contains(state) || !RuleEnabled(rule, policy)) continue;
    ActorContext probe;
    probe.id = "probe";
    probe.grants.push_back({role, "org", {OrgRelation::kHolder, OrgRelation::kOriginUnit}});
    if (Authorize(command, state, probe, Role::kAppraiser, policy).ok()) return true;
  }
  return false;
}

void ExpectRefused(const absl::StatusOr<Transition>& result, absl::StatusCode code, ReasonCode reason,
                   const std::string& message_part) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), code) << result.status();
  EXPECT_EQ(ReasonOf(result.status()), reason) << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(message_part));
}

TEST(TransitionTableTest, HasARowForEveryCommand) {
  for (int k = 0; k < kCommandKindCount; ++k) {
    bool found = false;
    for (const TransitionRule& rule : TransitionRules()) found |= static_cast<int>(rule.command) == k;
    EXPECT_TRUE(found) << CommandKindCode(static_cast<CommandKind>(k));
  }
}

TEST(TransitionTableTest, EveryRowAcceptsItsActorInEachOfItsStates) {
  const World world;
  const TransitionPolicy policy = FullPolicy();
  int checked = 0;
  for (const TransitionRule& rule : TransitionRules()) {
    if (rule.command == CommandKind::kCreate) continue;  // CreateTest below
    for (S state : kAllStates) {
      if (!rule.from.Contains(state)) continue;
      SCOPED_TRACE(std::string(CommandKindCode(rule.command)) + " in " + std::string(DossierStateCode(state)));
      Journey j = JourneyFor(world, rule.command, state, policy);
      ASSERT_EQ(j.dossier().state, state);
      absl::StatusOr<Transition> t = j.Try(ValidCommand(rule.command, j), ActorFor(rule, j, world));
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(t->dossier.version, j.dossier().version + 1);
      // Every accepted command has an event, except the recalculation after a calendar change (effects.h).
      EXPECT_EQ(t->effects.events.empty(), rule.command == CommandKind::kRecalculateDeadline);
      const std::string to(rule.to);
      if (t->dossier.state == state && to.find(DossierStateCode(state)) == std::string::npos) {
        EXPECT_EQ(to, "(unchanged)");
      } else {
        EXPECT_THAT(to, HasSubstr(std::string(DossierStateCode(t->dossier.state))));
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 30);
}

TEST(TransitionTableTest, EveryCommandIsRefusedInStatesNoRowAllows) {
  const World world;
  const TransitionPolicy policy = FullPolicy();
  for (int k = 1; k < kCommandKindCount; ++k) {  // 0 is Create, refused on any existing dossier (below)
    const auto command = static_cast<CommandKind>(k);
    for (S state : kAllStates) {
      bool allowed = false;
      for (const TransitionRule& rule : TransitionRules()) {
        allowed |= rule.command == command && rule.from.Contains(state) && RuleEnabled(rule, policy);
      }
      if (allowed) continue;
      SCOPED_TRACE(std::string(CommandKindCode(command)) + " in " + std::string(DossierStateCode(state)));
      Journey j = JourneyFor(world, command, state, policy);
      const DossierSnapshot& d = j.dossier();
      // Every role at the holder and the origin: only the state can be the reason.
      Actor everyone{"everyone", {}};
      for (Role role : kAllRoles) {
        everyone.grants.push_back({role, d.holder_org_id});
        everyone.grants.push_back({role, d.origin_org_id});
      }
      const bool system = command == CommandKind::kEscalate || command == CommandKind::kRecalculateDeadline;
      const ActorContext actor = system ? ActorContext::System("scheduler") : j.Bind(everyone);
      ExpectRefused(j.Try(ValidCommand(command, j), actor), absl::StatusCode::kFailedPrecondition,
                    ReasonCode::kWrongState,
                    "Hồ sơ đang ở trạng thái «" + std::string(DossierStateNameVi(state)) + "», không thể " +
                        std::string(CommandVerbVi(command)));
    }
  }
}

TEST(TransitionTableTest, EveryRowRefusesActorsWithoutItsRole) {
  const World world;
  const TransitionPolicy policy = FullPolicy();
  for (const TransitionRule& rule : TransitionRules()) {
    if (rule.command == CommandKind::kCreate) continue;
    S state = S::kDraft;
    for (S s : kAllStates) {
      if (rule.from.Contains(s)) {
        state = s;
        break;
      }
    }
    SCOPED_TRACE(std::string(CommandKindCode(rule.command)) + " in " + std::string(DossierStateCode(state)));
    Journey j = JourneyFor(world, rule.command, state, policy);
    const DossierSnapshot& d = j.dossier();
    Actor others{"m0@" + d.holder_org_id, {}};  // an eligible voter id, so only the role can be the reason
    for (Role role : kAllRoles) {
      if (SomeRuleAccepts(rule.command, state, role, policy)) continue;
      others.grants.push_back({role, d.holder_org_id});
      others.grants.push_back({role, d.origin_org_id});
    }
    ExpectRefused(j.Try(ValidCommand(rule.command, j), others), absl::StatusCode::kPermissionDenied,
                  ReasonCode::kMissingRole, "không có quyền " + std::string(CommandVerbVi(rule.command)));
    if (!rule.who.Contains(Authority::kSystem)) {
      ExpectRefused(j.Try(ValidCommand(rule.command, j), ActorContext::System("scheduler")),
                    absl::StatusCode::kPermissionDenied, ReasonCode::kMissingRole, "cần vai trò");
    }
  }
}

TEST(TransitionTableTest, EveryPersonRowRefusesItsRoleAtAnotherOrganisation) {
  const World world;
  const TransitionPolicy policy = FullPolicy();
  for (const TransitionRule& rule : TransitionRules()) {
    if (rule.command == CommandKind::kCreate || rule.who.Contains(Authority::kSystem)) continue;
    S state = S::kDraft;
    for (S s : kAllStates) {
      if (rule.from.Contains(s)) {
        state = s;
        break;
      }
    }
    SCOPED_TRACE(std::string(CommandKindCode(rule.command)) + " in " + std::string(DossierStateCode(state)));
    Journey j = JourneyFor(world, rule.command, state, policy);
    const DossierSnapshot& d = j.dossier();
    const ActorContext right = ActorFor(rule, j, world);
    // The same roles, held at an unrelated unit and at the holder's parent (an ancestor is not the holder).
    Actor elsewhere{right.id, {}};
    const std::vector<std::string> ancestors = world.Ancestors(d.holder_org_id);
    for (const ResolvedGrant& g : right.grants) {
      elsewhere.grants.push_back({g.role, d.chain_id == "4-level" ? "u4" : "u23"});
      if (!ancestors.empty()) elsewhere.grants.push_back({g.role, ancestors.front()});
    }
    ExpectRefused(j.Try(ValidCommand(rule.command, j), elsewhere), absl::StatusCode::kPermissionDenied,
                  ReasonCode::kWrongOrganisation, "không thuộc");
  }
}

TEST(TransitionTableTest, CreateRowAcceptsSubmitterAtOriginOnly) {
  const World world;
  const auto context = world.CreateContext("4-level", "LDTT", TestNow());
  const cmd::Create create{.dossier_id = "hs-9", .origin_org_id = "u1", .origin_level = OrgLevel::kUnit};
  auto bind = [&](const Actor& a) { return BindActor(a, "u1", "u1", world.Ancestors("u1")); };

  absl::StatusOr<Transition> ok = CreateDossier(create, bind({"s", {{Role::kSubmitter, "u1"}}}), context);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->dossier.state, S::kDraft);
  EXPECT_EQ(ok->dossier.version, 1);
  EXPECT_EQ(ok->dossier.holder_org_id, "u1");
  EXPECT_EQ(ok->effects.new_holder_org_id, "u1");

  ExpectRefused(CreateDossier(create, bind({"a", {{Role::kAppraiser, "u1"}}}), context),
                absl::StatusCode::kPermissionDenied, ReasonCode::kMissingRole, "không có quyền tạo hồ sơ");
  ExpectRefused(CreateDossier(create, bind({"s", {{Role::kSubmitter, "u2"}, {Role::kSubmitter, "c1"}}}), context),
                absl::StatusCode::kPermissionDenied, ReasonCode::kWrongOrganisation, "không thuộc đơn vị đề nghị");

  Journey j(world, "4-level", "LDTT", "u1");
  ExpectRefused(j.Try(cmd::Create{.dossier_id = "hs-1", .origin_org_id = "u1"}, j.Submitter()),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState, "không thể tạo hồ sơ");
}

TEST(TransitionTableTest, TheAuthorizingGrantIsTheOneTheRuleAccepts) {
  // A unit officer who submits and appraises, and also sits on an unrelated council.
  const ActorContext actor = BindActor(
      Actor{"p", {{Role::kCouncilMember, "u2"}, {Role::kAppraiser, "u1"}, {Role::kSubmitter, "u1"}}}, "u1", "u1", {});
  auto grant_for = [&](CommandKind command, S state) -> const ResolvedGrant* {
    absl::StatusOr<const TransitionRule*> rule = Authorize(command, state, actor, Role::kAppraiser, TransitionPolicy{});
    EXPECT_TRUE(rule.ok()) << rule.status();
    return rule.ok() ? AuthorizingGrant(**rule, actor, Role::kAppraiser) : nullptr;
  };
  const ResolvedGrant* submit = grant_for(CommandKind::kSubmit, S::kDraft);
  ASSERT_NE(submit, nullptr);
  EXPECT_EQ(submit->role, Role::kSubmitter);
  const ResolvedGrant* accept = grant_for(CommandKind::kAccept, S::kSubmitted);
  ASSERT_NE(accept, nullptr);
  EXPECT_EQ(accept->role, Role::kAppraiser);
  EXPECT_EQ(accept->org_id, "u1");
  const TransitionRule* escalate = *Authorize(CommandKind::kEscalate, S::kSubmitted, ActorContext::System("s"),
                                              Role::kAppraiser, TransitionPolicy{});
  EXPECT_EQ(AuthorizingGrant(*escalate, ActorContext::System("s"), Role::kAppraiser), nullptr);
}

TEST(TransitionTableTest, GatedRowsFollowThePolicy) {
  const World world;
  TransitionPolicy strict;
  strict.appraiser_runs_council_vote = false;
  strict.complaint_after_publication = false;

  Journey voting(world, "4-level", "LDTT", "u1", strict);
  voting.Reach(S::kCouncilVoting);
  ExpectRefused(voting.Try(cmd::OpenVote{.eligible_members = voting.MemberIds()}, voting.Appraiser()),
                absl::StatusCode::kPermissionDenied, ReasonCode::kMissingRole, "Chủ tịch Hội đồng");

  Journey published(world, "4-level", "LDTT", "u1", strict);
  published.Reach(S::kPublished);
  ExpectRefused(published.Try(cmd::Complain{.reason = "Khiếu nại"}, published.Submitter()),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState, "«Đã công bố»");
}

}  // namespace
}  // namespace tdkt::workflow
