#include "workflow/authorization.h"

#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "workflow/reasons.h"
#include "base/string_view_compat.h"

namespace tdkt::workflow {
namespace {

using S = DossierState;
using A = Authority;
using R = OrgRelation;
using C = CommandKind;

// The submitter always acts from the origin unit, every standing body, council and decider from the holder.
// No default row accepts an ancestor of the holder: a level acts only on dossiers it holds (the relation
// exists so that a policy can add, say, supervision rows).
constexpr RelationSet kAtOrigin = {R::kOriginUnit};
constexpr RelationSet kAtHolder = {R::kHolder};
constexpr StateSet kBeforeDecision = {S::kDraft, S::kSubmitted, S::kUnderReview, S::kReturnedForSupplement,
                                      S::kCouncilVoting, S::kAwaitingDecision};

// Where a level's deadline is live: running, or paused while the dossier is returned for supplement.
constexpr StateSet kDeadlineLiveStates = {S::kSubmitted, S::kUnderReview, S::kCouncilVoting,
                                          S::kReturnedForSupplement};

constexpr std::array<TransitionRule, 25> kRules = {{
    // command                 from                                   who                                where      to
    {C::kCreate, {}, {A::kSubmitter}, kAtOrigin, "DRAFT"},
    {C::kAttachDocument, {S::kDraft, S::kReturnedForSupplement}, {A::kSubmitter}, kAtOrigin, "(unchanged)"},
    // The standing body adds the review minutes (biên bản xét) while it appraises.
    {C::kAttachDocument, {S::kUnderReview}, {A::kLevelAppraiser}, kAtHolder, "(unchanged)"},
    {C::kRemoveDocument, {S::kDraft, S::kReturnedForSupplement}, {A::kSubmitter}, kAtOrigin, "(unchanged)"},
    {C::kSubmit, {S::kDraft}, {A::kSubmitter}, kAtOrigin, "SUBMITTED"},
    {C::kAccept, {S::kSubmitted}, {A::kLevelAppraiser}, kAtHolder, "UNDER_REVIEW"},
    {C::kReturnForSupplement, {S::kUnderReview}, {A::kLevelAppraiser}, kAtHolder, "RETURNED_FOR_SUPPLEMENT"},
    {C::kResubmit, {S::kReturnedForSupplement}, {A::kSubmitter}, kAtOrigin, "UNDER_REVIEW"},
    {C::kSendToCouncil, {S::kUnderReview}, {A::kLevelAppraiser}, kAtHolder, "COUNCIL_VOTING"},
    {C::kOpenVote, {S::kCouncilVoting}, {A::kCouncilChair}, kAtHolder, "COUNCIL_VOTING"},
    {C::kOpenVote, {S::kCouncilVoting}, {A::kLevelAppraiser}, kAtHolder, "COUNCIL_VOTING",
     PolicyGate::kAppraiserRunsCouncilVote},
    // The chair is a member of the council and votes too; eligibility is checked against the vote's list.
    {C::kCastVote, {S::kCouncilVoting}, {A::kCouncilMember, A::kCouncilChair}, kAtHolder, "COUNCIL_VOTING"},
    {C::kCloseVote, {S::kCouncilVoting}, {A::kCouncilChair}, kAtHolder,
     "SUBMITTED@next | AWAITING_DECISION | FORWARDED_EXTERNAL | REJECTED | COUNCIL_VOTING (no quorum)"},
    {C::kCloseVote, {S::kCouncilVoting}, {A::kLevelAppraiser}, kAtHolder,
     "SUBMITTED@next | AWAITING_DECISION | FORWARDED_EXTERNAL | REJECTED | COUNCIL_VOTING (no quorum)",
     PolicyGate::kAppraiserRunsCouncilVote},
    {C::kForward, {S::kUnderReview}, {A::kLevelAppraiser}, kAtHolder,
     "SUBMITTED@next | AWAITING_DECISION | FORWARDED_EXTERNAL"},
    {C::kDecide, {S::kAwaitingDecision}, {A::kDecider}, kAtHolder, "DECIDED"},
    {C::kRecordExternalOutcome, {S::kForwardedExternal}, {A::kLevelAppraiser}, kAtHolder, "DECIDED | REJECTED"},
    {C::kPublish, {S::kDecided}, {A::kDecider}, kAtHolder, "PUBLISHED"},
    {C::kReject, {S::kSubmitted, S::kUnderReview}, {A::kLevelAppraiser}, kAtHolder, "REJECTED"},
    {C::kReject, {S::kAwaitingDecision}, {A::kDecider}, kAtHolder, "REJECTED"},
    {C::kWithdraw, kBeforeDecision, {A::kSubmitter}, kAtOrigin, "WITHDRAWN"},
    {C::kComplain, {S::kRejected, S::kDecided}, {A::kSubmitter}, kAtOrigin, "UNDER_REVIEW"},
    {C::kComplain, {S::kPublished}, {A::kSubmitter}, kAtOrigin, "UNDER_REVIEW",
     PolicyGate::kComplaintAfterPublication},
    {C::kEscalate, kDeadlineRunningStates, {A::kSystem}, {}, "(unchanged)"},
    {C::kRecalculateDeadline, kDeadlineLiveStates, {A::kSystem}, {}, "(unchanged)"},
}};

bool GrantHasAuthority(Role role, Authority authority, Role level_appraiser_role) {
  switch (authority) {
    case A::kSubmitter: return role == Role::kSubmitter;
    case A::kLevelAppraiser: return role == level_appraiser_role;
    case A::kCouncilMember: return role == Role::kCouncilMember;
    case A::kCouncilChair: return role == Role::kCouncilChair;
    case A::kDecider: return role == Role::kDecider;
    case A::kSystem: return false;
  }
  return false;
}

constexpr std::array<Authority, 6> kAllAuthorities = {A::kSubmitter,     A::kLevelAppraiser, A::kCouncilMember,
                                                       A::kCouncilChair, A::kDecider,        A::kSystem};

// Whether a grant of `role` has one of the authorities `rule` accepts.
bool RuleAcceptsRole(const TransitionRule& rule, Role role, Role level_appraiser_role) {
  for (Authority a : kAllAuthorities) {
    if (rule.who.Contains(a) && GrantHasAuthority(role, a, level_appraiser_role)) return true;
  }
  return false;
}

std::string_view AuthorityNameVi(Authority authority) {
  switch (authority) {
    case A::kSubmitter: return "cán bộ đơn vị đề nghị";
    case A::kLevelAppraiser: return "cán bộ thẩm định của cấp đang giữ hồ sơ";
    case A::kCouncilMember: return "thành viên Hội đồng";
    case A::kCouncilChair: return "Chủ tịch Hội đồng";
    case A::kDecider: return "người có thẩm quyền quyết định";
    case A::kSystem: return "hệ thống (bộ lập lịch)";
  }
  return "?";
}

std::string_view RelationNameVi(OrgRelation relation) {
  switch (relation) {
    case R::kHolder: return "đơn vị đang giữ hồ sơ";
    case R::kAncestorOfHolder: return "cấp trên của đơn vị đang giữ hồ sơ";
    case R::kOriginUnit: return "đơn vị đề nghị";
  }
  return "?";
}

constexpr std::array<OrgRelation, 3> kAllRelations = {R::kHolder, R::kAncestorOfHolder, R::kOriginUnit};

template <typename Set, typename Item, size_t N>
std::string JoinNames(Set set, const std::array<Item, N>& all, std::string_view (*name)(Item)) {
  std::string out;
  for (Item item : all) {
    if (!set.Contains(item)) continue;
    if (!out.empty()) out += " hoặc ";
    out += name(item);
  }
  return out;
}

}  // namespace

std::span<const TransitionRule> TransitionRules() { return kRules; }

bool RuleEnabled(const TransitionRule& rule, const TransitionPolicy& policy) {
  switch (rule.gate) {
    case PolicyGate::kAlways: return true;
    case PolicyGate::kAppraiserRunsCouncilVote: return policy.appraiser_runs_council_vote;
    case PolicyGate::kComplaintAfterPublication: return policy.complaint_after_publication;
  }
  return false;
}

const ResolvedGrant* AuthorizingGrant(const TransitionRule& rule, const ActorContext& actor,
                                      Role level_appraiser_role) {
  if (actor.is_system) return nullptr;
  for (const ResolvedGrant& grant : actor.grants) {
    if (RuleAcceptsRole(rule, grant.role, level_appraiser_role) && grant.relations.Intersects(rule.where)) {
      return &grant;
    }
  }
  return nullptr;
}

absl::StatusOr<const TransitionRule*> Authorize(CommandKind command, std::optional<DossierState> state,
                                                const ActorContext& actor, Role level_appraiser_role,
                                                const TransitionPolicy& policy) {
  bool state_allowed = false;
  bool role_seen = false;  // some grant had a needed role, at the wrong organisation
  const TransitionRule* first_allowed = nullptr;
  for (const TransitionRule& rule : kRules) {
    if (rule.command != command || !RuleEnabled(rule, policy)) continue;
    if (state ? !rule.from.Contains(*state) : !rule.from.empty()) continue;
    state_allowed = true;
    if (first_allowed == nullptr) first_allowed = &rule;
    if (actor.is_system) {
      if (rule.who.Contains(A::kSystem)) return &rule;
      continue;
    }
    if (AuthorizingGrant(rule, actor, level_appraiser_role) != nullptr) return &rule;
    for (const ResolvedGrant& grant : actor.grants) {
      if (RuleAcceptsRole(rule, grant.role, level_appraiser_role)) role_seen = true;
    }
  }
  const absl::string_view verb = base::AsAbsl(CommandVerbVi(command));
  if (!state_allowed) {
    if (!state) {
      return WorkflowError(absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState,
                           absl::StrCat("Hồ sơ chưa được tạo, không thể ", verb));
    }
    return WorkflowError(absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState,
                         absl::StrCat("Hồ sơ đang ở trạng thái «", base::AsAbsl(DossierStateNameVi(*state)), "», không thể ", verb));
  }
  // Name what the rules for this state need, so the message tells the user whom to ask.
  std::string needed_roles;
  std::string needed_places;
  for (const TransitionRule& rule : kRules) {
    if (rule.command != command || !RuleEnabled(rule, policy)) continue;
    if (state ? !rule.from.Contains(*state) : !rule.from.empty()) continue;
    if (!needed_roles.empty()) needed_roles += " hoặc ";
    needed_roles += JoinNames(rule.who, kAllAuthorities, &AuthorityNameVi);
    if (needed_places.empty()) needed_places = JoinNames(rule.where, kAllRelations, &RelationNameVi);
  }
  if (role_seen) {
    return WorkflowError(absl::StatusCode::kPermissionDenied, ReasonCode::kWrongOrganisation,
                         absl::StrCat("Bạn có vai trò phù hợp nhưng không thuộc ", needed_places,
                                      " nên không thể ", verb, " hồ sơ này"));
  }
  return WorkflowError(absl::StatusCode::kPermissionDenied, ReasonCode::kMissingRole,
                       absl::StrCat("Bạn không có quyền ", verb, " hồ sơ này: cần vai trò ", needed_roles,
                                    actor.is_system || needed_places.empty() ? "" : " tại ", needed_places));
}

}  // namespace tdkt::workflow
