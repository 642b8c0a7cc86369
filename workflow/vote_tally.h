#pragma once
// CouncilVote and its tally: a level council's secret ballot on one dossier (docs/domain.md §5).
//
//   VoteRule rule = VoteRuleFor(chain.levels[i], award, VotePolicy{});
//   absl::StatusOr<CouncilVote> vote = OpenCouncilVote({"a", "b", "c"}, rule, /*level_index=*/1, now);
//   CastBallot(*vote, "a", Ballot::kYes);   // records that "a" voted and one more yes, never who voted how
//   TallyVotes(*vote).result;               // kPassed, kFailed or kNoQuorum
//
// Assumptions (named, configurable through VoteRule / VotePolicy):
//  - VT1 abstentions count as participation (for the quorum and the participants base) but never as yes.
//  - VT2 the chain level's threshold must be exceeded (pass > 50% of those present); an award override is a
//    share that must be reached (domain.md: "≥ 90% of all members"), of all members when the award says so.
//  - VT3 at least one yes is always needed, whatever the configured shares.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "workflow/award.h"
#include "workflow/chain.h"

namespace tdkt::workflow {

enum class Ballot : uint8_t { kYes, kNo, kAbstain };

// Whose share the threshold is: those who took part (yes + no + abstain) or all eligible members.
enum class ThresholdBase : uint8_t { kParticipants, kAllMembers };
// Whether yes must be strictly above the share (majority) or may equal it (≥ 90%).
enum class ThresholdComparison : uint8_t { kExceed, kAtLeast };

struct VoteRule {
  double quorum = 2.0 / 3.0;    // share of eligible members who must take part, (0, 1]
  double pass_threshold = 0.5;  // kExceed: [0, 1); kAtLeast: (0, 1]
  ThresholdBase base = ThresholdBase::kParticipants;
  ThresholdComparison comparison = ThresholdComparison::kExceed;

  bool operator==(const VoteRule&) const = default;
};

// How chain and award data become a VoteRule (VT2).
struct VotePolicy {
  ThresholdComparison level_comparison = ThresholdComparison::kExceed;
  ThresholdComparison award_override_comparison = ThresholdComparison::kAtLeast;
};

// The rule for a vote at `level` on `award`: the level's quorum and threshold, replaced by the award's
// threshold override when it has one.
VoteRule VoteRuleFor(const ChainLevel& level, const AwardDefinition& award, const VotePolicy& policy);

// INVALID_ARGUMENT when a share lies outside its range.
absl::Status ValidateVoteRule(const VoteRule& rule);

// A vote in progress, as the dossier snapshot stores it. Secret ballot: the set of voters and the three counts
// are kept, never the link between them.
//
// The eligible list never changes once the vote opens, so successive snapshots share it (a cast vote copies a
// pointer, not fifteen ids); the voter set is a flag per eligible member. Both compare by value.
//
// The council's record of the round (for the minutes) also keeps the council it belongs to, the members' names
// as the council's roster gave them when the vote opened, and when each member voted: the history records who
// voted when anyway, so the times add nothing about how anyone voted.
struct CouncilVote {
  int level_index = 0;
  VoteRule rule;
  std::shared_ptr<const std::vector<std::string>> eligible;  // sorted, unique, non-empty ids
  std::vector<bool> voted;  // voted[i]: (*eligible)[i] has cast a ballot
  int yes = 0;
  int no = 0;
  int abstain = 0;
  absl::Time opened_at;
  std::string council_id;  // the directory's council whose voting members are eligible; may be empty
  // names[i]: the full name of (*eligible)[i] when the vote opened; null or empty when not known.
  std::shared_ptr<const std::vector<std::string>> names;
  std::vector<absl::Time> voted_at;  // voted_at[i]: when (*eligible)[i] voted; InfinitePast: not yet, or unknown

  const std::vector<std::string>& eligible_members() const;
  // The name of (*eligible)[i], or "" when not known.
  std::string_view NameOf(size_t i) const;
  // When (*eligible)[i] voted; InfinitePast when they have not, or when it is not known.
  absl::Time VotedAt(size_t i) const;
  int participants() const { return yes + no + abstain; }
  bool IsEligible(std::string_view member) const;
  bool HasVoted(std::string_view member) const;
  std::vector<std::string> Voters() const;  // sorted ids of those who voted
  bool operator==(const CouncilVote& other) const;
};

// Limits on an eligible list (a council has tens of members; the cap keeps snapshots small).
inline constexpr size_t kDefaultMaxCouncilMembers = 200;

// Opens a vote. INVALID_ARGUMENT for an empty list, an empty or repeated id, more than `max_members` ids, or an
// invalid rule.
absl::StatusOr<CouncilVote> OpenCouncilVote(std::vector<std::string> eligible_members, const VoteRule& rule,
                                            int level_index, absl::Time opened_at,
                                            size_t max_members = kDefaultMaxCouncilMembers);

// Records one ballot, cast at `at`. PERMISSION_DENIED when `member` is not eligible, FAILED_PRECONDITION when
// they already voted; the vote is unchanged on error.
absl::Status CastBallot(CouncilVote& vote, std::string_view member, Ballot ballot,
                        absl::Time at = absl::InfinitePast());

enum class VoteResult : uint8_t { kPassed, kFailed, kNoQuorum };
std::string_view VoteResultCode(VoteResult result);  // "PASSED", "FAILED", "NO_QUORUM"

// The outcome with the figures the minutes (biên bản kiểm phiếu) need.
struct VoteTally {
  VoteResult result = VoteResult::kNoQuorum;
  int eligible = 0;
  int participants = 0;
  int yes = 0;
  int no = 0;
  int abstain = 0;
  int participants_needed = 0;  // the quorum as a head count
  int yes_needed = 0;           // the smallest yes count that passes, given the participants

  bool operator==(const VoteTally&) const = default;
};

VoteTally TallyVotes(const CouncilVote& vote);

}  // namespace tdkt::workflow
