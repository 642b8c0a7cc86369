#include "workflow/vote_tally.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workflow/reasons.h"

namespace tdkt::workflow {
namespace {

// Shares are doubles from data files (2/3, 0.9); head counts are small integers. A tolerance far below 1/200
// keeps 2/3 × 9 = 6 from becoming 6.000000001 and requiring 7.
constexpr double kTolerance = 1e-9;

int CeilCount(double x) { return static_cast<int>(std::ceil(x - kTolerance)); }
int FloorCount(double x) { return static_cast<int>(std::floor(x + kTolerance)); }

}  // namespace

VoteRule VoteRuleFor(const ChainLevel& level, const AwardDefinition& award, const VotePolicy& policy) {
  VoteRule rule;
  rule.quorum = level.quorum;
  rule.pass_threshold = level.pass_threshold;
  rule.base = ThresholdBase::kParticipants;
  rule.comparison = policy.level_comparison;
  if (award.pass_threshold_override) {
    rule.pass_threshold = *award.pass_threshold_override;
    rule.comparison = policy.award_override_comparison;
    if (award.threshold_counts_all_members) rule.base = ThresholdBase::kAllMembers;
  }
  return rule;
}

absl::Status ValidateVoteRule(const VoteRule& rule) {
  const bool quorum_ok = rule.quorum > 0.0 && rule.quorum <= 1.0;
  const bool threshold_ok = rule.comparison == ThresholdComparison::kExceed
                                ? rule.pass_threshold >= 0.0 && rule.pass_threshold < 1.0
                                : rule.pass_threshold > 0.0 && rule.pass_threshold <= 1.0;
  if (quorum_ok && threshold_ok) return absl::OkStatus();
  return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidVoteRule,
                       absl::StrCat("Quy tắc bỏ phiếu không hợp lệ: tỷ lệ tham dự ", rule.quorum,
                                    ", ngưỡng thông qua ", rule.pass_threshold));
}

namespace {

const std::vector<std::string>& EmptyList() {
  static const auto* empty = new std::vector<std::string>();
  return *empty;
}

// The index of `member` in the sorted list, or -1.
int IndexOf(const std::vector<std::string>& sorted, std::string_view member) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), member);
  if (it == sorted.end() || *it != member) return -1;
  return static_cast<int>(it - sorted.begin());
}

}  // namespace

const std::vector<std::string>& CouncilVote::eligible_members() const {
  return eligible ? *eligible : EmptyList();
}

std::string_view CouncilVote::NameOf(size_t i) const {
  if (!names || i >= names->size()) return "";
  return (*names)[i];
}

absl::Time CouncilVote::VotedAt(size_t i) const {
  return i < voted_at.size() ? voted_at[i] : absl::InfinitePast();
}

bool CouncilVote::IsEligible(std::string_view member) const { return IndexOf(eligible_members(), member) >= 0; }

bool CouncilVote::HasVoted(std::string_view member) const {
  const int i = IndexOf(eligible_members(), member);
  return i >= 0 && static_cast<size_t>(i) < voted.size() && voted[static_cast<size_t>(i)];
}

std::vector<std::string> CouncilVote::Voters() const {
  std::vector<std::string> out;
  const std::vector<std::string>& members = eligible_members();
  for (size_t i = 0; i < members.size() && i < voted.size(); ++i) {
    if (voted[i]) out.push_back(members[i]);
  }
  return out;
}

bool CouncilVote::operator==(const CouncilVote& other) const {
  const auto same_names = [&] {
    for (size_t i = 0; i < std::max(eligible_members().size(), other.eligible_members().size()); ++i) {
      if (NameOf(i) != other.NameOf(i)) return false;
    }
    return true;
  };
  return level_index == other.level_index && rule == other.rule && voted == other.voted && yes == other.yes &&
         no == other.no && abstain == other.abstain && opened_at == other.opened_at &&
         council_id == other.council_id && voted_at == other.voted_at &&
         (eligible == other.eligible || eligible_members() == other.eligible_members()) &&
         (names == other.names || same_names());
}

absl::StatusOr<CouncilVote> OpenCouncilVote(std::vector<std::string> eligible_members, const VoteRule& rule,
                                            int level_index, absl::Time opened_at, size_t max_members) {
  if (absl::Status s = ValidateVoteRule(rule); !s.ok()) return s;
  if (eligible_members.empty()) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                         "Danh sách thành viên Hội đồng được bỏ phiếu đang trống");
  }
  if (eligible_members.size() > max_members) {
    return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                         absl::StrCat("Danh sách có ", eligible_members.size(),
                                      " thành viên, vượt giới hạn ", max_members));
  }
  std::sort(eligible_members.begin(), eligible_members.end());
  for (size_t i = 0; i < eligible_members.size(); ++i) {
    if (eligible_members[i].empty()) {
      return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                           "Danh sách thành viên Hội đồng có mã thành viên trống");
    }
    if (i > 0 && eligible_members[i] == eligible_members[i - 1]) {
      return WorkflowError(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                           absl::StrCat("Thành viên «", eligible_members[i], "» có tên hai lần trong danh sách"));
    }
  }
  CouncilVote vote;
  vote.level_index = level_index;
  vote.rule = rule;
  vote.voted.assign(eligible_members.size(), false);
  vote.voted_at.assign(eligible_members.size(), absl::InfinitePast());
  vote.eligible = std::make_shared<const std::vector<std::string>>(std::move(eligible_members));
  vote.opened_at = opened_at;
  return vote;
}

absl::Status CastBallot(CouncilVote& vote, std::string_view member, Ballot ballot, absl::Time at) {
  const int index = IndexOf(vote.eligible_members(), member);
  if (index < 0 || static_cast<size_t>(index) >= vote.voted.size()) {
    return WorkflowError(absl::StatusCode::kPermissionDenied, ReasonCode::kNotEligibleVoter,
                         "Người này không có tên trong danh sách thành viên Hội đồng được bỏ phiếu");
  }
  if (vote.voted[static_cast<size_t>(index)]) {
    return WorkflowError(absl::StatusCode::kFailedPrecondition, ReasonCode::kAlreadyVoted,
                         "Thành viên đã bỏ phiếu; mỗi thành viên chỉ được bỏ phiếu một lần");
  }
  vote.voted[static_cast<size_t>(index)] = true;
  if (static_cast<size_t>(index) < vote.voted_at.size()) vote.voted_at[static_cast<size_t>(index)] = at;
  switch (ballot) {
    case Ballot::kYes: ++vote.yes; break;
    case Ballot::kNo: ++vote.no; break;
    case Ballot::kAbstain: ++vote.abstain; break;
  }
  return absl::OkStatus();
}

std::string_view VoteResultCode(VoteResult result) {
  switch (result) {
    case VoteResult::kPassed: return "PASSED";
    case VoteResult::kFailed: return "FAILED";
    case VoteResult::kNoQuorum: return "NO_QUORUM";
  }
  return "UNKNOWN";
}

VoteTally TallyVotes(const CouncilVote& vote) {
  VoteTally tally;
  tally.eligible = static_cast<int>(vote.eligible_members().size());
  tally.yes = vote.yes;
  tally.no = vote.no;
  tally.abstain = vote.abstain;
  tally.participants = vote.participants();  // VT1: abstentions take part
  tally.participants_needed = std::max(1, CeilCount(vote.rule.quorum * tally.eligible));

  const int base = vote.rule.base == ThresholdBase::kAllMembers ? tally.eligible : tally.participants;
  const double share = vote.rule.pass_threshold * base;
  const int needed = vote.rule.comparison == ThresholdComparison::kExceed ? FloorCount(share) + 1 : CeilCount(share);
  tally.yes_needed = std::max(1, needed);  // VT3

  if (tally.participants < tally.participants_needed) {
    tally.result = VoteResult::kNoQuorum;
  } else {
    tally.result = tally.yes >= tally.yes_needed ? VoteResult::kPassed : VoteResult::kFailed;
  }
  return tally;
}

}  // namespace tdkt::workflow
