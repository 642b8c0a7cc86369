// The pure rules of emulation blocs: the pledge's criteria, the head's rotation, a scoring's scores, and the
// ranking — totals, the tie-break along the criteria, shared ranks and the proposal at the last place.
#include "services/campaign/bloc_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace tdkt::campaign {
namespace {

using ::testing::HasSubstr;

tdkt::v1::Bloc BlocOf(std::vector<std::string> members, std::vector<std::pair<int, int>> criteria, int places = 1) {
  tdkt::v1::Bloc bloc;
  for (const std::string& org : members) bloc.add_members()->set_org_id(org);
  for (size_t i = 0; i < criteria.size(); ++i) {
    tdkt::v1::BlocCriterion* c = bloc.add_criteria();
    c->set_code(absl::StrCat("C", i + 1));
    c->set_name_vi(absl::StrCat("Tiêu chí ", i + 1));
    c->set_weight(criteria[i].first);
    c->set_max_score(criteria[i].second);
  }
  bloc.set_award_places(places);
  return bloc;
}

std::vector<std::string> Order(const tdkt::v1::BlocRanking& ranking) {
  std::vector<std::string> out;
  for (const auto& row : ranking.rows()) out.push_back(absl::StrCat(row.org_id(), ":", row.rank(), row.proposed() ? "*" : ""));
  return out;
}

TEST(BlocRulesTest, CriteriaWeightsSumTo100AndEachHasAMaximum) {
  tdkt::v1::Bloc bloc = BlocOf({}, {{60, 10}, {40, 100}});
  EXPECT_TRUE(CheckCriteria(bloc.criteria()).ok());
  bloc.mutable_criteria(1)->set_weight(39);
  EXPECT_THAT(CheckCriteria(bloc.criteria()).message(), HasSubstr("phải bằng 100, hiện là 99"));
  bloc.mutable_criteria(1)->set_weight(40);
  bloc.mutable_criteria(1)->set_max_score(0);
  EXPECT_THAT(CheckCriteria(bloc.criteria()).message(), HasSubstr("criteria[1].max_score"));
  bloc.mutable_criteria(1)->set_max_score(10);
  bloc.mutable_criteria(1)->set_code("C1");
  EXPECT_THAT(CheckCriteria(bloc.criteria()).message(), HasSubstr("bị lặp lại"));
  EXPECT_FALSE(CheckCriteria(BlocOf({}, {}).criteria()).ok());
}

TEST(BlocRulesTest, TheHeadPassesToTheNextMemberOfLastYearStillInTheBloc) {
  tdkt::v1::Bloc last = BlocOf({"A", "B", "C", "D"}, {});
  last.set_head_org_id("B");
  EXPECT_EQ(RotatedHead(last, {"A", "B", "C", "D"}), "C");
  EXPECT_EQ(RotatedHead(last, {"A", "B", "D"}), "D") << "C left: the next one still there";
  last.set_head_org_id("D");
  EXPECT_EQ(RotatedHead(last, {"A", "B", "C", "D"}), "A") << "wraps around";
  EXPECT_EQ(RotatedHead(last, {"X", "Y"}), "X") << "nobody of last year: the first member";
  EXPECT_EQ(RotatedHead(last, {}), "");
}

TEST(BlocRulesTest, ScoresComeOncePerCriterionWithinTheirMaximum) {
  const tdkt::v1::Bloc bloc = BlocOf({"A", "B"}, {{60, 10}, {40, 100}});
  google::protobuf::RepeatedPtrField<tdkt::v1::CriterionScore> scores;
  auto add = [&](const std::string& code, int score) {
    tdkt::v1::CriterionScore* s = scores.Add();
    s->set_criterion_code(code);
    s->set_score(score);
  };
  add("C2", 70);
  add("C1", 9);
  EXPECT_EQ(*ScoresInPledgeOrder(bloc, scores), (std::vector<int>{9, 70})) << "in the pledge's order";
  scores.Mutable(1)->set_score(11);
  EXPECT_THAT(ScoresInPledgeOrder(bloc, scores).status().message(), HasSubstr("từ 0 đến 10"));
  scores.Mutable(1)->set_criterion_code("C2");
  EXPECT_THAT(ScoresInPledgeOrder(bloc, scores).status().message(), HasSubstr("hai lần"));
}

TEST(BlocRulesTest, TotalsAverageTheScoringsReceivedAndTiesGoAlongTheCriteria) {
  // Weights 60 / 40, maxima 10 / 100.
  const tdkt::v1::Bloc bloc = BlocOf({"A", "B", "C", "D"}, {{60, 10}, {40, 100}}, 2);
  const std::vector<ScoringRow> scorings = {
      {"B", "A", {10, 50}}, {"C", "A", {6, 100}},  // A: (80 + 76) / 2 = 78
      {"A", "B", {8, 75}},  {"C", "B", {8, 75}},   // B: 78 as well, but 48 on C1 against A's 48 … equal, 30 on C2
      {"A", "C", {5, 100}}, {"B", "C", {5, 100}},  // C: 70
      {"A", "D", {9, 60}},                         // D: 54 + 24 = 78: C1 54 beats A's and B's 48
  };
  const tdkt::v1::BlocRanking ranking = RankBloc(bloc, scorings);
  ASSERT_EQ(ranking.rows_size(), 4);
  EXPECT_NEAR(ranking.rows(0).total(), 78.0, 1e-9);
  // D wins the tie on the first criterion; A and B tie on both criteria (48, 30) and share second place, which
  // is the last place proposed: both are proposed.
  EXPECT_EQ(Order(ranking), (std::vector<std::string>{"D:1*", "A:2*", "B:2*", "C:4"}));
  EXPECT_EQ(ranking.scorings_expected(), 12);
  EXPECT_EQ(ranking.scorings_received(), 7);

  const tdkt::v1::BlocRanking unscored = RankBloc(bloc, {{"A", "B", {0, 0}}});
  EXPECT_EQ(Order(unscored), (std::vector<std::string>{"B:1*", "A:2", "C:2", "D:2"}))
      << "a member nobody scored ranks after the scored ones and is not proposed";
}

}  // namespace
}  // namespace tdkt::campaign
