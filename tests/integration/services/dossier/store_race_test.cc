// The store's own guards against a lost update, raced directly through DossierStore's API with two
// transactions interleaved on purpose (the test waits until one of them is seen waiting for the other's row
// lock): the row lock of TransitionTransaction::Lock serialises transitions and lets the second see the
// first's commit, and the version guard of TransitionTransaction::Write (UPDATE … WHERE version = …) refuses a
// write built on a version that moved on — even when, as here, both writes passed their version check against
// the same version before either was written.
#include <future>
#include <thread>

#include "base/status_macros.h"
#include "services/dossier/history_hash.h"
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

using DossierStoreRace = DossierServiceTest;

// The write of one more history entry on top of `loaded` (version v → v + 1), as BuildTransitionWrite makes one
// once the workflow accepted a command at version v; `who` tells the two racers' writes apart.
TransitionWrite NextWrite(const LoadedDossier& loaded, const std::string& head_hash, const std::string& who,
                          absl::Time now) {
  TransitionWrite write;
  write.row = loaded.row;
  write.from_version = loaded.row.snapshot.version;
  write.row.snapshot.version = loaded.row.snapshot.version + 1;
  write.row.snapshot.updated_at = now;
  write.live_deadline = loaded.live_deadline;
  write.event_type = "NOTE";
  write.actor_id = who;
  write.event_payload = "{\"by\":\"" + who + "\"}";
  write.prev_hash = head_hash;
  write.event_hash = HistoryHash(head_hash, write.event_payload);
  return write;
}

TEST_F(DossierStoreRace, TheVersionGuardRefusesAWriteBuiltOnAVersionThatMovedOn) {
  const std::string id = CreateAt().id();
  const DossierStore& store = server_->store();
  // Both writers read version v and would pass the workflow's version check against it.
  auto read = store.Load(id);
  ASSERT_TRUE(read.ok()) << read.status();
  const int64_t v = read->row.snapshot.version;
  std::string head;
  ASSERT_TRUE(store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
    auto locked = txn.Lock(id);
    if (locked.ok()) head = locked->head_hash.value_or("");
    return locked.status();
  }).ok());

  std::promise<void> a_locked, b_waiting;
  std::string a_hash;
  std::thread a([&] {  // the first: locks, waits until the second is blocked on its row, writes, commits
    const absl::Status status = store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
      absl::StatusOr<LockedDossier> lock = txn.Lock(id);
      a_locked.set_value();  // also on failure: the test goes on and fails instead of hanging
      TDKT_ASSIGN_OR_RETURN(LockedDossier locked, std::move(lock));
      b_waiting.get_future().wait();
      const TransitionWrite write = NextWrite(locked.loaded, *locked.head_hash, "A", clock_.Now());
      a_hash = write.event_hash;
      return txn.Write(write);
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  a_locked.get_future().wait();
  absl::Status b_status;
  std::thread b([&] {  // the second: writes what it built on version v, without locking first
    b_status = store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
      return txn.Write(NextWrite(*read, head, "B", clock_.Now()));
    });
  });
  const long long waiting = WaitForLockWaiters(1);
  b_waiting.set_value();
  a.join();
  b.join();
  ASSERT_EQ(waiting, 1) << "the second write's UPDATE waited for the first transaction's row lock";

  EXPECT_EQ(b_status.code(), absl::StatusCode::kAborted) << b_status;
  EXPECT_NE(b_status.message().find("phiên bản " + std::to_string(v + 1)), std::string::npos)
      << "the conflict names the version the dossier is at: " << b_status;
  auto after = store.Load(id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->row.snapshot.version, v + 1);
  auto history = store.History(id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(static_cast<int64_t>(history->size()), v + 1);
  EXPECT_EQ(history->back().actor_id, "A");
  EXPECT_EQ(history->back().hash, a_hash);
}

TEST_F(DossierStoreRace, TheRowLockMakesTheSecondTransactionWaitAndSeeTheFirstsCommit) {
  const std::string id = CreateAt().id();
  const DossierStore& store = server_->store();
  std::promise<void> a_locked, b_waiting;
  std::string a_hash;
  int64_t v = 0;
  std::thread a([&] {
    const absl::Status status = store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
      absl::StatusOr<LockedDossier> lock = txn.Lock(id);
      a_locked.set_value();  // also on failure: the test goes on and fails instead of hanging
      TDKT_ASSIGN_OR_RETURN(LockedDossier locked, std::move(lock));
      v = locked.loaded.row.snapshot.version;
      b_waiting.get_future().wait();
      const TransitionWrite write = NextWrite(locked.loaded, *locked.head_hash, "A", clock_.Now());
      a_hash = write.event_hash;
      return txn.Write(write);
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  a_locked.get_future().wait();
  std::optional<LockedDossier> seen;
  std::thread b([&] {
    const absl::Status status = store.InTransition([&](TransitionTransaction& txn) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(LockedDossier locked, txn.Lock(id));
      seen = std::move(locked);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  const long long waiting = WaitForLockWaiters(1);
  b_waiting.set_value();
  a.join();
  b.join();
  ASSERT_EQ(waiting, 1) << "the second Lock waited for the first transaction";
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->loaded.row.snapshot.version, v + 1) << "it sees the first transaction's write";
  EXPECT_EQ(seen->head_hash, a_hash) << "and its history entry, read after the lock was granted";
}

}  // namespace
}  // namespace tdkt::dossier
