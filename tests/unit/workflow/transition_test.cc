// Behaviour of individual transitions: targets, effects, guards and the Vietnamese reasons of refusals.
#include "workflow/transition.h"

#include <string>

#include "dossier_journey.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
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

void ExpectRefused(const absl::StatusOr<Transition>& result, absl::StatusCode code, ReasonCode reason,
                   const std::string& message_part) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), code) << result.status();
  EXPECT_EQ(ReasonOf(result.status()), reason) << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(message_part));
}

absl::CivilDay Today() { return VietnamDate(TestNow()); }

class TransitionTest : public ::testing::Test {
 protected:
  World world_;
};

TEST_F(TransitionTest, WrongStateMessageNamesStateAndAction) {
  Journey j(world_, "4-level", "LDTT", "u1");
  absl::StatusOr<Transition> t = j.Try(cmd::Accept{}, j.Appraiser());
  ExpectRefused(t, absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState,
                "Hồ sơ đang ở trạng thái «Nháp», không thể tiếp nhận");
}

TEST_F(TransitionTest, SubmitNamesEveryMissingRequiredDocument) {
  Journey j(world_, "4-level", "CSTDCS", "u1");
  j.Do(cmd::RemoveDocument{.document_id = "doc-1"}, j.Submitter());
  j.Do(cmd::RemoveDocument{.document_id = "doc-2"}, j.Submitter());
  ExpectRefused(j.Try(cmd::Submit{}, j.Submitter()), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kMissingDocument, "thiếu tài liệu bắt buộc: TO_TRINH, BAO_CAO_THANH_TICH");
  j.Do(cmd::AttachDocument{.document_id = "d", .kind = "TO_TRINH"}, j.Submitter());
  ExpectRefused(j.Try(cmd::Submit{}, j.Submitter()), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kMissingDocument, "BAO_CAO_THANH_TICH");
}

TEST_F(TransitionTest, SubmitStartsTheLevelDeadlineAndTellsTheAppraisers) {
  Journey j(world_, "4-level", "CSTDCS", "u1");
  const Transition t = j.Do(cmd::Submit{}, j.Submitter());
  EXPECT_EQ(t.dossier.state, S::kSubmitted);
  ASSERT_EQ(t.effects.deadline_ops.size(), 1u);
  EXPECT_EQ(t.effects.deadline_ops[0],
            (DeadlineOp{DeadlineOpKind::kStart, 0, 5, TestNow()}));  // the unit level has 5 working days
  EXPECT_EQ(t.dossier.deadline, (DeadlineStatus{DeadlineMode::kRunning, 0}));
  ASSERT_EQ(t.effects.events.size(), 1u);
  EXPECT_EQ(EventTypeName(t.effects.events[0].type), "dossier.submitted");
  EXPECT_THAT(t.effects.notifications, ::testing::Contains(NotificationHint{Audience::kAppraisers, "u1"}));
}

TEST_F(TransitionTest, ReturnPausesAndResubmitResumesTheClock) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kUnderReview);
  ExpectRefused(j.Try(cmd::ReturnForSupplement{.reason = "  "}, j.Appraiser()), absl::StatusCode::kInvalidArgument,
                ReasonCode::kMissingReason, "Thiếu lý do trả lại");
  Transition back = j.Do(cmd::ReturnForSupplement{.reason = "Bổ sung biên bản họp"}, j.Appraiser());
  EXPECT_EQ(back.dossier.returned_reason, "Bổ sung biên bản họp");
  EXPECT_EQ(back.dossier.deadline.mode, DeadlineMode::kPaused);
  EXPECT_EQ(back.effects.deadline_ops.at(0).kind, DeadlineOpKind::kPause);
  EXPECT_EQ(*back.effects.events.at(0).Field("reason"), "Bổ sung biên bản họp");

  j.Do(cmd::AttachDocument{.document_id = "bb", .kind = "BIEN_BAN"}, j.Submitter());
  Transition again = j.Do(cmd::Resubmit{}, j.Submitter());
  EXPECT_EQ(again.dossier.state, S::kUnderReview);
  EXPECT_EQ(again.dossier.deadline.mode, DeadlineMode::kRunning);
  EXPECT_EQ(again.effects.deadline_ops.at(0).kind, DeadlineOpKind::kResume);
}

TEST_F(TransitionTest, PassedVoteBelowTheDecidingLevelForwardsToTheCallerResolvedOrganisation) {
  Journey j(world_, "4-level", "CSTDCS", "u1");
  j.Reach(S::kCouncilVoting, /*vote_open=*/true);
  for (int i = 0; i < 3; ++i) j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(i));
  Transition t = j.Do(cmd::CloseVote{}, j.Chair());
  EXPECT_EQ(t.dossier.state, S::kSubmitted);
  EXPECT_EQ(t.dossier.level_index, 1);
  EXPECT_EQ(t.dossier.holder_org_id, "c1");
  EXPECT_EQ(t.effects.new_holder_org_id, "c1");
  EXPECT_FALSE(t.dossier.vote.has_value());
  ASSERT_EQ(t.dossier.closed_votes.size(), 1u);
  EXPECT_EQ(t.dossier.closed_votes[0].tally.yes, 3);
  ASSERT_EQ(t.effects.deadline_ops.size(), 2u);
  EXPECT_EQ(t.effects.deadline_ops[0].kind, DeadlineOpKind::kClear);
  EXPECT_EQ(t.effects.deadline_ops[0].level_index, 0);
  EXPECT_EQ(t.effects.deadline_ops[1], (DeadlineOp{DeadlineOpKind::kStart, 1, 10, TestNow()}));
  EXPECT_EQ(EventTypeName(t.effects.events.at(0).type), "dossier.vote_closed");
  EXPECT_EQ(*t.effects.events.at(0).Field("result"), "PASSED");
  EXPECT_EQ(EventTypeName(t.effects.events.at(1).type), "dossier.forwarded");

  // At the commune, which decides CSTĐCS, the next pass waits for the decision.
  j.PassLevel();
  EXPECT_EQ(j.dossier().state, S::kAwaitingDecision);
  EXPECT_EQ(j.dossier().deadline.mode, DeadlineMode::kNone);
}

TEST_F(TransitionTest, MovingUpWithoutTheNextOrganisationIsRefused) {
  Journey j(world_, "4-level", "CSTDCS", "u1");
  j.Reach(S::kCouncilVoting, true);
  for (int i = 0; i < 3; ++i) j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(i));
  TransitionContext context = j.Context();
  context.next_level_org_id.clear();
  absl::StatusOr<Transition> t = ApplyCommand(j.dossier(), cmd::CloseVote{}, j.Bind(j.Chair()), context);
  ExpectRefused(t, absl::StatusCode::kInvalidArgument, ReasonCode::kMissingNextLevelOrg, "Thiếu đơn vị cấp trên");
}

TEST_F(TransitionTest, FailedVoteRejectsWithTheCount) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kCouncilVoting, true);
  j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(0));
  j.Do(cmd::CastVote{.ballot = Ballot::kNo}, j.Member(1));
  j.Do(cmd::CastVote{.ballot = Ballot::kAbstain}, j.Member(2));
  Transition t = j.Do(cmd::CloseVote{}, j.Chair());
  EXPECT_EQ(t.dossier.state, S::kRejected);
  EXPECT_THAT(t.dossier.rejection_reason, HasSubstr("1/3 phiếu đồng ý"));
  EXPECT_EQ(t.dossier.deadline.mode, DeadlineMode::kNone);
  EXPECT_EQ(t.effects.deadline_ops.at(0).kind, DeadlineOpKind::kClear);
}

TEST_F(TransitionTest, NoQuorumVoidsTheBallotAndKeepsTheDossierWithTheCouncil) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kCouncilVoting, true);
  j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(0));  // 1 of 3 < 2/3
  Transition t = j.Do(cmd::CloseVote{}, j.Chair());
  EXPECT_EQ(t.dossier.state, S::kCouncilVoting);
  EXPECT_FALSE(t.dossier.vote.has_value());
  ASSERT_EQ(t.dossier.closed_votes.size(), 1u);
  EXPECT_EQ(t.dossier.closed_votes.back().tally.result, VoteResult::kNoQuorum);
  EXPECT_EQ(t.dossier.deadline.mode, DeadlineMode::kRunning);
  j.Do(cmd::OpenVote{.eligible_members = j.MemberIds()}, j.Chair());  // a new ballot can be opened
}

TEST_F(TransitionTest, CastVoteRefusals) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kCouncilVoting);
  ExpectRefused(j.Try(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(0)), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kNoVoteOpen, "chưa mở bỏ phiếu");
  j.Do(cmd::OpenVote{.eligible_members = j.MemberIds(2)}, j.Chair());
  ExpectRefused(j.Try(cmd::OpenVote{.eligible_members = j.MemberIds()}, j.Chair()),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kVoteAlreadyOpen, "đang bỏ phiếu");
  ExpectRefused(j.Try(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(2)), absl::StatusCode::kPermissionDenied,
                ReasonCode::kNotEligibleVoter, "không có tên trong danh sách");
  j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(0));
  ExpectRefused(j.Try(cmd::CastVote{.ballot = Ballot::kNo}, j.Member(0)), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kAlreadyVoted, "chỉ được bỏ phiếu một lần");
}

TEST_F(TransitionTest, SecretBallotSnapshotAndEventsKeepVotersNotBallots) {
  Journey a(world_, "4-level", "LDTT", "u1");
  a.Reach(S::kCouncilVoting, true);
  Journey b = a;
  Transition cast = a.Do(cmd::CastVote{.ballot = Ballot::kYes}, a.Member(0));
  a.Do(cmd::CastVote{.ballot = Ballot::kNo}, a.Member(1));
  b.Do(cmd::CastVote{.ballot = Ballot::kNo}, b.Member(0));
  b.Do(cmd::CastVote{.ballot = Ballot::kYes}, b.Member(1));
  EXPECT_EQ(a.dossier(), b.dossier());
  ASSERT_EQ(cast.effects.events.size(), 1u);
  EXPECT_EQ(*cast.effects.events[0].Field("voter"), a.Member(0).person_id);
  EXPECT_EQ(cast.effects.events[0].fields.size(), 1u);
}

TEST_F(TransitionTest, OpenVoteUsesTheAwardOverride) {
  Journey j(world_, "3-level", "CSTD_TINH", "u21");
  j.Reach(S::kSubmitted);
  j.PassLevel();  // unit level: forward
  j.PassLevel();  // commune
  ASSERT_EQ(j.dossier().level_index, 2);
  j.Do(cmd::Accept{}, j.Appraiser());
  j.Do(cmd::SendToCouncil{}, j.Appraiser());
  j.Do(cmd::OpenVote{.eligible_members = j.MemberIds(10)}, j.Chair());
  EXPECT_EQ(j.dossier().vote->rule.base, ThresholdBase::kAllMembers);
  EXPECT_EQ(j.dossier().vote->rule.pass_threshold, 0.9);
  for (int i = 0; i < 8; ++i) j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(i));
  EXPECT_EQ(j.Do(cmd::CloseVote{}, j.Chair()).dossier.state, S::kRejected);  // 8 of 10 < 90%
}

TEST_F(TransitionTest, ForwardOnlyWhereTheLevelHasNoCouncil) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kUnderReview);
  ExpectRefused(j.Try(cmd::Forward{}, j.Appraiser()), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kCouncilRequired, "Hội đồng bỏ phiếu");
  Journey k(world_, "3-level", "LDTT", "u21");
  k.Reach(S::kUnderReview);
  ExpectRefused(k.Try(cmd::SendToCouncil{}, k.Appraiser()), absl::StatusCode::kFailedPrecondition,
                ReasonCode::kNoCouncilAtLevel, "không có Hội đồng");
  EXPECT_EQ(k.Do(cmd::Forward{}, k.Appraiser()).dossier.state, S::kAwaitingDecision);
}

TEST_F(TransitionTest, DecideNeedsNumberSignerAndAPlausibleDate) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kAwaitingDecision);
  ExpectRefused(j.Try(cmd::Decide{.number = "", .date = Today(), .signer = "A"}, j.Decider()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kMissingDecisionField, "Thiếu số quyết định");
  ExpectRefused(j.Try(cmd::Decide{.number = "1/QĐ", .date = Today(), .signer = ""}, j.Decider()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kMissingDecisionField, "Thiếu người ký");
  ExpectRefused(j.Try(cmd::Decide{.number = "1/QĐ", .signer = "A"}, j.Decider()),  // date left unset
                absl::StatusCode::kInvalidArgument, ReasonCode::kMissingDecisionField, "ngày quyết định");
  ExpectRefused(j.Try(cmd::Decide{.number = "1/QĐ", .date = Today() + 1, .signer = "A"}, j.Decider()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kDecisionDateInFuture, "sau ngày hôm nay");
  ExpectRefused(j.Try(cmd::Decide{.number = "1/Q\xC3", .date = Today(), .signer = "A"}, j.Decider()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText, "UTF-8");
  Transition t = j.Do(cmd::Decide{.number = "1/QĐ-UBND", .date = Today(), .signer = "Lê Văn C"}, j.Decider());
  ASSERT_TRUE(t.dossier.decision.has_value());
  EXPECT_EQ(t.dossier.decision->number, "1/QĐ-UBND");
  EXPECT_EQ(*t.effects.events.at(0).Field("date"), "2025-09-15");
  EXPECT_EQ(j.Do(cmd::Publish{}, j.Decider()).dossier.state, S::kPublished);
}

TEST_F(TransitionTest, DecideKeepsTheDecisionAsPrintedAndTheDeciderSignsByDefault) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kAwaitingDecision);
  const std::string scan = j.dossier().documents.at(0).id;
  ExpectRefused(j.Try(cmd::Decide{.number = "1/QĐ", .date = Today(), .signer = "A", .document_id = "no-such"},
                      j.Decider()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kUnknownDocument, "no-such");
  Transition t = j.Do(cmd::Decide{.number = "1/QĐ-UBND", .date = Today(), .signer = "Lê Văn C",
                                  .signer_title = "Hiệu trưởng", .issuing_body = "Trường Tiểu học Đồng Tân",
                                  .document_id = scan},
                      j.Decider());
  ASSERT_TRUE(t.dossier.decision.has_value());
  EXPECT_EQ(t.dossier.decision->signer_title, "Hiệu trưởng");
  EXPECT_EQ(t.dossier.decision->issuing_body, "Trường Tiểu học Đồng Tân");
  EXPECT_EQ(t.dossier.decision->document_id, scan);
  EXPECT_EQ(t.dossier.decision->signer_person_id, j.Decider().person_id);
  EXPECT_EQ(*t.effects.events.at(0).Field("signer_title"), "Hiệu trưởng");
}

TEST_F(TransitionTest, AReturnNamesOnlyDocumentKindsTheAwardRequires) {
  Journey j(world_, "4-level", "LDTT", "u1");  // requires TO_TRINH
  j.Reach(S::kUnderReview);
  ExpectRefused(j.Try(cmd::ReturnForSupplement{.reason = "Thiếu", .missing_document_kinds = {"BAO_CAO_THANH_TICH"}},
                      j.Appraiser()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kUnknownDocument, "BAO_CAO_THANH_TICH");
  Transition t = j.Do(cmd::ReturnForSupplement{.reason = "Thiếu", .missing_document_kinds = {"TO_TRINH"}},
                      j.Appraiser());
  EXPECT_EQ(*t.effects.events.at(0).Field("missing_document_kinds"), "TO_TRINH");
}

TEST_F(TransitionTest, AClosedRoundKeepsItsCouncilNamesAndVotingTimes) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kCouncilVoting);
  ExpectRefused(j.Try(cmd::OpenVote{.eligible_members = j.MemberIds(), .member_names = {"only one"}}, j.Chair()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers, "không khớp");
  // Given in another order than the vote's sorted list: each name stays with its member.
  j.Do(cmd::OpenVote{.eligible_members = {"m2@u1", "m0@u1", "m1@u1"},
                     .council_id = "hd-u1",
                     .member_names = {"Hai", "Không", "Một"}},
       j.Chair());
  j.Do(cmd::CastVote{.ballot = Ballot::kNo}, j.Member(1));
  j.Do(cmd::CastVote{.ballot = Ballot::kYes}, j.Member(0));
  Transition t = j.Do(cmd::CloseVote{}, j.Chair());  // 1 yes of 2 present: failed
  ASSERT_EQ(t.dossier.closed_votes.size(), 1u);
  const VoteOutcome& closed = t.dossier.closed_votes[0];
  EXPECT_EQ(closed.ballot.council_id, "hd-u1");
  EXPECT_EQ(closed.ballot.eligible_members(), (std::vector<std::string>{"m0@u1", "m1@u1", "m2@u1"}));
  EXPECT_EQ(closed.ballot.NameOf(0), "Không");
  EXPECT_EQ(closed.ballot.NameOf(1), "Một");
  EXPECT_EQ(closed.ballot.NameOf(2), "Hai");
  EXPECT_EQ(closed.ballot.Voters(), (std::vector<std::string>{"m0@u1", "m1@u1"}));
  EXPECT_EQ(closed.ballot.VotedAt(1), TestNow());
  EXPECT_EQ(closed.ballot.VotedAt(2), absl::InfinitePast());
  EXPECT_EQ(closed.tally.result, VoteResult::kFailed);
  EXPECT_EQ(closed.closed_at, TestNow());
}

TEST_F(TransitionTest, ExternalAwardLeavesAfterTheProvinceAndComesBackWithItsOutcome) {
  Journey j(world_, "4-level", "BK_TTG", "u1");
  j.Reach(S::kForwardedExternal);
  EXPECT_EQ(j.dossier().level_index, 3);
  EXPECT_EQ(j.dossier().holder_org_id, "p1");
  EXPECT_FALSE(j.dossier().deciding_level_index.has_value());

  Journey refused = j;
  ExpectRefused(refused.Try(cmd::RecordExternalOutcome{.granted = false}, refused.Appraiser()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kMissingReason, "Thiếu lý do");
  ExpectRefused(refused.Try(cmd::RecordExternalOutcome{.granted = true, .decision_date = Today()},
                            refused.Appraiser()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kMissingDecisionField, "số quyết định");
  Transition no = refused.Do(cmd::RecordExternalOutcome{.granted = false, .reason = "Không đủ tiêu chuẩn"},
                             refused.Appraiser());
  EXPECT_EQ(no.dossier.state, S::kRejected);
  EXPECT_FALSE(no.dossier.external_outcome->granted);

  Transition yes = j.Do(cmd::RecordExternalOutcome{.granted = true,
                                                   .issuing_body = "Thủ tướng Chính phủ",
                                                   .decision_number = "99/QĐ-TTg",
                                                   .decision_date = Today(),
                                                   .signer = "Phó Thủ tướng"},
                        j.Appraiser());
  EXPECT_EQ(yes.dossier.state, S::kDecided);
  EXPECT_EQ(yes.dossier.decision->issuing_body, "Thủ tướng Chính phủ");
}

TEST_F(TransitionTest, RejectAndComplainNeedReasons) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kUnderReview);
  ExpectRefused(j.Try(cmd::Reject{}, j.Appraiser()), absl::StatusCode::kInvalidArgument, ReasonCode::kMissingReason,
                "Thiếu lý do từ chối");
  j.Do(cmd::Reject{.reason = "Không đạt"}, j.Appraiser());
  ExpectRefused(j.Try(cmd::Complain{}, j.Submitter()), absl::StatusCode::kInvalidArgument,
                ReasonCode::kMissingReason, "Thiếu nội dung khiếu nại");
}

TEST_F(TransitionTest, ComplaintReopensADecisionAtItsLevelWithAFreshDeadline) {
  Journey j(world_, "4-level", "CSTDCS", "u1");
  j.Reach(S::kDecided);
  ASSERT_EQ(j.dossier().level_index, 1);
  Transition t = j.Do(cmd::Complain{.reason = "Quyết định bỏ sót thành tích"}, j.Submitter());
  EXPECT_EQ(t.dossier.state, S::kUnderReview);
  EXPECT_EQ(t.dossier.level_index, 1);
  EXPECT_EQ(t.dossier.holder_org_id, "c1");
  EXPECT_FALSE(t.dossier.decision.has_value());
  EXPECT_EQ(t.dossier.complaint_count, 1);
  EXPECT_EQ(*t.effects.events.at(0).Field("decision_number"), "15/QĐ-UBND");
  EXPECT_EQ(t.effects.deadline_ops.at(0), (DeadlineOp{DeadlineOpKind::kStart, 1, 10, TestNow()}));
}

TEST_F(TransitionTest, WithdrawDuringAVoteCancelsIt) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kCouncilVoting, true);
  Transition t = j.Do(cmd::Withdraw{}, j.Submitter());
  EXPECT_EQ(t.dossier.state, S::kWithdrawn);
  EXPECT_FALSE(t.dossier.vote.has_value());
  EXPECT_EQ(*t.effects.events.at(0).Field("vote_cancelled"), "true");
  EXPECT_EQ(t.effects.deadline_ops.at(0).kind, DeadlineOpKind::kClear);
}

TEST_F(TransitionTest, EscalateIsASystemEventForTheRunningLevelOnly) {
  Journey j(world_, "4-level", "LDTT", "u1");
  j.Reach(S::kUnderReview);
  const ActorContext scheduler = ActorContext::System("scheduler");
  ExpectRefused(j.Try(cmd::Escalate{.level_index = 2, .overdue_working_days = 1}, scheduler),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kStaleDeadline, "bỏ qua báo cáo quá hạn");
  ExpectRefused(j.Try(cmd::Escalate{.level_index = 0, .overdue_working_days = 0}, scheduler),
                absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText, "quá hạn");
  Transition t = j.Do(cmd::Escalate{.level_index = 0, .overdue_working_days = 2}, scheduler);
  EXPECT_EQ(t.dossier.state, S::kUnderReview);
  EXPECT_EQ(t.dossier.version, j.dossier().version);  // Do() kept it; one more than before
  EXPECT_EQ(EventTypeName(t.effects.events.at(0).type), "dossier.deadline_escalated");
  EXPECT_THAT(t.effects.notifications, ::testing::ElementsAre(NotificationHint{Audience::kCouncilChair, "u1"}));
}

TEST_F(TransitionTest, StaleVersionIsAborted) {
  Journey j(world_, "4-level", "LDTT", "u1");
  TransitionContext context = j.Context();
  context.expected_version = j.dossier().version - 1;
  ExpectRefused(ApplyCommand(j.dossier(), cmd::Submit{}, j.Bind(j.Submitter()), context),
                absl::StatusCode::kAborted, ReasonCode::kVersionConflict, "hãy tải lại");
  context.expected_version = j.dossier().version;
  EXPECT_TRUE(ApplyCommand(j.dossier(), cmd::Submit{}, j.Bind(j.Submitter()), context).ok());
}

TEST_F(TransitionTest, ContextMustBeThePinnedChainAndAward) {
  Journey j(world_, "4-level", "LDTT", "u1");
  TransitionContext wrong = world_.CreateContext("3-level", "LDTT", TestNow());
  ExpectRefused(ApplyCommand(j.dossier(), cmd::Submit{}, j.Bind(j.Submitter()), wrong),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kContextMismatch, "không khớp");
}

TEST_F(TransitionTest, DocumentsDuplicateUnknownAndLimit) {
  TransitionPolicy small;
  small.max_documents = 2;
  Journey j(world_, "4-level", "LDTT", "u1", small);
  ExpectRefused(j.Try(cmd::AttachDocument{.document_id = "doc-1", .kind = "X"}, j.Submitter()),
                absl::StatusCode::kAlreadyExists, ReasonCode::kDuplicateDocument, "đã được đính kèm");
  ExpectRefused(j.Try(cmd::RemoveDocument{.document_id = "nope"}, j.Submitter()), absl::StatusCode::kNotFound,
                ReasonCode::kUnknownDocument, "không có tài liệu");
  ExpectRefused(j.Try(cmd::AttachDocument{.document_id = "", .kind = "X"}, j.Submitter()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText, "Thiếu mã tài liệu");
  j.Do(cmd::AttachDocument{.document_id = "doc-2", .kind = "X"}, j.Submitter());
  ExpectRefused(j.Try(cmd::AttachDocument{.document_id = "doc-3", .kind = "X"}, j.Submitter()),
                absl::StatusCode::kInvalidArgument, ReasonCode::kTooManyDocuments, "giới hạn 2");
}

TEST_F(TransitionTest, CreatePinsTheDecidingLevel) {
  const ActorContext at_c1 = BindActor({"s", {{Role::kSubmitter, "c1"}}}, "c1", "c1", world_.Ancestors("c1"));
  const ActorContext at_u1 = BindActor({"s", {{Role::kSubmitter, "u1"}}}, "u1", "u1", world_.Ancestors("u1"));
  auto create = [&](std::string_view chain, std::string_view award, std::string org, OrgLevel level,
                    const ActorContext& actor, bool unit_head = false) {
    return CreateDossier(cmd::Create{.dossier_id = "x", .origin_org_id = std::move(org), .origin_level = level,
                                     .decided_by_unit_head = unit_head},
                         actor, world_.CreateContext(chain, award, TestNow()));
  };
  // GK_HUYEN proposed by a commune is decided at the district (index 2); BK_TTG leaves the chain.
  EXPECT_EQ(create("4-level", "GK_HUYEN", "c1", OrgLevel::kCommune, at_c1)->dossier.deciding_level_index, 2);
  EXPECT_EQ(create("4-level", "BK_TTG", "u1", OrgLevel::kUnit, at_u1)->dossier.deciding_level_index, std::nullopt);
  EXPECT_EQ(create("4-level", "LDTT", "u1", OrgLevel::kUnit, at_u1, true)->dossier.deciding_level_index, 0);
  ExpectRefused(create("4-level", "CSTDCS", "u1", OrgLevel::kUnit, at_u1, true), absl::StatusCode::kInvalidArgument,
                ReasonCode::kAwardNotProposable, "Thủ trưởng đơn vị không có thẩm quyền");
  ExpectRefused(create("4-level", "LDTT", "c1", OrgLevel::kCommune, at_c1), absl::StatusCode::kInvalidArgument,
                ReasonCode::kAwardNotProposable, "không được đề nghị từ cấp");
  ExpectRefused(create("3-level", "GK_HUYEN", "u1", OrgLevel::kUnit, at_u1), absl::StatusCode::kInvalidArgument,
                ReasonCode::kChainNotValid, "không có cấp quyết định");
  const TransitionContext past = world_.CreateContext(
      "3-level", "LDTT", absl::FromCivil(absl::CivilSecond(2025, 6, 30, 9, 0, 0), VietnamTimeZone()));
  ExpectRefused(CreateDossier(cmd::Create{.dossier_id = "x", .origin_org_id = "u1"}, at_u1, past),
                absl::StatusCode::kFailedPrecondition, ReasonCode::kChainNotValid, "không còn hiệu lực");
}

}  // namespace
}  // namespace tdkt::workflow
