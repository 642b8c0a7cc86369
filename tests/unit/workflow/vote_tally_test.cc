#include "workflow/vote_tally.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "workflow/reasons.h"

namespace tdkt::workflow {
namespace {

std::vector<std::string> Members(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back("m" + std::to_string(i));
  return ids;
}

CouncilVote Open(int members, const VoteRule& rule = VoteRule{}) {
  absl::StatusOr<CouncilVote> vote = OpenCouncilVote(Members(members), rule, 1, absl::UnixEpoch());
  EXPECT_TRUE(vote.ok()) << vote.status();
  return *vote;
}

// Casts `yes`, `no`, `abstain` ballots from members m0, m1, … in that order.
void Cast(CouncilVote& vote, int yes, int no, int abstain) {
  int i = 0;
  for (int k = 0; k < yes; ++k) ASSERT_TRUE(CastBallot(vote, "m" + std::to_string(i++), Ballot::kYes).ok());
  for (int k = 0; k < no; ++k) ASSERT_TRUE(CastBallot(vote, "m" + std::to_string(i++), Ballot::kNo).ok());
  for (int k = 0; k < abstain; ++k) ASSERT_TRUE(CastBallot(vote, "m" + std::to_string(i++), Ballot::kAbstain).ok());
}

TEST(VoteTallyTest, QuorumIsTwoThirdsOfEligibleMembersByDefault) {
  CouncilVote vote = Open(9);
  Cast(vote, 5, 0, 0);
  EXPECT_EQ(TallyVotes(vote).participants_needed, 6);
  EXPECT_EQ(TallyVotes(vote).result, VoteResult::kNoQuorum);
  ASSERT_TRUE(CastBallot(vote, "m8", Ballot::kNo).ok());
  EXPECT_EQ(TallyVotes(vote).result, VoteResult::kPassed);  // 5 of 6 present
}

TEST(VoteTallyTest, MajorityOfThosePresentMustBeExceeded) {
  CouncilVote tie = Open(6);
  Cast(tie, 3, 3, 0);
  EXPECT_EQ(TallyVotes(tie).yes_needed, 4);
  EXPECT_EQ(TallyVotes(tie).result, VoteResult::kFailed);

  CouncilVote majority = Open(6);
  Cast(majority, 4, 2, 0);
  EXPECT_EQ(TallyVotes(majority).result, VoteResult::kPassed);
}

TEST(VoteTallyTest, AbstentionsCountAsParticipationButNotAsYes) {
  CouncilVote vote = Open(9);
  Cast(vote, 3, 0, 3);  // quorum reached only thanks to the abstentions; 3 of 6 is not more than half
  const VoteTally tally = TallyVotes(vote);
  EXPECT_EQ(tally.participants, 6);
  EXPECT_EQ(tally.abstain, 3);
  EXPECT_EQ(tally.result, VoteResult::kFailed);
}

TEST(VoteTallyTest, AwardOverrideOfAllMembersMustBeReached) {
  AwardDefinition cstd_tinh;
  cstd_tinh.pass_threshold_override = 0.9;
  cstd_tinh.threshold_counts_all_members = true;
  const VoteRule rule = VoteRuleFor(ChainLevel{}, cstd_tinh, VotePolicy{});
  EXPECT_EQ(rule.base, ThresholdBase::kAllMembers);
  EXPECT_EQ(rule.comparison, ThresholdComparison::kAtLeast);

  CouncilVote nine = Open(10, rule);
  Cast(nine, 9, 0, 0);
  EXPECT_EQ(TallyVotes(nine).yes_needed, 9);
  EXPECT_EQ(TallyVotes(nine).result, VoteResult::kPassed);

  CouncilVote eight = Open(10, rule);
  Cast(eight, 8, 0, 0);  // 8 of 8 present, but not 90% of all ten
  EXPECT_EQ(TallyVotes(eight).result, VoteResult::kFailed);
}

TEST(VoteTallyTest, AwardOverrideOfParticipantsUsesThoseWhoTookPart) {
  AwardDefinition bk_ttg;
  bk_ttg.pass_threshold_override = 0.8;
  const VoteRule rule = VoteRuleFor(ChainLevel{}, bk_ttg, VotePolicy{});
  EXPECT_EQ(rule.base, ThresholdBase::kParticipants);
  CouncilVote vote = Open(10, rule);
  Cast(vote, 8, 2, 0);  // exactly 80% of 10 present
  EXPECT_EQ(TallyVotes(vote).result, VoteResult::kPassed);
  CouncilVote less = Open(10, rule);
  Cast(less, 7, 2, 1);
  EXPECT_EQ(TallyVotes(less).result, VoteResult::kFailed);
}

TEST(VoteTallyTest, LevelThresholdAndQuorumComeFromTheChainLevel) {
  ChainLevel level;
  level.quorum = 0.5;
  level.pass_threshold = 0.6;
  const VoteRule rule = VoteRuleFor(level, AwardDefinition{}, VotePolicy{});
  EXPECT_EQ(rule.quorum, 0.5);
  EXPECT_EQ(rule.pass_threshold, 0.6);
  CouncilVote vote = Open(4, rule);
  Cast(vote, 2, 0, 0);
  EXPECT_EQ(TallyVotes(vote).result, VoteResult::kPassed);  // 2 of 4 present is the quorum; 2 > 1.2
}

TEST(VoteTallyTest, AtLeastOneYesIsAlwaysNeeded) {
  VoteRule rule;
  rule.pass_threshold = 0.0;
  CouncilVote vote = Open(3, rule);
  Cast(vote, 0, 0, 3);
  EXPECT_EQ(TallyVotes(vote).yes_needed, 1);
  EXPECT_EQ(TallyVotes(vote).result, VoteResult::kFailed);
}

TEST(VoteTallyTest, RefusesIneligibleAndSecondBallotsWithoutChangingTheVote) {
  CouncilVote vote = Open(3);
  ASSERT_TRUE(CastBallot(vote, "m0", Ballot::kYes).ok());
  const CouncilVote before = vote;

  absl::Status outsider = CastBallot(vote, "x9", Ballot::kYes);
  EXPECT_EQ(outsider.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(outsider), ReasonCode::kNotEligibleVoter);
  absl::Status twice = CastBallot(vote, "m0", Ballot::kNo);
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(twice), ReasonCode::kAlreadyVoted);
  EXPECT_FALSE(twice.message().empty());
  EXPECT_EQ(vote, before);
}

TEST(VoteTallyTest, NeverMoreBallotsThanEligibleMembers) {
  CouncilVote vote = Open(3);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) (void)CastBallot(vote, "m" + std::to_string(i), Ballot::kYes);
  }
  EXPECT_EQ(vote.participants(), 3);
  EXPECT_EQ(vote.Voters().size(), 3u);
}

TEST(VoteTallyTest, SecretBallotKeepsNoLinkBetweenVoterAndBallot) {
  CouncilVote a = Open(3);
  ASSERT_TRUE(CastBallot(a, "m0", Ballot::kYes).ok());
  ASSERT_TRUE(CastBallot(a, "m1", Ballot::kNo).ok());
  CouncilVote b = Open(3);  // a separately opened list: equal by value, not by pointer
  ASSERT_TRUE(CastBallot(b, "m1", Ballot::kYes).ok());
  ASSERT_TRUE(CastBallot(b, "m0", Ballot::kNo).ok());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.Voters(), (std::vector<std::string>{"m0", "m1"}));
  ASSERT_TRUE(CastBallot(b, "m2", Ballot::kAbstain).ok());
  EXPECT_NE(a, b);
}

TEST(VoteTallyTest, OpenRefusesBadMemberListsAndRules) {
  const absl::Time t = absl::UnixEpoch();
  EXPECT_EQ(ReasonOf(OpenCouncilVote({}, VoteRule{}, 0, t).status()), ReasonCode::kInvalidMembers);
  EXPECT_EQ(ReasonOf(OpenCouncilVote({"a", "b", "a"}, VoteRule{}, 0, t).status()), ReasonCode::kInvalidMembers);
  EXPECT_EQ(ReasonOf(OpenCouncilVote({"a", ""}, VoteRule{}, 0, t).status()), ReasonCode::kInvalidMembers);
  EXPECT_EQ(ReasonOf(OpenCouncilVote(Members(4), VoteRule{}, 0, t, 3).status()), ReasonCode::kInvalidMembers);
  VoteRule bad_quorum;
  bad_quorum.quorum = 0.0;
  EXPECT_EQ(ReasonOf(OpenCouncilVote(Members(3), bad_quorum, 0, t).status()), ReasonCode::kInvalidVoteRule);
  VoteRule bad_threshold;
  bad_threshold.pass_threshold = 1.0;  // "more than 100%" can never pass
  EXPECT_EQ(OpenCouncilVote(Members(3), bad_threshold, 0, t).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::workflow
