#include "services/dossier/snapshot_codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

using namespace tdkt::workflow;

absl::Time At(int day, int hour) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, day, hour, 0, 0), VietnamTimeZone()) + absl::Microseconds(7);
}

TEST(SnapshotCodec, EmptySnapshotRoundTrips) {
  DossierSnapshot s;
  auto back = SnapshotFromJson(SnapshotToJson(s));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
}

TEST(SnapshotCodec, FullSnapshotRoundTrips) {
  DossierSnapshot s;
  s.id = "d-1";
  s.state = DossierState::kCouncilVoting;
  s.version = 12;
  s.chain_id = "3-level";
  s.chain_version = 2;
  s.level_index = 1;
  s.holder_org_id = "C";
  s.origin_org_id = "U";
  s.deciding_level_index = 2;
  s.award_code = "BANG_KHEN_TINH";
  s.created_by = "p-1";
  s.created_at = At(2, 8);
  s.updated_at = At(4, 9);
  s.documents = {{"doc-1", "TO_TRINH", "p-1"}, {"doc-2", "BIEN_BAN_XET", "p-2"}};
  auto vote = OpenCouncilVote({"a", "b", "c"}, VoteRule{}, 1, At(4, 8));
  ASSERT_TRUE(vote.ok());
  vote->council_id = "council-C";
  vote->names = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"An", "Bình", "Cường"});
  ASSERT_TRUE(CastBallot(*vote, "b", Ballot::kNo, At(4, 9)).ok());
  s.vote = *vote;
  auto earlier = OpenCouncilVote({"a", "b"}, VoteRule{.quorum = 1.0}, 0, At(3, 8));  // a round without names
  ASSERT_TRUE(earlier.ok());
  ASSERT_TRUE(CastBallot(*earlier, "a", Ballot::kYes, At(3, 9)).ok());
  s.closed_votes = {VoteOutcome{*earlier, TallyVotes(*earlier), At(3, 10)}, VoteOutcome{*vote, TallyVotes(*vote), At(4, 10)}};
  s.decision = Decision{.number = "1/QĐ-UBND", .date = absl::CivilDay(2026, 3, 4), .signer = "Trần Văn Bình",
                        .issuing_body = "UBND tỉnh", .signer_title = "Chủ tịch UBND tỉnh",
                        .signer_person_id = "p-9", .document_id = "doc-2"};
  s.external_outcome = ExternalOutcome{true, "Thủ tướng Chính phủ", "ghi chú", At(4, 11)};
  s.deadline = DeadlineStatus{DeadlineMode::kPaused, 1};
  s.returned_reason = "Thiếu hồ sơ";
  s.rejection_reason = "r";
  s.withdrawal_reason = "w";
  s.complaint_reason = "Khiếu nại";
  s.complaint_count = 2;
  auto back = SnapshotFromJson(SnapshotToJson(s));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(back->vote->Voters(), std::vector<std::string>{"b"});
  EXPECT_EQ(back->vote->NameOf(1), "Bình");
  EXPECT_EQ(back->vote->VotedAt(1), At(4, 9));
  EXPECT_EQ(back->vote->VotedAt(0), absl::InfinitePast());
  EXPECT_EQ(back->closed_votes.at(1).ballot.council_id, "council-C");
}

TEST(SnapshotCodec, TextFromBeforeTheCouncilsRecordReadsWithItsFieldsEmpty) {
  // As written before every round was kept, with a decision without title, signer id or scan.
  DossierSnapshot s;
  s.decision = Decision{.number = "1/QĐ-UBND", .date = absl::CivilDay(2026, 3, 4), .signer = "Trần Văn Bình"};
  std::string json = SnapshotToJson(s);
  for (const char* key : {"signer_title", "signer_person_id", "document_id"}) {
    const std::string field = std::string(",\"") + key + "\":\"\"";
    ASSERT_NE(json.find(field), std::string::npos) << json;
    json.erase(json.find(field), field.size());
  }
  json.insert(json.size() - 1, R"(,"last_vote":{"level_index":1,"closed_at":1772600000000000,"tally":{"result":"PASSED",)"
                               R"("eligible":3,"participants":3,"yes":2,"no":1,"abstain":0,"participants_needed":2,)"
                               R"("yes_needed":2}})");
  auto back = SnapshotFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << json;
  EXPECT_EQ(back->decision, s.decision);
  ASSERT_EQ(back->closed_votes.size(), 1u);
  EXPECT_EQ(back->closed_votes[0].level_index(), 1);
  EXPECT_EQ(back->closed_votes[0].tally.yes, 2);
  EXPECT_TRUE(back->closed_votes[0].ballot.eligible_members().empty());
}

TEST(SnapshotCodec, CorruptTextIsInternal) {
  EXPECT_EQ(SnapshotFromJson("{").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(SnapshotFromJson("{}").status().code(), absl::StatusCode::kInternal);
  std::string json = SnapshotToJson(DossierSnapshot{});
  json.replace(json.find("DRAFT"), 5, "DRAFX");
  EXPECT_EQ(SnapshotFromJson(json).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace tdkt::dossier

namespace tdkt::dossier {
namespace {

using namespace tdkt::workflow;

constexpr char kKey[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kOtherKey[] = "f00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// A dossier whose open vote has had `ballots`, cast in this order by a, b, c.
DossierSnapshot Voting(std::vector<Ballot> ballots) {
  DossierSnapshot s;
  s.id = "d-1";
  auto vote = OpenCouncilVote({"a", "b", "c"}, VoteRule{}, 1, absl::FromUnixSeconds(1772412000));
  EXPECT_TRUE(vote.ok());
  const char* members[] = {"a", "b", "c"};
  for (size_t i = 0; i < ballots.size(); ++i) {
    EXPECT_TRUE(CastBallot(*vote, members[i], ballots[i], absl::FromUnixSeconds(1772412060)).ok());
  }
  s.vote = *vote;
  return s;
}

std::string SealedCountsOf(const std::string& json) {
  return nlohmann::json::parse(json).at("vote").at("sealed_counts").get<std::string>();
}

TEST(DossierSealedBallot, TheCountsOfAnOpenVoteAreStoredSealedAndOpenWithTheKey) {
  const common::PiiCipher seal = *common::PiiCipher::FromKeyText(kKey);
  const DossierSnapshot s = Voting({Ballot::kYes, Ballot::kNo});
  const std::string json = SnapshotToJson(s, &seal);
  const nlohmann::json vote = nlohmann::json::parse(json).at("vote");
  for (const char* count : {"yes", "no", "abstain"}) EXPECT_FALSE(vote.contains(count)) << json;
  auto back = SnapshotFromJson(json, &seal);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  auto unsealed = SnapshotFromJson(json);  // reads without the key: who voted, not the counts
  ASSERT_TRUE(unsealed.ok()) << unsealed.status();
  EXPECT_EQ(unsealed->vote->Voters(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(unsealed->vote->participants(), 0);
  const common::PiiCipher other = *common::PiiCipher::FromKeyText(kOtherKey);
  EXPECT_EQ(SnapshotFromJson(json, &other).status().code(), absl::StatusCode::kDataLoss);
  // Without a key the counts are stored in clear, and read back either way.
  EXPECT_EQ(SnapshotFromJson(SnapshotToJson(s), &seal).value_or(DossierSnapshot{}), s);
}

TEST(DossierSealedBallot, TwoVersionsThatDifferOnlyInHowSomeoneVotedLookAlikeButForRandomBytes) {
  const common::PiiCipher seal = *common::PiiCipher::FromKeyText(kKey);
  const std::string yes = SnapshotToJson(Voting({Ballot::kYes, Ballot::kYes}), &seal);
  const std::string no = SnapshotToJson(Voting({Ballot::kYes, Ballot::kNo}), &seal);
  const std::string again = SnapshotToJson(Voting({Ballot::kYes, Ballot::kYes}), &seal);
  ASSERT_EQ(yes.size(), no.size());
  EXPECT_NE(SealedCountsOf(yes), SealedCountsOf(again));  // a fresh nonce every time: equal counts look different
  std::string yes_blanked = yes, no_blanked = no;
  yes_blanked.replace(yes.find(SealedCountsOf(yes)), SealedCountsOf(yes).size(), "");
  no_blanked.replace(no.find(SealedCountsOf(no)), SealedCountsOf(no).size(), "");
  EXPECT_EQ(yes_blanked, no_blanked);
}

TEST(DossierSealedBallot, CountsCopiedFromAnEarlierVersionDoNotOpen) {
  const common::PiiCipher seal = *common::PiiCipher::FromKeyText(kKey);
  const std::string earlier = SnapshotToJson(Voting({Ballot::kYes}), &seal);
  std::string later = SnapshotToJson(Voting({Ballot::kYes, Ballot::kNo}), &seal);
  later.replace(later.find(SealedCountsOf(later)), SealedCountsOf(later).size(), SealedCountsOf(earlier));
  EXPECT_EQ(SnapshotFromJson(later, &seal).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace tdkt::dossier
