// Randomized sequences of commands from random actors against the state machine, checking its invariants after
// every step. Seeded, so a failure reproduces; the trace of the failing sequence is printed.
//
// Invariants (docs/architecture.md §3):
//  - one state, one holder; the holder is the origin unit or its ancestor, at the chain level the snapshot says;
//  - the deadline runs exactly in kDeadlineRunningStates at the current level, is paused exactly in
//    RETURNED_FOR_SUPPLEMENT, and the deadline operations emitted so far agree with the snapshot;
//  - DECIDED and PUBLISHED dossiers, and only they, carry a decision;
//  - an open vote exists only in COUNCIL_VOTING, never has more ballots than eligible members, and every voter
//    is eligible;
//  - the dossier never goes below its origin level nor above its deciding level;
//  - an accepted command increments the version by exactly one; a refused one leaves the snapshot unchanged
//    and carries a reason code and a message.
#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "workflow/authorization.h"
#include "workflow/vietnam_time.h"
#include "workflow/reasons.h"
#include "workflow/transition.h"
#include "workflow_world.h"

namespace tdkt::workflow {
namespace {

using ::tdkt::workflow::testing::Org;
using ::tdkt::workflow::testing::TestNow;
using ::tdkt::workflow::testing::World;
using S = DossierState;

constexpr uint64_t kSeed = 20250915;
constexpr int kSequences = 100'000;

constexpr std::array<Role, 6> kRoles = {Role::kSubmitter,    Role::kAppraiser, Role::kCouncilMember,
                                        Role::kCouncilChair, Role::kDecider,   Role::kAdmin};

class RandomRun {
 public:
  explicit RandomRun(uint64_t seed) : rng_(seed) {
    for (const Org& org : world_.orgs()) {
      ancestors_[org.id] = world_.Ancestors(org.id);
      org_ids_.push_back(org.id);
    }
  }

  // Runs one sequence; returns false (after recording a failure) when an invariant broke.
  bool RunSequence() {
    trace_.str("");
    trace_steps_.clear();
    const bool four = Chance(0.5);
    const std::string chain_id = four ? "4-level" : "3-level";
    std::string award;
    do {
      // The state award needs the longest journeys: draw it more often.
      award = Chance(0.3) ? "BK_TTG" : world_.AwardCodes()[Pick(world_.AwardCodes().size())];
    } while (!four && award == "GK_HUYEN");
    const std::vector<std::string> units = world_.UnitsOf(chain_id);
    const std::string unit = units[Pick(units.size())];
    absl::StatusOr<Transition> created = CreateDossier(
        cmd::Create{.dossier_id = "hs", .origin_org_id = unit, .origin_level = OrgLevel::kUnit,
                    .decided_by_unit_head = award == "LDTT" && Chance(0.2)},
        BindActor({"sub", {{Role::kSubmitter, unit}}}, unit, unit, ancestors_[unit]),
        world_.CreateContext(chain_id, award, now_, policy_));
    if (!created.ok()) {
      ADD_FAILURE() << "create " << chain_id << " " << award << ": " << created.status();
      return false;
    }
    DossierSnapshot d = created->dossier;
    deadline_model_ = DeadlineStatus{};
    trace_ << chain_id << " " << award << " @" << unit << "\n";
    if (!CheckInvariants(d)) return false;

    const int steps = 4 + static_cast<int>(Pick(60));
    for (int step = 0; step < steps && !Finished(d); ++step) {
      const CommandKind kind = ChooseKind(d);
      const ActorContext actor = ChooseActor(kind, d);
      const Command command = MakeCommand(kind, d);
      const TransitionContext context = ContextFor(d);
      const DossierSnapshot before = d;
      absl::StatusOr<Transition> t = ApplyCommand(d, command, actor, context);
      ++applied_;
      // Kept compact and formatted only on failure: formatting every step would dominate the run time.
      trace_steps_.push_back(TraceStep{kind, d.state, t.ok() ? t->dossier.state : d.state, actor.id,
                                       t.ok() ? absl::Status() : t.status()});
      if (!t.ok()) {
        ++refused_;
        ++refusal_count_[std::string(ReasonCodeName(ReasonOf(t.status()).value_or(ReasonCode::kWrongState)))];
        if (!(d == before) || !ReasonOf(t.status()).has_value() || t.status().message().empty()) {
          return Fail("refused command changed the snapshot or lacks a reason");
        }
        continue;
      }
      if (t->dossier.version != d.version + 1) return Fail("version did not increase by exactly one");
      // Every accepted command has an event, except the recalculation after a calendar change (effects.h).
      if (t->effects.events.empty() && KindOf(command) != CommandKind::kRecalculateDeadline) {
        return Fail("accepted command without an event");
      }
      if (KindOf(command) == CommandKind::kRecalculateDeadline &&
          (t->dossier.state != d.state || t->effects.deadline_ops.size() != 1)) {
        return Fail("a recalculation changed the state or did not recount exactly one deadline");
      }
      const bool holder_changed = t->dossier.holder_org_id != d.holder_org_id;
      if (holder_changed != t->effects.new_holder_org_id.has_value() ||
          (holder_changed && *t->effects.new_holder_org_id != t->dossier.holder_org_id)) {
        return Fail("new_holder_org_id disagrees with the snapshot");
      }
      if (!ApplyDeadlineOps(t->effects.deadline_ops)) return Fail("deadline operations out of order");
      d = std::move(t)->dossier;
      ++state_count_[static_cast<size_t>(d.state)];
      if (!CheckInvariants(d)) return false;
    }
    return true;
  }

  int64_t applied() const { return applied_; }
  int64_t refused() const { return refused_; }
  const std::array<int64_t, kDossierStateCount>& state_count() const { return state_count_; }

 private:
  bool Chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p; }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  // WITHDRAWN accepts nothing more; a PUBLISHED dossier only a complaint, which is drawn often enough elsewhere.
  bool Finished(const DossierSnapshot& d) {
    return d.state == S::kWithdrawn || (d.state == S::kPublished && Chance(0.7));
  }

  // How often a command is drawn among those the table allows: moves that end or rewind a dossier are rarer,
  // so that sequences reach the far states (FORWARDED_EXTERNAL needs about forty accepted commands).
  static double Weight(CommandKind kind) {
    switch (kind) {
      case CommandKind::kWithdraw: return 0.02;
      case CommandKind::kReject: return 0.05;
      case CommandKind::kReturnForSupplement: return 0.1;
      case CommandKind::kRemoveDocument: return 0.1;
      case CommandKind::kEscalate: return 0.1;
      case CommandKind::kRecalculateDeadline: return 0.1;
      case CommandKind::kAttachDocument: return 0.5;
      default: return 1.0;
    }
  }

  // Mostly a command some row allows in this state (so sequences go deep), sometimes any command.
  CommandKind ChooseKind(const DossierSnapshot& d) {
    if (Chance(0.85)) {
      // Voting takes several ballots: weight cast vote up so that votes reach quorum.
      if (d.vote && d.vote->participants() < static_cast<int>(d.vote->eligible_members().size()) && Chance(0.7)) {
        return CommandKind::kCastVote;
      }
      // Mostly the move that fits the level, so that the wrong one stays a minority of the refusals.
      const bool council = world_.Chain(d.chain_id).levels[static_cast<size_t>(d.level_index)].council_votes;
      if (d.state == S::kCouncilVoting && Chance(0.7)) {
        return d.vote ? CommandKind::kCloseVote : CommandKind::kOpenVote;
      }
      if (d.state == S::kUnderReview && Chance(0.5)) {
        return council ? CommandKind::kSendToCouncil : CommandKind::kForward;
      }
      std::vector<CommandKind> allowed;
      std::vector<double> weights;
      for (const TransitionRule& rule : TransitionRules()) {
        if (rule.from.Contains(d.state) && RuleEnabled(rule, policy_)) {
          allowed.push_back(rule.command);
          weights.push_back(Weight(rule.command));
        }
      }
      if (!allowed.empty()) {
        return allowed[std::discrete_distribution<size_t>(weights.begin(), weights.end())(rng_)];
      }
    }
    return static_cast<CommandKind>(Pick(kCommandKindCount));
  }

  // Mostly the actor a rule names, sometimes a random role at a random organisation (or the system).
  ActorContext ChooseActor(CommandKind kind, const DossierSnapshot& d) {
    const ChainLevel& level = world_.Chain(d.chain_id).levels[static_cast<size_t>(d.level_index)];
    if (Chance(0.85)) {
      for (const TransitionRule& rule : TransitionRules()) {
        if (rule.command != kind || !rule.from.Contains(d.state)) continue;
        if (rule.who.Contains(Authority::kSystem)) return ActorContext::System("scheduler");
        if (rule.who.Contains(Authority::kCouncilMember)) {
          // Mostly a member who has not voted yet; sometimes a repeat or someone outside the list.
          std::string member = "m" + std::to_string(Pick(6)) + "@" + d.holder_org_id;
          if (d.vote && Chance(0.8)) {
            for (const std::string& m : d.vote->eligible_members()) {
              if (!d.vote->HasVoted(m)) member = m;
            }
          }
          return Bind({member, {{Role::kCouncilMember, d.holder_org_id}}}, d);
        }
        Role role = Role::kSubmitter;
        if (rule.who.Contains(Authority::kLevelAppraiser)) role = level.appraiser_role;
        if (rule.who.Contains(Authority::kCouncilChair)) role = Role::kCouncilChair;
        if (rule.who.Contains(Authority::kDecider)) role = Role::kDecider;
        const std::string& org =
            rule.where.Contains(OrgRelation::kOriginUnit) ? d.origin_org_id : d.holder_org_id;
        return Bind({"p-" + org, {{role, org}}}, d);
      }
    }
    if (Chance(0.1)) return ActorContext::System("scheduler");
    const std::string& org = Chance(0.5) ? d.holder_org_id : org_ids_[Pick(org_ids_.size())];
    return Bind({"m" + std::to_string(Pick(4)) + "@" + org, {{kRoles[Pick(kRoles.size())], org}}}, d);
  }

  Command MakeCommand(CommandKind kind, const DossierSnapshot& d) {
    const bool bad = Chance(0.05);  // blank reasons, missing decision fields, …
    const std::string reason = bad ? "" : "Lý do kiểm thử";
    const absl::CivilDay today = VietnamDate(now_);
    switch (kind) {
      case CommandKind::kCreate: return cmd::Create{.dossier_id = "x", .origin_org_id = d.origin_org_id};
      case CommandKind::kAttachDocument:
      {
        // Mostly a required kind still missing, so that submissions go through.
        std::string kind = Chance(0.5) ? "TO_TRINH" : Chance(0.8) ? "BAO_CAO_THANH_TICH" : "PHU_LUC";
        if (Chance(0.8)) {
          for (const std::string& required : world_.Award(d.award_code).required_documents) {
            if (std::none_of(d.documents.begin(), d.documents.end(),
                             [&](const DocumentRef& doc) { return doc.kind == required; })) {
              kind = required;
            }
          }
        }
        return cmd::AttachDocument{.document_id = "doc-" + std::to_string(d.documents.size() + Pick(2)),
                                   .kind = std::move(kind)};
      }
      case CommandKind::kRemoveDocument:
        return cmd::RemoveDocument{.document_id = "doc-" + std::to_string(Pick(6))};
      case CommandKind::kSubmit: return cmd::Submit{};
      case CommandKind::kAccept: return cmd::Accept{};
      case CommandKind::kReturnForSupplement: return cmd::ReturnForSupplement{.reason = reason};
      case CommandKind::kResubmit: return cmd::Resubmit{};
      case CommandKind::kSendToCouncil: return cmd::SendToCouncil{};
      case CommandKind::kOpenVote: {
        std::vector<std::string> members;
        const size_t n = bad ? 0 : 3 + Pick(3);
        for (size_t i = 0; i < n; ++i) members.push_back("m" + std::to_string(i) + "@" + d.holder_org_id);
        return cmd::OpenVote{.eligible_members = std::move(members)};
      }
      case CommandKind::kCastVote: {
        // Mostly yes, so that dossiers climb; enough no and abstain to reject some.
        const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
        return cmd::CastVote{.ballot = r < 0.8 ? Ballot::kYes : r < 0.9 ? Ballot::kNo : Ballot::kAbstain};
      }
      case CommandKind::kCloseVote: return cmd::CloseVote{};
      case CommandKind::kForward: return cmd::Forward{};
      case CommandKind::kDecide:
        return cmd::Decide{.number = bad ? "" : "1/QĐ", .date = today, .signer = "Người ký"};
      case CommandKind::kRecordExternalOutcome: {
        const bool granted = Chance(0.6);
        return cmd::RecordExternalOutcome{.granted = granted,
                                          .issuing_body = "Thủ tướng Chính phủ",
                                          .decision_number = bad ? "" : "2/QĐ-TTg",
                                          .decision_date = today,
                                          .signer = "Phó Thủ tướng",
                                          .reason = granted ? "" : reason};
      }
      case CommandKind::kPublish: return cmd::Publish{};
      case CommandKind::kReject: return cmd::Reject{.reason = reason};
      case CommandKind::kWithdraw: return cmd::Withdraw{};
      case CommandKind::kComplain: return cmd::Complain{.reason = reason};
      case CommandKind::kEscalate:
        return cmd::Escalate{.level_index = Chance(0.9) ? d.level_index : d.level_index + 1,
                             .overdue_working_days = 1};
      case CommandKind::kRecalculateDeadline: return cmd::RecalculateDeadline{};
    }
    return cmd::Submit{};
  }

  TransitionContext ContextFor(const DossierSnapshot& d) {
    const ChainDefinition& chain = world_.Chain(d.chain_id);
    std::string next_org;
    const auto next = static_cast<size_t>(d.level_index) + 1;
    if (next < chain.levels.size()) {
      for (const std::string& a : ancestors_[d.holder_org_id]) {
        if (world_.OrgById(a).level == chain.levels[next].org_level) next_org = a;
      }
    }
    return TransitionContext{.chain = chain, .award = world_.Award(d.award_code), .now = now_,
                             .next_level_org_id = std::move(next_org), .expected_version = d.version,
                             .policy = policy_};
  }

  ActorContext Bind(const Actor& actor, const DossierSnapshot& d) {
    return BindActor(actor, d.holder_org_id, d.origin_org_id, ancestors_[d.holder_org_id]);
  }

  bool ApplyDeadlineOps(const std::vector<DeadlineOp>& ops) {
    for (const DeadlineOp& op : ops) {
      DeadlineStatus& m = deadline_model_;
      switch (op.kind) {
        case DeadlineOpKind::kStart:
          if (m.mode != DeadlineMode::kNone || op.working_days <= 0) return false;
          m = {DeadlineMode::kRunning, op.level_index};
          break;
        case DeadlineOpKind::kPause:
          if (m.mode != DeadlineMode::kRunning || m.level_index != op.level_index) return false;
          m.mode = DeadlineMode::kPaused;
          break;
        case DeadlineOpKind::kResume:
          if (m.mode != DeadlineMode::kPaused || m.level_index != op.level_index) return false;
          m.mode = DeadlineMode::kRunning;
          break;
        case DeadlineOpKind::kClear:
          if (m.mode == DeadlineMode::kNone || m.level_index != op.level_index) return false;
          m = DeadlineStatus{};
          break;
        case DeadlineOpKind::kRecalculate:
          if (m.mode == DeadlineMode::kNone || m.level_index != op.level_index) return false;
          break;
      }
    }
    return true;
  }

  bool CheckInvariants(const DossierSnapshot& d) {
    if (static_cast<int>(d.state) >= kDossierStateCount) return Fail("state");
    const ChainDefinition& chain = world_.Chain(d.chain_id);
    if (d.level_index < d.origin_level_index || static_cast<size_t>(d.level_index) >= chain.levels.size()) {
      return Fail("level index outside [origin, last]");
    }
    if (d.deciding_level_index && d.level_index > *d.deciding_level_index) return Fail("above the deciding level");
    const Org& holder = world_.OrgById(d.holder_org_id);
    if (holder.level != chain.levels[static_cast<size_t>(d.level_index)].org_level || holder.chain_id != d.chain_id) {
      return Fail("holder is not at the snapshot's chain level");
    }
    const std::vector<std::string>& up = ancestors_[d.origin_org_id];
    if (d.holder_org_id != d.origin_org_id && std::find(up.begin(), up.end(), d.holder_org_id) == up.end()) {
      return Fail("holder is neither the origin nor its ancestor");
    }
    const DeadlineStatus expected =
        kDeadlineRunningStates.Contains(d.state)  ? DeadlineStatus{DeadlineMode::kRunning, d.level_index}
        : kDeadlinePausedStates.Contains(d.state) ? DeadlineStatus{DeadlineMode::kPaused, d.level_index}
                                                  : DeadlineStatus{};
    if (!(d.deadline == expected)) return Fail("deadline does not match the state");
    if (!(deadline_model_ == d.deadline)) return Fail("deadline operations disagree with the snapshot");
    if (kDecisionStates.Contains(d.state) != d.decision.has_value()) return Fail("decision presence");
    if (d.state == S::kAwaitingDecision && d.deciding_level_index != d.level_index) return Fail("decided elsewhere");
    if (d.state == S::kForwardedExternal &&
        (d.deciding_level_index || static_cast<size_t>(d.level_index) + 1 != chain.levels.size())) {
      return Fail("forwarded external before the last level");
    }
    if (d.vote) {
      const CouncilVote& v = *d.vote;
      if (d.state != S::kCouncilVoting) return Fail("open vote outside COUNCIL_VOTING");
      const std::vector<std::string> voters = v.Voters();
      if (v.participants() != static_cast<int>(voters.size()) || voters.size() > v.eligible_members().size() ||
          v.voted.size() != v.eligible_members().size()) {
        return Fail("ballots do not match the voter set, or more ballots than eligible members");
      }
      for (const std::string& voter : voters) {
        if (!v.IsEligible(voter) || !v.HasVoted(voter)) return Fail("a voter is not eligible");
      }
      if (!std::is_sorted(v.eligible_members().begin(), v.eligible_members().end()) ||
          std::adjacent_find(v.eligible_members().begin(), v.eligible_members().end()) !=
              v.eligible_members().end()) {
        return Fail("eligible members not a set");
      }
    }
    return true;
  }

  bool Fail(std::string_view what) {
    for (const TraceStep& step : trace_steps_) {
      trace_ << "  " << CommandKindCode(step.kind) << " by " << step.actor << " in " << DossierStateCode(step.from)
             << " → " << (step.status.ok() ? std::string(DossierStateCode(step.to)) : step.status.ToString())
             << "\n";
    }
    ADD_FAILURE() << what << " (seed " << kSeed << ")\n" << trace_.str();
    return false;
  }

  struct TraceStep {
    CommandKind kind;
    S from;
    S to;
    std::string actor;
    absl::Status status;
  };
  std::vector<TraceStep> trace_steps_;

  World world_;
  TransitionPolicy policy_;
  std::mt19937_64 rng_;
  absl::Time now_ = TestNow();
  std::map<std::string, std::vector<std::string>, std::less<>> ancestors_;
  std::vector<std::string> org_ids_;
  DeadlineStatus deadline_model_;
  std::ostringstream trace_;
  int64_t applied_ = 0;
  int64_t refused_ = 0;
  std::array<int64_t, kDossierStateCount> state_count_{};
  std::map<std::string, int64_t> refusal_count_;

 public:
  const std::map<std::string, int64_t>& refusal_count() const { return refusal_count_; }
};

TEST(TransitionRandomTest, InvariantsHoldOverRandomCommandSequences) {
  RandomRun run(kSeed);
  for (int i = 0; i < kSequences; ++i) {
    if (!run.RunSequence()) break;
  }
  std::ostringstream reached;
  for (int s = 0; s < kDossierStateCount; ++s) {
    reached << DossierStateCode(static_cast<S>(s)) << "=" << run.state_count()[static_cast<size_t>(s)] << " ";
    // A state never reached would make its invariants untested.
    EXPECT_GT(run.state_count()[static_cast<size_t>(s)], 100) << DossierStateCode(static_cast<S>(s));
  }
  for (const auto& [reason, count] : run.refusal_count()) reached << "\n  refused " << reason << "=" << count;
  std::cout << kSequences << " sequences, " << run.applied() << " commands, " << run.refused() << " refused\n"
            << reached.str() << "\n";
  EXPECT_GT(run.refused(), run.applied() / 20);  // the refusal paths were exercised too
}

}  // namespace
}  // namespace tdkt::workflow
