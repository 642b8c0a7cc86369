#include "services/dossier/snapshot_codec.h"

#include <gtest/gtest.h>

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
  ASSERT_TRUE(CastBallot(*vote, "b", Ballot::kNo).ok());
  s.vote = *vote;
  s.last_vote = VoteOutcome{0, TallyVotes(*vote), At(3, 10)};
  s.decision = Decision{"1/QĐ-UBND", absl::CivilDay(2026, 3, 4), "Trần Văn Bình", "UBND tỉnh"};
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
