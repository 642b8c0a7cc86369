// The anchors' signatures and AuditHistory without PostgreSQL: each check of VerifyHistory on a made-up history
// (the same checks run end to end, with real rows edited, in tests/integration/services/dossier/anchor_test.cc).
#include "services/dossier/history_audit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "services/dossier/snapshot_codec.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

const std::string kSeed(32, '\x07');

// A dossier "d-1" created (DRAFT), submitted (SUBMITTED at level 1, C), accepted (UNDER_REVIEW): three entries,
// each as transition_write.cc writes it, the last recording the snapshot's digest.
class HistoryAuditTest : public ::testing::Test {
 protected:
  HistoryAuditTest() : key_(*AnchorKey::FromSeed(kSeed)) {
    snapshot_.id = "d-1";
    snapshot_.state = wf::DossierState::kUnderReview;
    snapshot_.version = 3;
    snapshot_.level_index = 1;
    snapshot_.holder_org_id = "C";
    snapshot_.origin_org_id = "U";
    snapshot_.updated_at = absl::FromUnixMicros(3'000'000);
    columns_ = DossierRowColumns{.state = "UNDER_REVIEW", .level_index = 1, .holder_org_id = "C", .version = 3,
                                 .updated_at = snapshot_.updated_at};
    Append("", "DRAFT", 0, "U");
    Append("DRAFT", "SUBMITTED", 1, "C");
    Append("SUBMITTED", "UNDER_REVIEW", 1, "C", SnapshotDigest(snapshot_));
  }

  void Append(const std::string& from, const std::string& to, int level, const std::string& holder,
              const std::string& digest = "") {
    const int64_t seq = static_cast<int64_t>(entries_.size()) + 1;
    nlohmann::json j = {{"dossier_id", "d-1"}, {"seq", seq},        {"from_state", from},
                        {"to_state", to},       {"level_index", level}, {"org_id", holder},
                        {"occurred_at_us", seq * 1'000'000}};
    if (!digest.empty()) j["snapshot_sha256"] = digest;
    const std::string prev = entries_.empty() ? std::string(kGenesisHash) : entries_.back().hash;
    entries_.push_back({seq, j.dump(), prev, HistoryHash(prev, j.dump())});
  }

  HistoryAnchor Anchor(int64_t version) const {
    HistoryAnchor anchor{.dossier_id = "d-1",
                         .version = version,
                         .hash = entries_[static_cast<size_t>(version - 1)].hash,
                         .checkpoint_id = 1,
                         .anchored_at = absl::FromUnixMicros(9'000'000)};
    key_.Sign(anchor);
    return anchor;
  }

  HistoryAudit Audit() const {
    return AuditHistory({.entries = entries_, .anchors = anchors_, .anchor_key = key_.public_key(),
                         .snapshot = snapshot_, .columns = columns_});
  }

  AnchorKey key_;
  wf::DossierSnapshot snapshot_;
  DossierRowColumns columns_;
  std::vector<StoredHistoryEntry> entries_;
  std::vector<HistoryAnchor> anchors_;
};

TEST_F(HistoryAuditTest, AnchorSignatureCoversEveryField) {
  const HistoryAnchor anchor = Anchor(2);
  EXPECT_EQ(anchor.public_key, key_.public_key());
  EXPECT_EQ(anchor.signature.size(), 64u);
  EXPECT_TRUE(AnchorSignatureValid(anchor, key_.public_key()));
  for (auto edit : std::vector<void (*)(HistoryAnchor&)>{
           [](HistoryAnchor& a) { a.dossier_id = "d-2"; }, [](HistoryAnchor& a) { a.version = 3; },
           [](HistoryAnchor& a) { a.hash[0] = a.hash[0] == 'a' ? 'b' : 'a'; },
           [](HistoryAnchor& a) { a.checkpoint_id = 2; },
           [](HistoryAnchor& a) { a.anchored_at += absl::Microseconds(1); },
           [](HistoryAnchor& a) { a.signature[5] ^= 1; }}) {
    HistoryAnchor edited = anchor;
    edit(edited);
    EXPECT_FALSE(AnchorSignatureValid(edited, key_.public_key())) << AnchorStatement(edited);
  }
}

TEST_F(HistoryAuditTest, AnchorOfAnotherKeyIsNotTrusted) {
  const AnchorKey other = *AnchorKey::FromSeed(std::string(32, '\x08'));
  HistoryAnchor anchor = Anchor(2);
  other.Sign(anchor);  // a valid signature, by a key anyone can make
  EXPECT_TRUE(AnchorSignatureValid(anchor, other.public_key()));
  EXPECT_FALSE(AnchorSignatureValid(anchor, key_.public_key()));
  EXPECT_EQ(AnchorKey::FromSeed(kSeed)->public_key(), key_.public_key());  // derived: the same seed, the same key
  EXPECT_FALSE(AnchorKey::FromSeed("short").ok());
}

TEST_F(HistoryAuditTest, IntactHistoryWithAnchorsVerifies) {
  anchors_ = {Anchor(3), Anchor(1)};
  const HistoryAudit audit = Audit();
  EXPECT_TRUE(audit.intact) << audit.finding.problem_vi;
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kNone);
  EXPECT_EQ(audit.entries_checked, 3);
  EXPECT_EQ(audit.anchored_through_version, 3);
  EXPECT_EQ(audit.head_hash, entries_.back().hash);
}

TEST_F(HistoryAuditTest, RehashedTailDiffersFromItsAnchor) {
  anchors_ = {Anchor(2)};
  // Entries 2 and 3 rewritten (submitted to D instead of C) and re-hashed: the chain is consistent again.
  entries_.resize(1);
  Append("DRAFT", "SUBMITTED", 1, "D");
  const std::string anchored = anchors_[0].hash;
  snapshot_.holder_org_id = columns_.holder_org_id = "D";
  Append("SUBMITTED", "UNDER_REVIEW", 1, "D", SnapshotDigest(snapshot_));
  const HistoryAudit audit = Audit();
  EXPECT_FALSE(audit.intact);
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kAnchorMismatch);
  EXPECT_EQ(audit.finding.seq, 2);
  EXPECT_EQ(audit.finding.expected_hash, anchored);
  EXPECT_EQ(audit.finding.stored_hash, entries_[1].hash);
  EXPECT_EQ(audit.anchored_through_version, 0);
}

TEST_F(HistoryAuditTest, HistoryCutBackBelowAnAnchorIsDetected) {
  anchors_ = {Anchor(3)};
  entries_.resize(2);  // the row rolled back with it
  snapshot_.version = columns_.version = 2;
  snapshot_.state = wf::DossierState::kSubmitted;
  columns_.state = "SUBMITTED";
  snapshot_.updated_at = columns_.updated_at = absl::FromUnixMicros(2'000'000);
  const HistoryAudit audit = Audit();
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kAnchorMismatch);
  EXPECT_EQ(audit.finding.seq, 3);
}

TEST_F(HistoryAuditTest, ForgedAnchorIsTampering) {
  HistoryAnchor forged = Anchor(3);
  forged.signature.assign(64, '\0');
  anchors_ = {Anchor(1), forged};
  const HistoryAudit audit = Audit();
  EXPECT_FALSE(audit.intact);
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kAnchorForged);
  EXPECT_EQ(audit.finding.seq, 3);
  EXPECT_EQ(audit.anchored_through_version, 1);
}

TEST_F(HistoryAuditTest, ChainBreakIsReportedFirst) {
  anchors_ = {Anchor(3)};
  entries_[1].payload += " ";
  const HistoryAudit audit = Audit();
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kChainBroken);
  EXPECT_EQ(audit.finding.seq, 2);
}

TEST_F(HistoryAuditTest, RowColumnsMustBeWhereTheHistoryLeftThem) {
  for (auto edit : std::vector<void (*)(DossierRowColumns&)>{
           [](DossierRowColumns& c) { c.state = "DECIDED"; }, [](DossierRowColumns& c) { c.level_index = 2; },
           [](DossierRowColumns& c) { c.holder_org_id = "P"; }, [](DossierRowColumns& c) { c.version = 4; },
           [](DossierRowColumns& c) { c.updated_at += absl::Seconds(1); }}) {
    const DossierRowColumns intact = columns_;
    edit(columns_);
    const HistoryAudit audit = Audit();
    EXPECT_EQ(audit.finding.problem, HistoryProblem::kRowMismatch);
    EXPECT_EQ(audit.finding.seq, 3);
    EXPECT_NE(audit.finding.problem_vi.find("(cột)"), std::string::npos) << audit.finding.problem_vi;
    columns_ = intact;
  }
  EXPECT_TRUE(Audit().intact);
}

TEST_F(HistoryAuditTest, SnapshotMustBeTheOneTheLastEntryRecorded) {
  snapshot_.returned_reason = "thiếu bản thành tích";  // not a field the replay sees: only the digest does
  const HistoryAudit audit = Audit();
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kRowMismatch);
  EXPECT_EQ(audit.finding.expected_hash, nlohmann::json::parse(entries_.back().payload).at("snapshot_sha256"));
  EXPECT_EQ(audit.finding.stored_hash, SnapshotDigest(snapshot_));
}

TEST_F(HistoryAuditTest, SnapshotStateMustBeWhereTheHistoryLeftIt) {
  snapshot_.state = wf::DossierState::kDecided;
  EXPECT_EQ(Audit().finding.problem, HistoryProblem::kRowMismatch);
}

TEST_F(HistoryAuditTest, OpenBallotCountsAreNotInTheDigest) {
  wf::DossierSnapshot voting = snapshot_;
  voting.vote.emplace();
  voting.vote->eligible = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"m1", "m2"});
  voting.vote->voted = {true, false};
  voting.vote->yes = 1;
  wf::DossierSnapshot read_back = voting;  // as a reader without the PII key reads it
  read_back.vote->yes = 0;
  EXPECT_EQ(SnapshotDigest(voting), SnapshotDigest(read_back));
  read_back.vote->voted = {true, true};
  EXPECT_NE(SnapshotDigest(voting), SnapshotDigest(read_back));
}

TEST_F(HistoryAuditTest, EntryThatDoesNotFollowTheOneBeforeIsDetected) {
  entries_.resize(2);
  Append("DRAFT", "UNDER_REVIEW", 1, "C", SnapshotDigest(snapshot_));  // re-hashed, but starts from DRAFT
  const HistoryAudit audit = Audit();
  EXPECT_EQ(audit.finding.problem, HistoryProblem::kRowMismatch);
  EXPECT_EQ(audit.finding.seq, 3);
}

}  // namespace
}  // namespace tdkt::dossier
