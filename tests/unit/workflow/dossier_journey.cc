#include "dossier_journey.h"

#include <utility>

#include "gtest/gtest.h"
#include "workflow/vietnam_time.h"

namespace tdkt::workflow::testing {

Journey::Journey(const World& world, std::string chain_id, std::string award_code, std::string unit,
                 TransitionPolicy policy)
    : world_(world), policy_(std::move(policy)) {
  const Actor submitter{"sub@" + unit, {{Role::kSubmitter, unit}}};
  ActorContext actor = BindActor(submitter, unit, unit, world.Ancestors(unit));
  absl::StatusOr<Transition> created =
      CreateDossier(cmd::Create{.dossier_id = "hs-1", .origin_org_id = unit, .origin_level = OrgLevel::kUnit},
                    actor, world.CreateContext(chain_id, award_code, TestNow(), policy_));
  if (!created.ok()) {
    ADD_FAILURE() << "create: " << created.status();
    return;
  }
  dossier_ = std::move(created)->dossier;
  int n = 0;
  for (const std::string& kind : world.Award(award_code).required_documents) {
    Do(cmd::AttachDocument{.document_id = "doc-" + std::to_string(++n), .kind = kind}, Submitter());
  }
}

absl::StatusOr<Transition> Journey::Try(const Command& command, const ActorContext& actor) const {
  return ApplyCommand(dossier_, command, actor, Context());
}

Transition Journey::Do(const Command& command, const ActorContext& actor) {
  absl::StatusOr<Transition> t = Try(command, actor);
  if (!t.ok()) {
    ADD_FAILURE() << CommandKindCode(KindOf(command)) << " in " << DossierStateCode(dossier_.state) << ": "
                  << t.status();
    return Transition{dossier_, {}};
  }
  dossier_ = t->dossier;
  return *std::move(t);
}

Actor Journey::Submitter() const {
  return Actor{"sub@" + dossier_.origin_org_id, {{Role::kSubmitter, dossier_.origin_org_id}}};
}

Actor Journey::Appraiser() const {
  const ChainLevel& level = world_.Chain(dossier_.chain_id).levels[static_cast<size_t>(dossier_.level_index)];
  return Actor{"appr@" + dossier_.holder_org_id, {{level.appraiser_role, dossier_.holder_org_id}}};
}

Actor Journey::Chair() const {
  return Actor{"chair@" + dossier_.holder_org_id, {{Role::kCouncilChair, dossier_.holder_org_id}}};
}

Actor Journey::Member(int i) const {
  return Actor{"m" + std::to_string(i) + "@" + dossier_.holder_org_id,
               {{Role::kCouncilMember, dossier_.holder_org_id}}};
}

Actor Journey::Decider() const {
  return Actor{"dec@" + dossier_.holder_org_id, {{Role::kDecider, dossier_.holder_org_id}}};
}

std::vector<std::string> Journey::MemberIds(int n) const {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(Member(i).person_id);
  return ids;
}

void Journey::PassLevel() {
  if (dossier_.state == DossierState::kSubmitted) Do(cmd::Accept{}, Appraiser());
  const ChainLevel& level = world_.Chain(dossier_.chain_id).levels[static_cast<size_t>(dossier_.level_index)];
  if (!level.council_votes) {
    Do(cmd::Forward{}, Appraiser());
    return;
  }
  Do(cmd::SendToCouncil{}, Appraiser());
  Do(cmd::OpenVote{.eligible_members = MemberIds()}, Chair());
  for (int i = 0; i < 3; ++i) Do(cmd::CastVote{.ballot = Ballot::kYes}, Member(i));
  Do(cmd::CloseVote{}, Chair());
}

void Journey::Reach(DossierState target, bool vote_open) {
  using S = DossierState;
  const absl::CivilDay today = VietnamDate(TestNow());
  switch (target) {
    case S::kDraft:
      break;
    case S::kSubmitted:
      Do(cmd::Submit{}, Submitter());
      break;
    case S::kUnderReview:
      Reach(S::kSubmitted);
      Do(cmd::Accept{}, Appraiser());
      break;
    case S::kReturnedForSupplement:
      Reach(S::kUnderReview);
      Do(cmd::ReturnForSupplement{.reason = "Thiếu xác nhận của thủ trưởng"}, Appraiser());
      break;
    case S::kCouncilVoting:
      Reach(S::kUnderReview);
      Do(cmd::SendToCouncil{}, Appraiser());
      if (vote_open) Do(cmd::OpenVote{.eligible_members = MemberIds()}, Chair());
      break;
    case S::kAwaitingDecision:
    case S::kForwardedExternal:
      Reach(S::kSubmitted);
      for (int guard = 0; guard < 8 && dossier_.state == S::kSubmitted; ++guard) PassLevel();
      break;
    case S::kDecided:
      Reach(S::kAwaitingDecision);
      Do(cmd::Decide{.number = "15/QĐ-UBND", .date = today, .signer = "Nguyễn Văn An"}, Decider());
      break;
    case S::kPublished:
      Reach(S::kDecided);
      Do(cmd::Publish{}, Decider());
      break;
    case S::kRejected:
      Reach(S::kUnderReview);
      Do(cmd::Reject{.reason = "Không đủ tiêu chuẩn"}, Appraiser());
      break;
    case S::kWithdrawn:
      Do(cmd::Withdraw{}, Submitter());
      break;
  }
  EXPECT_EQ(dossier_.state, target) << "reached " << DossierStateCode(dossier_.state) << " instead of "
                                    << DossierStateCode(target);
}

}  // namespace tdkt::workflow::testing
