// Emulation blocs and pledges (khối thi đua, giao ước thi đua) against real PostgreSQL and the real campaign
// server: a province bloc of five members signs its pledge, every member scores the four others, the head closes
// and the ranking equals the one computed here from the scores sent; the refusals (self-scoring, non-members,
// changes after the freeze, closing by someone other than the head, weights not summing to 100, a member in two
// blocs, a head who is not a member); replays by request id; two concurrent scorings of one pair resolve to one.
#include <algorithm>
#include <map>
#include <random>
#include <thread>

#include "tdkt/v1/bloc.grpc.pb.h"
#include "tests/integration/services/campaign/campaign_world.h"

namespace tdkt::campaign {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kMembers = {"PT-THANHSON", "PT-TANSON", "PT-DONGTAN", "PT-DONGLIEN", "PT-THUCLUYEN"};

class BlocsTest : public CampaignWorld {
 protected:
  void SetUp() override {
    CampaignWorld::SetUp();
    blocs_ = tdkt::v1::BlocService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", campaign_server_->grpc_port()), grpc::InsecureChannelCredentials()));
  }

  // The head (chairman, DECIDER) of a member organisation.
  auto HeadOf(const std::string& org) { return As(absl::StrCat("p-ct-", org), workflow::Role::kDecider, org); }

  static std::vector<tdkt::v1::BlocCriterion> Criteria(std::vector<int> weights = {50, 30, 20}) {
    const std::vector<std::pair<std::string, int>> named = {{"KT-XH", 100}, {"XD-DANG", 50}, {"PT-TD", 10}};
    std::vector<tdkt::v1::BlocCriterion> out;
    for (size_t i = 0; i < weights.size(); ++i) {
      tdkt::v1::BlocCriterion& c = out.emplace_back();
      c.set_code(named[i].first);
      c.set_name_vi(absl::StrCat("Tiêu chí ", i + 1, ": hoàn thành nhiệm vụ được giao"));
      c.set_weight(weights[i]);
      c.set_max_score(named[i].second);
    }
    return out;
  }

  tdkt::v1::Bloc Create(const std::string& request_id, std::vector<std::string> members,
                        const std::string& head = "PT-DONGTAN", int year = 2024,
                        const std::string& previous = "", grpc::StatusCode expect = grpc::StatusCode::OK,
                        const std::string& manager = "PT") {
    tdkt::v1::CreateBlocRequest request;
    request.set_request_id(request_id);
    tdkt::v1::Bloc* b = request.mutable_bloc();
    b->set_name_vi("Khối thi đua các huyện, thị xã");
    b->set_manager_org_id(manager);
    b->set_year(year);
    b->set_head_org_id(head);
    b->set_previous_bloc_id(previous);
    for (const std::string& org : members) b->add_members()->set_org_id(org);
    for (const auto& c : Criteria()) *b->add_criteria() = c;
    tdkt::v1::CreateBlocResponse response;
    const grpc::Status status = blocs_->CreateBloc(Province().get(), request, &response);
    EXPECT_EQ(status.error_code(), expect) << status.error_message();
    last_error_ = status.error_message();
    return response.bloc();
  }

  grpc::Status Sign(const tdkt::v1::Bloc& bloc, const std::string& org, const std::string& request_id = "",
                    int pledge_version = 0, std::unique_ptr<grpc::ClientContext> as = nullptr) {
    tdkt::v1::SignBlocPledgeRequest request;
    request.set_bloc_id(bloc.id());
    request.set_member_org_id(org);
    request.set_pledge_version(pledge_version == 0 ? bloc.pledge_version() : pledge_version);
    request.set_request_id(request_id.empty()
                               ? absl::StrCat("sign-", bloc.id(), "-", org, "-v", request.pledge_version())
                               : request_id);
    tdkt::v1::SignBlocPledgeResponse response;
    const grpc::Status status = blocs_->SignBlocPledge(as ? as.get() : HeadOf(org).get(), request, &response);
    if (status.ok()) signed_ = response.bloc();
    return status;
  }

  tdkt::v1::ScoreBlocMemberRequest Scoring(const tdkt::v1::Bloc& bloc, const std::string& scorer,
                                           const std::string& scored, std::vector<int> scores,
                                           const std::string& request_id = "") {
    tdkt::v1::ScoreBlocMemberRequest request;
    request.set_request_id(request_id.empty() ? absl::StrCat("score-", scorer, "-", scored) : request_id);
    request.set_bloc_id(bloc.id());
    request.set_scorer_org_id(scorer);
    request.set_scored_org_id(scored);
    for (size_t c = 0; c < scores.size(); ++c) {
      tdkt::v1::CriterionScore* s = request.add_scores();
      s->set_criterion_code(bloc.criteria(static_cast<int>(c)).code());
      s->set_score(scores[c]);
    }
    return request;
  }
  grpc::Status Score(const tdkt::v1::ScoreBlocMemberRequest& request,
                     std::unique_ptr<grpc::ClientContext> as = nullptr) {
    tdkt::v1::ScoreBlocMemberResponse response;
    return blocs_->ScoreBlocMember(as ? as.get() : HeadOf(request.scorer_org_id()).get(), request, &response);
  }

  grpc::Status Close(const tdkt::v1::Bloc& bloc, std::unique_ptr<grpc::ClientContext> as,
                     tdkt::v1::CloseBlocScoringResponse* response, const std::string& request_id = "close") {
    tdkt::v1::CloseBlocScoringRequest request;
    request.set_request_id(request_id);
    request.set_bloc_id(bloc.id());
    request.set_expected_version(bloc.version());
    return blocs_->CloseBlocScoring(as.get(), request, response);
  }

  tdkt::v1::Bloc Fetch(const std::string& id) {
    tdkt::v1::GetBlocRequest request;
    request.set_bloc_id(id);
    tdkt::v1::GetBlocResponse response;
    const grpc::Status status = blocs_->GetBloc(Province().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.bloc();
  }

  // A five-member bloc whose pledge every member has signed.
  tdkt::v1::Bloc PledgedBloc() {
    const tdkt::v1::Bloc bloc = Create("bloc-2024", kMembers);
    for (const std::string& org : kMembers) EXPECT_TRUE(Sign(bloc, org).ok()) << org;
    EXPECT_EQ(signed_.state(), tdkt::v1::BLOC_STATE_PLEDGED);
    return signed_;
  }

  std::unique_ptr<tdkt::v1::BlocService::Stub> blocs_;
  tdkt::v1::Bloc signed_;  // the bloc as the last successful signature returned it
  std::string last_error_;
};

TEST_F(BlocsTest, FiveMembersSignScoreEachOtherAndTheHeadClosesWithTheRankingComputedFromTheScoresSent) {
  const tdkt::v1::Bloc created = Create("bloc-2024", kMembers);
  ASSERT_EQ(created.members_size(), 5);
  EXPECT_EQ(created.head_org_id(), "PT-DONGTAN");
  EXPECT_EQ(created.award_code(), "CO_THI_DUA_TINH") << "the province's flag by default";
  EXPECT_EQ(created.award_places(), 1);
  for (size_t i = 0; i < kMembers.size(); ++i) {
    ASSERT_TRUE(Sign(created, kMembers[i]).ok()) << kMembers[i];
    EXPECT_EQ(signed_.state(), i + 1 < kMembers.size() ? tdkt::v1::BLOC_STATE_OPEN : tdkt::v1::BLOC_STATE_PLEDGED)
        << "frozen by the last signature only";
  }
  const tdkt::v1::Bloc bloc = signed_;
  for (const tdkt::v1::BlocMember& m : bloc.members()) EXPECT_EQ(m.signed_by(), absl::StrCat("p-ct-", m.org_id()));

  // Every member scores the four others; the expected totals are computed here, independently.
  std::mt19937 random(2024);
  std::map<std::string, std::vector<double>> received;  // scored → Σ weight × score / max of each scoring
  for (const std::string& scorer : kMembers) {
    for (const std::string& scored : kMembers) {
      if (scorer == scored) continue;
      const std::vector<int> scores = {static_cast<int>(random() % 101), static_cast<int>(random() % 51),
                                       static_cast<int>(random() % 11)};
      ASSERT_TRUE(Score(Scoring(bloc, scorer, scored, scores)).ok()) << scorer << " → " << scored;
      received[scored].push_back(50.0 * scores[0] / 100 + 30.0 * scores[1] / 50 + 20.0 * scores[2] / 10);
    }
  }
  std::vector<std::pair<double, std::string>> expected;
  for (const auto& [org, totals] : received) {
    double sum = 0;
    for (double t : totals) sum += t;
    expected.emplace_back(sum / totals.size(), org);
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 1; i < expected.size(); ++i) ASSERT_GT(expected[i - 1].first - expected[i].first, 1e-6) << "no ties";

  tdkt::v1::CloseBlocScoringResponse closed;
  EXPECT_EQ(Close(bloc, HeadOf("PT-THANHSON"), &closed, "close-by-member").error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "a member that is not the head";
  EXPECT_EQ(Close(bloc, Province(), &closed, "close-by-province").error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << "the head collects, not the managing body";
  ASSERT_EQ(Fetch(bloc.id()).state(), tdkt::v1::BLOC_STATE_PLEDGED);
  const grpc::Status status = Close(bloc, HeadOf("PT-DONGTAN"), &closed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(closed.bloc().state(), tdkt::v1::BLOC_STATE_CLOSED);
  ASSERT_EQ(closed.ranking().rows_size(), 5);
  for (int i = 0; i < 5; ++i) {
    const tdkt::v1::BlocRankingRow& row = closed.ranking().rows(i);
    EXPECT_EQ(row.org_id(), expected[i].second) << "place " << i + 1;
    EXPECT_NEAR(row.total(), expected[i].first, 1e-9) << row.org_id();
    EXPECT_EQ(row.rank(), i + 1);
    EXPECT_EQ(row.scorings_received(), 4);
    EXPECT_EQ(row.proposed(), i == 0) << "one Cờ thi đua per bloc by default";
  }
  EXPECT_EQ(closed.ranking().scorings_received(), 20);
  EXPECT_EQ(closed.ranking().closed_by(), "p-ct-PT-DONGTAN");

  tdkt::v1::GetBlocRankingRequest get;
  get.set_bloc_id(bloc.id());
  tdkt::v1::GetBlocRankingResponse shown;
  ASSERT_TRUE(blocs_->GetBlocRanking(HeadOf("PT-TANSON").get(), get, &shown).ok());
  EXPECT_EQ(shown.ranking().SerializeAsString(), closed.ranking().SerializeAsString()) << "the fixed ranking";
  EXPECT_EQ(shown.scorings_size(), 20);
  EXPECT_EQ(blocs_->GetBlocRanking(As("p-vt-kt", workflow::Role::kSubmitter, "PT-KIMTHUONG").get(), get, &shown)
                .error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "an organisation outside the bloc does not see it";

  EXPECT_EQ(Score(Scoring(bloc, "PT-TANSON", "PT-DONGTAN", {1, 1, 1}, "late-score")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "no scoring after closing";
  EXPECT_EQ(Count("campaign.bloc_event", absl::StrCat("bloc_id = '", bloc.id(), "'")), 1 + 5 + 1 + 20 + 1)
      << "created, five signatures, frozen, twenty scorings, closed";
}

TEST_F(BlocsTest, RefusalsChangeNothing) {
  // Set-up refusals.
  Create("head-outside", kMembers, "PT-KIMTHUONG", 2024, "", grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(last_error_, HasSubstr("Khối trưởng"));
  Create("member-outside", {"PT-DONGTAN", "PT-KIMTHUONG"}, "PT-DONGTAN", 2024, "", grpc::StatusCode::INVALID_ARGUMENT,
         "PT-THANHSON");
  EXPECT_THAT(last_error_, HasSubstr("không trực thuộc đơn vị quản lý khối"));
  EXPECT_EQ(Count("campaign.bloc"), 0);

  const tdkt::v1::Bloc bloc = Create("bloc-2024", kMembers);
  Create("second-bloc", {"PT-KIMTHUONG", "PT-DONGTAN"}, "PT-KIMTHUONG", 2024, "",
         grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(last_error_, HasSubstr("PT-DONGTAN đã là thành viên của một khối thi đua"));
  EXPECT_EQ(Count("campaign.bloc"), 1);
  EXPECT_EQ(Count("campaign.bloc_member"), 5);

  tdkt::v1::SetBlocPledgeRequest pledge;
  pledge.set_request_id("pledge-90");
  pledge.set_bloc_id(bloc.id());
  pledge.set_expected_version(bloc.version());
  for (const auto& c : Criteria({50, 30, 10})) *pledge.add_criteria() = c;
  tdkt::v1::SetBlocPledgeResponse pledged;
  grpc::Status status = blocs_->SetBlocPledge(Province().get(), pledge, &pledged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("phải bằng 100, hiện là 90"));
  EXPECT_EQ(blocs_->SetBlocPledge(HeadOf("PT-DONGTAN").get(), pledge, &pledged).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "bad input is refused before anything else";

  // Signing refusals, and a pledge changed after a signature withdraws it.
  EXPECT_EQ(Sign(bloc, "PT-KIMTHUONG").error_code(), grpc::StatusCode::FAILED_PRECONDITION) << "not a member";
  EXPECT_EQ(Sign(bloc, "PT-TANSON", "tanson-by-other", 0, HeadOf("PT-DONGTAN")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "only the member's own people sign for it";
  ASSERT_TRUE(Sign(bloc, "PT-TANSON").ok());
  EXPECT_EQ(Sign(bloc, "PT-TANSON", "tanson-again").error_code(), grpc::StatusCode::ALREADY_EXISTS) << "signs once";
  tdkt::v1::SetBlocPledgeRequest change;
  change.set_request_id("pledge-changed");
  change.set_bloc_id(bloc.id());
  change.set_expected_version(bloc.version());
  for (const auto& c : Criteria({40, 40, 20})) *change.add_criteria() = c;
  EXPECT_EQ(blocs_->SetBlocPledge(Province().get(), change, &pledged).error_code(), grpc::StatusCode::ABORTED)
      << "the signature moved the bloc on";
  change.set_expected_version(signed_.version());
  ASSERT_TRUE(blocs_->SetBlocPledge(Province().get(), change, &pledged).ok());
  EXPECT_EQ(pledged.bloc().pledge_version(), 2);
  EXPECT_EQ(Count("campaign.bloc_member", "signed_by IS NOT NULL"), 0) << "signed a text that changed";
  EXPECT_EQ(Sign(bloc, "PT-TANSON", "tanson-old-text", 1).error_code(), grpc::StatusCode::ABORTED)
      << "signing a pledge not read";

  tdkt::v1::SetBlocHeadRequest head;
  head.set_request_id("head-outside");
  head.set_bloc_id(bloc.id());
  head.set_expected_version(pledged.bloc().version());
  head.set_head_org_id("PT-KIMTHUONG");
  tdkt::v1::SetBlocHeadResponse headed;
  EXPECT_EQ(blocs_->SetBlocHead(Province().get(), head, &headed).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "a head who is not a member";

  for (const std::string& org : kMembers) ASSERT_TRUE(Sign(pledged.bloc(), org).ok()) << org;
  const tdkt::v1::Bloc frozen = signed_;
  ASSERT_EQ(frozen.state(), tdkt::v1::BLOC_STATE_PLEDGED);

  // After the freeze: the pledge, the members and the head stay.
  change.set_request_id("pledge-after-freeze");
  change.set_expected_version(frozen.version());
  EXPECT_EQ(blocs_->SetBlocPledge(Province().get(), change, &pledged).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  tdkt::v1::AddBlocMembersRequest add;
  add.set_request_id("add-after-freeze");
  add.set_bloc_id(bloc.id());
  add.set_expected_version(frozen.version());
  add.add_org_ids("PT-KIMTHUONG");
  tdkt::v1::AddBlocMembersResponse added;
  EXPECT_EQ(blocs_->AddBlocMembers(Province().get(), add, &added).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  head.set_request_id("head-after-freeze");
  head.set_expected_version(frozen.version());
  head.set_head_org_id("PT-TANSON");
  EXPECT_EQ(blocs_->SetBlocHead(Province().get(), head, &headed).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // Scoring refusals.
  status = Score(Scoring(frozen, "PT-TANSON", "PT-TANSON", {10, 10, 10}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("không tự chấm"));
  EXPECT_EQ(Score(Scoring(frozen, "PT-TANSON", "PT-KIMTHUONG", {10, 10, 10})).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a non-member is not scored";
  EXPECT_EQ(Score(Scoring(frozen, "PT-KIMTHUONG", "PT-TANSON", {10, 10, 10})).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a non-member does not score";
  EXPECT_EQ(Score(Scoring(frozen, "PT-TANSON", "PT-DONGTAN", {10, 10, 10}), HeadOf("PT-DONGLIEN")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "scoring on behalf of another member";
  status = Score(Scoring(frozen, "PT-TANSON", "PT-DONGTAN", {10, 51, 10}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("từ 0 đến 50"));
  EXPECT_EQ(Score(Scoring(frozen, "PT-TANSON", "PT-DONGTAN", {10, 10})).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "every criterion scored";
  ASSERT_TRUE(Score(Scoring(frozen, "PT-TANSON", "PT-DONGTAN", {10, 10, 10})).ok());
  EXPECT_EQ(Score(Scoring(frozen, "PT-TANSON", "PT-DONGTAN", {90, 40, 9}, "second-opinion")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "a second, different scoring of the pair is refused";
  EXPECT_EQ(Count("campaign.bloc_scoring"), 1);

  tdkt::v1::CloseBlocScoringResponse closed;
  EXPECT_EQ(Close(frozen, HeadOf("PT-DONGTAN"), &closed).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "members nobody has scored yet";
  tdkt::v1::Bloc stale = frozen;
  stale.set_version(frozen.version() - 1);
  EXPECT_EQ(Close(stale, HeadOf("PT-DONGTAN"), &closed, "close-stale").error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Fetch(bloc.id()).state(), tdkt::v1::BLOC_STATE_PLEDGED);
  EXPECT_EQ(Count("campaign.bloc_result"), 0);
}

TEST_F(BlocsTest, ReplaysAnswerTheFirstResponseAndTheHeadRotatesNextYear) {
  const tdkt::v1::Bloc first = Create("bloc-2024", kMembers);
  const tdkt::v1::Bloc replay = Create("bloc-2024", kMembers);
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count("campaign.bloc"), 1);
  Create("bloc-2024", {"PT-THANHSON", "PT-TANSON"}, "PT-TANSON", 2024, "", grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(last_error_, Not(HasSubstr("SQL")));

  for (const std::string& org : kMembers) ASSERT_TRUE(Sign(first, org).ok()) << org;
  const tdkt::v1::Bloc bloc = signed_;
  ASSERT_TRUE(Sign(first, "PT-THANHSON").ok()) << "a replay after the freeze still answers the first response";
  EXPECT_EQ(signed_.state(), tdkt::v1::BLOC_STATE_OPEN) << "the first response, not the current bloc";
  EXPECT_EQ(Count("campaign.bloc_member", "signed_by IS NOT NULL"), 5);

  for (const std::string& scorer : kMembers) {
    for (const std::string& scored : kMembers) {
      if (scorer == scored) continue;
      const auto request = Scoring(bloc, scorer, scored, {80, 40, 8});
      ASSERT_TRUE(Score(request).ok());
      ASSERT_TRUE(Score(request).ok()) << "replayed";
    }
  }
  EXPECT_EQ(Count("campaign.bloc_scoring"), 20);
  tdkt::v1::CloseBlocScoringResponse closed, closed_again;
  ASSERT_TRUE(Close(bloc, HeadOf("PT-DONGTAN"), &closed).ok());
  ASSERT_TRUE(Close(bloc, HeadOf("PT-DONGTAN"), &closed_again).ok());
  EXPECT_EQ(closed_again.SerializeAsString(), closed.SerializeAsString());
  for (const auto& row : closed.ranking().rows()) {
    EXPECT_EQ(row.rank(), 1) << "all equal: a shared first place";
    EXPECT_TRUE(row.proposed()) << "a tie at the last place proposes every tied member";
    EXPECT_NEAR(row.total(), 80.0, 1e-9);
  }

  // Next year's bloc from this one: the head passes to the member after PT-DONGTAN in this year's order.
  const tdkt::v1::Bloc next = Create("bloc-2025", kMembers, "", 2025, bloc.id());
  EXPECT_EQ(next.head_org_id(), "PT-DONGLIEN");
  Create("bloc-2025-b", {"PT-THUCLUYEN"}, "", 2025, bloc.id(),
                                        grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(last_error_, HasSubstr("PT-THUCLUYEN đã là thành viên")) << "already in the 2025 bloc";
}

TEST_F(BlocsTest, TwoConcurrentScoringsOfTheSamePairResolveToExactlyOne) {
  const tdkt::v1::Bloc bloc = PledgedBloc();
  std::vector<std::pair<std::string, std::string>> pairs;  // (scorer, scored): ten of the twenty
  for (const std::string& scorer : kMembers) {
    for (const std::string& scored : kMembers) {
      if (scorer != scored && pairs.size() < 10) pairs.emplace_back(scorer, scored);
    }
  }
  for (int round = 0; round < static_cast<int>(pairs.size()); ++round) {
    const auto& [scorer, scored] = pairs[round];
    std::vector<grpc::Status> results(2);
    std::vector<tdkt::v1::ScoreBlocMemberResponse> responses(2);
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    std::vector<tdkt::v1::ScoreBlocMemberRequest> requests;
    for (int i = 0; i < 2; ++i) {
      contexts.push_back(HeadOf(scorer));
      requests.push_back(Scoring(bloc, scorer, scored, {10 * (i + 1), 5 * (i + 1), i + 1},
                                 absl::StrCat("race-", round, "-", i)));
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back(
          [&, i] { results[i] = blocs_->ScoreBlocMember(contexts[i].get(), requests[i], &responses[i]); });
    }
    for (std::thread& t : threads) t.join();
    const int ok = results[0].ok() + results[1].ok();
    ASSERT_EQ(ok, 1) << "round " << round << ": " << results[0].error_message() << " / "
                     << results[1].error_message();
    const int loser = results[0].ok() ? 1 : 0;
    EXPECT_EQ(results[loser].error_code(), grpc::StatusCode::ALREADY_EXISTS) << "round " << round;
    const std::string pair = absl::StrCat("scorer_org_id = '", scorer, "' AND scored_org_id = '", scored, "'");
    ASSERT_EQ(Count("campaign.bloc_scoring", pair), 1) << "round " << round;
    EXPECT_EQ(Query1(absl::StrCat("SELECT scores[1]::text FROM campaign.bloc_scoring WHERE ", pair)),
              absl::StrCat(responses[1 - loser].scoring().scores(0).score()))
        << "the stored scoring is the winner's";
  }
}

}  // namespace
}  // namespace tdkt::campaign
