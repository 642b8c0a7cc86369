// The council's record of each ballot round stays readable after it closes, for the minutes: the council, who
// was eligible (by name), who voted and when, quorum, threshold, opening and closing times, result and counts —
// never how anyone voted. Every round of the dossier is kept. Only the council chair opens and closes a vote.
#include <algorithm>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "tdkt/v1/events.pb.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierBallotRecord : public DossierJourney {
 protected:
  void ToCouncil(const std::string& org = "U") {
    Start();
    Submit();
    Accept(org);
    SendToCouncil(org);
  }

  static bool Allows(const v1::GetDossierResponse& response, v1::DossierAction action) {
    return std::find(response.allowed_actions().begin(), response.allowed_actions().end(), action) !=
           response.allowed_actions().end();
  }
};

TEST_F(DossierBallotRecord, AClosedRoundKeepsTheCouncilsRecord) {
  ToCouncil();
  const absl::Time opened_at = clock_.Now();
  const v1::Dossier opened = OpenVote("U");
  EXPECT_EQ(opened.vote().council_id(), "council-U");  // while open too
  const std::string vote_id = opened.vote().vote_id();
  clock_.Advance(absl::Minutes(5));
  Cast("m2", "U", vote_id, v1::VOTE_CHOICE_NO);
  const absl::Time m2_voted_at = clock_.Now();
  clock_.Advance(absl::Minutes(5));
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_YES);
  clock_.Advance(absl::Minutes(5));
  const v1::Dossier closed = CloseVote("U", vote_id);
  ASSERT_EQ(closed.state(), v1::DOSSIER_STATE_SUBMITTED);  // passed: now at the commune

  for (const v1::VoteSummary& vote : {closed.vote(), Get(id_).dossier().vote(), Get(id_).votes(0)}) {
    EXPECT_EQ(vote.vote_id(), vote_id);
    EXPECT_EQ(vote.status(), v1::VOTE_STATUS_CLOSED);
    EXPECT_EQ(vote.level(), v1::ORG_LEVEL_UNIT);
    EXPECT_EQ(vote.council_id(), "council-U");
    EXPECT_EQ(vote.eligible_count(), 3);
    EXPECT_EQ(vote.voted_count(), 3);
    EXPECT_NEAR(vote.quorum(), 2.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(vote.pass_threshold(), 0.5);
    EXPECT_FALSE(vote.threshold_counts_all_members());
    EXPECT_EQ(vote.result(), v1::VOTE_RESULT_PASSED);
    EXPECT_EQ(vote.yes_count(), 2);
    EXPECT_EQ(vote.no_count(), 1);
    EXPECT_EQ(vote.abstain_count(), 0);
    EXPECT_EQ(vote.opened_at().seconds(), absl::ToUnixSeconds(opened_at));
    EXPECT_EQ(vote.closed_at().seconds(), absl::ToUnixSeconds(clock_.Now()));
    ASSERT_EQ(vote.participants_size(), 3);
    for (const v1::BallotParticipation& p : vote.participants()) {
      EXPECT_EQ(p.full_name(), FullName(p.person_id()));
      EXPECT_TRUE(p.voted()) << p.person_id();
      EXPECT_TRUE(p.has_voted_at()) << p.person_id();
      if (p.person_id() == "m2@U") {
        EXPECT_EQ(p.voted_at().seconds(), absl::ToUnixSeconds(m2_voted_at));
      }
    }
    // Whose ballot was which is nowhere: a participant has no choice, and the record is the same whatever the
    // order of the ballots.
    EXPECT_EQ(vote.DebugString().find("CHOICE"), std::string::npos);
  }
}

TEST_F(DossierBallotRecord, EveryRoundOfTheDossierIsKept) {
  ToCouncil();
  std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  EXPECT_EQ(CloseVote("U", vote_id).vote().result(), v1::VOTE_RESULT_NO_QUORUM);
  clock_.Advance(absl::Hours(24));  // the next meeting
  const std::string second = OpenVote("U").vote().vote_id();
  ASSERT_NE(second, vote_id);
  for (const char* member : {"chair", "m1", "m2"}) Cast(member, "U", second, v1::VOTE_CHOICE_YES);
  CloseVote("U", second);
  PassLevel("C");  // a round of the commune's council

  const v1::GetDossierResponse full = Get(id_);
  ASSERT_EQ(full.votes_size(), 3);
  EXPECT_EQ(full.votes(0).vote_id(), vote_id);
  EXPECT_EQ(full.votes(0).result(), v1::VOTE_RESULT_NO_QUORUM);
  EXPECT_EQ(full.votes(0).voted_count(), 1);
  EXPECT_EQ(full.votes(0).participants_size(), 3);
  EXPECT_EQ(full.votes(1).vote_id(), second);
  EXPECT_EQ(full.votes(1).result(), v1::VOTE_RESULT_PASSED);
  EXPECT_EQ(full.votes(2).level(), v1::ORG_LEVEL_COMMUNE);
  EXPECT_EQ(full.votes(2).council_id(), "council-C");
  EXPECT_EQ(full.dossier().vote().vote_id(), full.votes(2).vote_id());  // the last one, as Dossier.vote says
}

TEST_F(DossierBallotRecord, AnOpenRoundIsListedLastWithoutItsCounts) {
  ToCouncil();
  const std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_YES);
  const v1::GetDossierResponse full = Get(id_);
  ASSERT_EQ(full.votes_size(), 1);
  EXPECT_EQ(full.votes(0).status(), v1::VOTE_STATUS_OPEN);
  EXPECT_EQ(full.votes(0).voted_count(), 1);
  EXPECT_EQ(full.votes(0).yes_count() + full.votes(0).no_count() + full.votes(0).abstain_count(), 0);
}

TEST_F(DossierBallotRecord, WhileAVoteIsOpenTheStoredDossierDoesNotTellHowAnyoneVoted) {
  ToCouncil();
  const std::string vote_id = OpenVote("U").vote().vote_id();
  auto stored_vote = [&] {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    const std::string snapshot =
        work.exec_params1("SELECT snapshot FROM dossier.dossier WHERE id = $1", id_)[0].as<std::string>();
    return nlohmann::json::parse(snapshot).at("vote");
  };
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_NO);
  const nlohmann::json after_one = stored_vote();
  Cast("m2", "U", vote_id, v1::VOTE_CHOICE_YES);
  const nlohmann::json after_two = stored_vote();
  for (const nlohmann::json& vote : {after_one, after_two}) {
    for (const char* count : {"yes", "no", "abstain"}) EXPECT_FALSE(vote.contains(count)) << vote.dump();
    EXPECT_TRUE(vote.contains("sealed_counts")) << vote.dump();
  }
  EXPECT_EQ(after_one.at("sealed_counts").size(), after_two.at("sealed_counts").size());
  // The service still counts: at close the tally is revealed, for the minutes.
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  const v1::Dossier closed = CloseVote("U", vote_id);
  EXPECT_EQ(closed.vote().yes_count(), 2);
  EXPECT_EQ(closed.vote().no_count(), 1);
}

// dossier.proto, OpenVote: the ballot is held in the council's meeting, which its chair presides over; the
// standing body (the level's appraiser) organises the meeting but opens and closes no vote unless the policy
// switch lets it (workflow/transition_policy.h, P1; off by default).
TEST_F(DossierBallotRecord, OnlyTheChairOpensAndClosesTheVote) {
  ToCouncil();
  EXPECT_FALSE(Allows(Get(id_, Role::kAppraiser, "U"), v1::DOSSIER_ACTION_OPEN_VOTE));
  EXPECT_TRUE(Allows(Get(id_, Role::kCouncilChair, "U"), v1::DOSSIER_ACTION_OPEN_VOTE));
  v1::OpenVoteRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(id_);
  request.set_expected_version(version_);
  v1::OpenVoteResponse response;
  const grpc::Status refused = stub_->OpenVote(As(Role::kAppraiser, "U").get(), request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(refused.error_message().find("Chủ tịch Hội đồng"), std::string::npos) << refused.error_message();
  OpenVote("U");
  EXPECT_FALSE(Allows(Get(id_, Role::kAppraiser, "U"), v1::DOSSIER_ACTION_CLOSE_VOTE));
  EXPECT_TRUE(Allows(Get(id_, Role::kCouncilChair, "U"), v1::DOSSIER_ACTION_CLOSE_VOTE));
}

// The VOTE_CAST events say how many of the eligible members have voted so far (the notifier tells the chair
// once all have: services/notifier/recipient_rules.cc), and who voted, never how.
TEST_F(DossierBallotRecord, EachBallotsEventCountsWhoHasVotedSoFar) {
  ToCouncil();
  const std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("m2", "U", vote_id, v1::VOTE_CHOICE_NO);
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_ABSTAIN);
  pqxx::connection connection(url_);
  pqxx::work work(connection);
  std::vector<v1::VoteCast> casts;
  for (const auto& row : work.exec("SELECT envelope FROM dossier.outbox WHERE type = 'EVENT_TYPE_VOTE_CAST' "
                                   "ORDER BY id")) {
    v1::EventEnvelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(pqxx::binarystring(row[0]).str()));
    casts.push_back(envelope.vote_cast());
  }
  ASSERT_EQ(casts.size(), 3u);
  const std::vector<std::string> voters = {Person("m2", "U"), Person("chair", "U"), Person("m1", "U")};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(casts[i].vote_id(), vote_id);
    EXPECT_EQ(casts[i].voter_person_id(), voters[i]);
    EXPECT_EQ(casts[i].voted_count(), i + 1);
    EXPECT_EQ(casts[i].eligible_count(), 3);
  }
}

}  // namespace
}  // namespace tdkt::dossier
