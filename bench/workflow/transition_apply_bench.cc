// Cost of one state-machine step (ApplyCommand) on a realistic snapshot, against copying that snapshot — the
// floor of any pure "old snapshot in, new snapshot out" step. Ids are 36-character UUID strings, as stored.
//
//   build-wf/bench/workflow/transition_apply_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/clock.h"  // workflow/clock.h uses absl::Now without including it
#include "benchmark/benchmark.h"
#include "workflow/vietnam_time.h"
#include "workflow/transition.h"

namespace tdkt::workflow {
namespace {

std::string Uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "6f1c2a9e-0d4b-4c1e-9a7f-%012d", n);
  return buf;
}

const std::string kUnit = Uuid(1);
const std::string kCommune = Uuid(2);

ChainDefinition Chain() {
  ChainDefinition chain;
  chain.id = "3-level";
  chain.version = 1;
  chain.valid_from = absl::CivilDay(2025, 7, 1);
  ChainLevel unit;
  unit.org_level = OrgLevel::kUnit;
  ChainLevel commune;
  commune.org_level = OrgLevel::kCommune;
  ChainLevel province;
  province.org_level = OrgLevel::kProvince;
  province.appraisal_working_days = 25;
  chain.levels = {unit, commune, province};
  return chain;
}

AwardDefinition Award() {
  AwardDefinition award;
  award.code = "BK_TINH";
  award.name_vi = "Bằng khen của Chủ tịch UBND tỉnh";
  award.deciding_level = OrgLevel::kProvince;
  award.proposing_levels = {OrgLevel::kUnit};
  award.required_documents = {"TO_TRINH", "BAO_CAO_THANH_TICH", "BIEN_BAN"};
  award.valid_from = absl::CivilDay(2025, 1, 1);
  return award;
}

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2025, 9, 15, 8, 0, 0), VietnamTimeZone());

// Aborts on a refused setup step: a benchmark of the wrong path would be meaningless.
DossierSnapshot Must(absl::StatusOr<Transition> t) {
  if (!t.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", t.status().ToString().c_str());
    std::abort();
  }
  return t->dossier;
}

struct Setup {
  ChainDefinition chain = Chain();
  AwardDefinition award = Award();
  ActorContext submitter;
  ActorContext unit_appraiser;
  ActorContext unit_chair;
  std::vector<std::string> members;
  DossierSnapshot submitted;  // SUBMITTED at the unit, three documents
  DossierSnapshot voting;     // COUNCIL_VOTING at the unit, 15 eligible members, 7 ballots cast

  TransitionContext Context() const {
    return TransitionContext{.chain = chain, .award = award, .now = kNow, .next_level_org_id = kCommune,
                             .expected_version = std::nullopt, .policy = {}};
  }

  ActorContext Member(int i) const {
    return BindActor(Actor{members[static_cast<size_t>(i)], {{Role::kCouncilMember, kUnit}}}, kUnit, kUnit, {kCommune});
  }

  Setup() {
    submitter = BindActor(Actor{Uuid(100), {{Role::kSubmitter, kUnit}}}, kUnit, kUnit, {kCommune});
    unit_appraiser = BindActor(Actor{Uuid(101), {{Role::kAppraiser, kUnit}}}, kUnit, kUnit, {kCommune});
    unit_chair = BindActor(Actor{Uuid(102), {{Role::kCouncilChair, kUnit}}}, kUnit, kUnit, {kCommune});
    for (int i = 0; i < 15; ++i) members.push_back(Uuid(200 + i));
    const TransitionContext context = Context();
    DossierSnapshot d = Must(CreateDossier(
        cmd::Create{.dossier_id = Uuid(9), .origin_org_id = kUnit, .origin_level = OrgLevel::kUnit}, submitter,
        context));
    int n = 0;
    for (const std::string& kind : award.required_documents) {
      d = Must(ApplyCommand(d, cmd::AttachDocument{.document_id = Uuid(300 + n++), .kind = kind}, submitter, context));
    }
    submitted = d = Must(ApplyCommand(d, cmd::Submit{}, submitter, context));
    d = Must(ApplyCommand(d, cmd::Accept{}, unit_appraiser, context));
    d = Must(ApplyCommand(d, cmd::SendToCouncil{}, unit_appraiser, context));
    d = Must(ApplyCommand(d, cmd::OpenVote{.eligible_members = members}, unit_chair, context));
    for (int i = 0; i < 7; ++i) d = Must(ApplyCommand(d, cmd::CastVote{.ballot = Ballot::kYes}, Member(i), context));
    voting = d;
  }
};

const Setup& TheSetup() {
  static const Setup* setup = new Setup();
  return *setup;
}

void BM_CopySubmittedSnapshot(benchmark::State& state) {
  const Setup& s = TheSetup();
  for (auto _ : state) {
    DossierSnapshot copy = s.submitted;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_CopySubmittedSnapshot);

void BM_ApplyAccept(benchmark::State& state) {
  const Setup& s = TheSetup();
  const TransitionContext context = s.Context();
  const Command command = cmd::Accept{};
  for (auto _ : state) {
    absl::StatusOr<Transition> t = ApplyCommand(s.submitted, command, s.unit_appraiser, context);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_ApplyAccept);

void BM_CopyVotingSnapshot(benchmark::State& state) {
  const Setup& s = TheSetup();
  for (auto _ : state) {
    DossierSnapshot copy = s.voting;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_CopyVotingSnapshot);

void BM_ApplyCastVote(benchmark::State& state) {
  const Setup& s = TheSetup();
  const TransitionContext context = s.Context();
  const ActorContext voter = s.Member(7);  // has not voted yet
  const Command command = cmd::CastVote{.ballot = Ballot::kNo};
  for (auto _ : state) {
    absl::StatusOr<Transition> t = ApplyCommand(s.voting, command, voter, context);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_ApplyCastVote);

// The refusal path builds a Vietnamese message and a status payload; it is not on the hot path, measured for
// completeness.
void BM_RefuseWrongState(benchmark::State& state) {
  const Setup& s = TheSetup();
  const TransitionContext context = s.Context();
  const Command command = cmd::Submit{};
  for (auto _ : state) {
    absl::StatusOr<Transition> t = ApplyCommand(s.voting, command, s.submitter, context);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_RefuseWrongState);

}  // namespace
}  // namespace tdkt::workflow
