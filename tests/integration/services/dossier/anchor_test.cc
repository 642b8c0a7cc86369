// The history anchors end to end on real PostgreSQL: a checkpoint signs the heads of the dossiers that changed and
// keeps them in the schema `anchor`, through a connection of its own; VerifyHistory then finds a history rewritten
// and validly re-hashed after a checkpoint, a forged anchor row, and an edited dossier row (a column the inbox
// reads, the snapshot), and still finds an untampered dossier intact, an open ballot included.
#include <functional>

#include "base/sha256.h"
#include "services/dossier/history_hash.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class HistoryAnchoring : public DossierJourney {
 protected:
  HistoryAnchoring() { separate_anchor_connection_ = true; }

  // A dossier at U with its three documents (version 4), anchored, then submitted and accepted (version 6).
  void MakeAnchoredHistory() {
    Start();
    ASSERT_EQ(version_, 4);
    ASSERT_EQ(Anchor(), 1);
    Submit();
    Accept("U");
    ASSERT_EQ(version_, 6);
  }

  int64_t Anchor() {
    absl::StatusOr<int64_t> anchored = server_->AnchorHistories();
    EXPECT_TRUE(anchored.ok()) << anchored.status();
    return anchored.value_or(-1);
  }

  v1::VerifyHistoryResponse Verify() {
    v1::VerifyHistoryRequest request;
    request.set_dossier_id(id_);
    v1::VerifyHistoryResponse response;
    const grpc::Status status = stub_->VerifyHistory(As(Role::kAppraiser, "U").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::string Text(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1(sql)[0].as<std::string>();
  }

  std::vector<StoredHistoryEntry> StoredHistory() {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::vector<StoredHistoryEntry> entries;
    for (const auto& row : work.exec_params("SELECT seq, payload, prev_hash, hash FROM dossier.event "
                                            "WHERE dossier_id = $1 ORDER BY seq", id_)) {
      entries.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                         row[3].as<std::string>()});
    }
    return entries;
  }

  // What a forger with write access to the schema `dossier` can do: edit entry `from` and re-hash every entry
  // from there on, so that the chain is consistent again.
  void RewriteTail(int64_t from, const std::function<std::string(std::string)>& edit) {
    std::vector<StoredHistoryEntry> entries = StoredHistory();
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    for (size_t i = static_cast<size_t>(from - 1); i < entries.size(); ++i) {
      StoredHistoryEntry& e = entries[i];
      if (e.seq == from) e.payload = edit(e.payload);
      e.prev_hash = i == 0 ? std::string(kGenesisHash) : entries[i - 1].hash;
      e.hash = HistoryHash(e.prev_hash, e.payload);
      work.exec_params("UPDATE dossier.event SET payload = $3, prev_hash = $4, hash = $5 "
                       "WHERE dossier_id = $1 AND seq = $2", id_, e.seq, e.payload, e.prev_hash, e.hash);
    }
    work.commit();
  }
};

TEST_F(HistoryAnchoring, UntamperedDossierVerifiesIntactThroughItsAnchors) {
  MakeAnchoredHistory();
  v1::VerifyHistoryResponse result = Verify();
  EXPECT_TRUE(result.intact()) << result.problem_vi();
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_UNSPECIFIED);
  EXPECT_EQ(result.problem_vi(), "");
  EXPECT_EQ(result.first_broken_sequence(), 0);
  EXPECT_EQ(result.entries_checked(), 6);
  EXPECT_EQ(result.anchored_through_version(), 4);  // versions 5 and 6 came after the checkpoint
  EXPECT_EQ(result.anchor_public_key(), base::HexOf(server_->anchor_public_key()));
  EXPECT_EQ(result.anchor_public_key().size(), 64u);

  EXPECT_EQ(Anchor(), 1);
  EXPECT_EQ(Anchor(), 0);  // nothing changed since
  result = Verify();
  EXPECT_TRUE(result.intact()) << result.problem_vi();
  EXPECT_EQ(result.anchored_through_version(), 6);
  EXPECT_EQ(result.head_hash(), Text("SELECT hash FROM anchor.head WHERE version = 6"));
  EXPECT_EQ(Text("SELECT count(*) FROM anchor.head"), "2");
  EXPECT_EQ(Text("SELECT count(*) FROM anchor.checkpoint"), "2");
}

TEST_F(HistoryAnchoring, OpenBallotWithCastVotesVerifiesIntact) {
  Start();
  Submit();
  Accept("U");
  SendToCouncil("U");
  const std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_NO);
  EXPECT_TRUE(Verify().intact()) << Verify().problem_vi();  // the snapshot's counts are sealed: not in its digest
  EXPECT_EQ(Anchor(), 1);
  const v1::VerifyHistoryResponse result = Verify();
  EXPECT_TRUE(result.intact()) << result.problem_vi();
  EXPECT_EQ(result.anchored_through_version(), version_);
}

TEST_F(HistoryAnchoring, FullTailRewriteWithValidRehashIsDetected) {
  MakeAnchoredHistory();
  ASSERT_EQ(Anchor(), 1);
  const std::string anchored_4 = Text("SELECT hash FROM anchor.head WHERE version = 4");
  // Entry 2 onwards rewritten (who uploaded the first document) and re-hashed: a consistent chain, a row that
  // still matches its last entry; only the anchors remember the history as it was.
  RewriteTail(2, [](std::string payload) {
    const std::string name = "\"name\":\"" + FullName(Person("submitter", "U")) + "\"";
    const size_t at = payload.find(name);
    EXPECT_NE(at, std::string::npos) << payload;
    return payload.replace(at, name.size(), "\"name\":\"Người Khác\"");
  });
  ASSERT_TRUE(VerifyHistoryChain(StoredHistory(), 6).intact);

  const v1::VerifyHistoryResponse result = Verify();
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ANCHOR_MISMATCH);
  EXPECT_EQ(result.first_broken_sequence(), 4);  // the first anchored version after the rewrite's start
  EXPECT_EQ(result.expected_hash(), anchored_4);
  EXPECT_EQ(result.stored_hash(), StoredHistory()[3].hash);
  EXPECT_NE(result.stored_hash(), anchored_4);
  EXPECT_EQ(result.anchored_through_version(), 0);
  EXPECT_NE(result.problem_vi().find("khác với bản đã được neo"), std::string::npos) << result.problem_vi();
}

TEST_F(HistoryAnchoring, ForgedAnchorRowIsDetected) {
  MakeAnchoredHistory();
  ASSERT_EQ(Anchor(), 1);
  // The forger rewrites the tail from entry 5 and moves the anchor of version 6 along: without the key, its
  // signature no longer verifies.
  RewriteTail(5, [](std::string payload) { return payload + " "; });
  Exec("UPDATE anchor.head SET hash = (SELECT hash FROM dossier.event WHERE dossier_id = '" + id_ +
       "' AND seq = 6) WHERE version = 6");
  v1::VerifyHistoryResponse result = Verify();
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ANCHOR_FORGED);
  EXPECT_EQ(result.first_broken_sequence(), 6);
  EXPECT_EQ(result.anchored_through_version(), 4);

  // An anchor row made up from scratch, with the service's public key and a signature of the right size.
  Exec("INSERT INTO anchor.head (dossier_id, version, hash, checkpoint_id, anchored_at, public_key, signature) "
       "SELECT dossier_id, 2, (SELECT hash FROM dossier.event WHERE dossier_id = '" + id_ + "' AND seq = 2), "
       "checkpoint_id, anchored_at, public_key, decode(repeat('ab', 64), 'hex') FROM anchor.head WHERE version = 4");
  result = Verify();
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ANCHOR_FORGED);
  EXPECT_EQ(result.first_broken_sequence(), 2);
  EXPECT_EQ(result.anchored_through_version(), 0);
}

TEST_F(HistoryAnchoring, EditedStateColumnIsDetected) {
  MakeAnchoredHistory();
  // The column the inbox and search read, not the snapshot: the dossier would leave the appraiser's inbox.
  Exec("UPDATE dossier.dossier SET state = 'REJECTED' WHERE id = '" + id_ + "'");
  const v1::VerifyHistoryResponse result = Verify();
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ROW_MISMATCH);
  EXPECT_EQ(result.first_broken_sequence(), 6);
  EXPECT_NE(result.problem_vi().find("Trạng thái (cột) của hồ sơ là REJECTED"), std::string::npos)
      << result.problem_vi();
  Exec("UPDATE dossier.dossier SET state = 'UNDER_REVIEW' WHERE id = '" + id_ + "'");
  EXPECT_TRUE(Verify().intact());
}

TEST_F(HistoryAnchoring, EditedSnapshotIsDetected) {
  MakeAnchoredHistory();
  const std::string snapshot = Text("SELECT snapshot FROM dossier.dossier WHERE id = '" + id_ + "'");
  // A field that no history entry names: only the digest the last entry recorded covers it.
  ASSERT_NE(snapshot.find("\"complaint_count\":0"), std::string::npos);
  Exec("UPDATE dossier.dossier SET snapshot = replace(snapshot, '\"complaint_count\":0', '\"complaint_count\":2') "
       "WHERE id = '" + id_ + "'");
  v1::VerifyHistoryResponse result = Verify();
  EXPECT_FALSE(result.intact());
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ROW_MISMATCH);
  EXPECT_EQ(result.first_broken_sequence(), 6);
  EXPECT_EQ(result.expected_hash().size(), 64u);
  EXPECT_NE(result.expected_hash(), result.stored_hash());

  // The state inside the snapshot, the columns left alone.
  Exec("UPDATE dossier.dossier SET snapshot = replace(replace(snapshot, '\"complaint_count\":2', "
       "'\"complaint_count\":0'), '\"state\":\"UNDER_REVIEW\"', '\"state\":\"SUBMITTED\"') WHERE id = '" + id_ + "'");
  result = Verify();
  EXPECT_EQ(result.problem(), v1::HISTORY_PROBLEM_ROW_MISMATCH);
  EXPECT_NE(result.problem_vi().find("Trạng thái của hồ sơ là SUBMITTED"), std::string::npos) << result.problem_vi();

  Exec("UPDATE dossier.dossier SET snapshot = $$" + snapshot + "$$ WHERE id = '" + id_ + "'");
  EXPECT_TRUE(Verify().intact()) << Verify().problem_vi();
}

}  // namespace
}  // namespace tdkt::dossier
