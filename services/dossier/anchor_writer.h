#pragma once
// AnchorWriter: takes the checkpoints of the dossier histories. One checkpoint, in one transaction on the anchor
// connection: find the dossiers whose current version is not anchored yet — those updated since the previous
// checkpoint's latest update, less kLateCommitMargin for transactions that committed after a later one — sign
// the head of each history (version and hash of that entry, history_anchor.h) with the anchor key, and insert the
// checkpoint and its heads into the schema `anchor` (anchor_migrations/). Replicas share the work: a checkpoint
// takes a transaction-level advisory lock and does nothing while another holds it. DossierServer runs one every
// --anchor-period; a dossier changed since the last one is protected by its hash chain alone until the next.
//
//   AnchorWriter writer(anchor_pool, key, clock);
//   TDKT_ASSIGN_OR_RETURN(int64_t anchored, writer.Checkpoint());
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/dossier/history_anchor.h"

namespace tdkt::common {
class PgPool;
}

namespace tdkt::dossier {

class AnchorWriter {
 public:
  // How long after its updated_at a transition may still commit and be anchored by the next checkpoint: far
  // beyond a transaction's length, and the clock difference between replicas.
  static constexpr absl::Duration kLateCommitMargin = absl::Minutes(10);
  // The most heads one checkpoint signs; the next one goes on from there.
  static constexpr int kMaxHeadsPerCheckpoint = 5000;

  // `pool` reads dossier.dossier and dossier.event and writes anchor.*; all three must outlive the writer.
  AnchorWriter(common::PgPool* pool, const AnchorKey& key, const base::Clock& clock)
      : pool_(pool), key_(key), clock_(clock) {}

  // One checkpoint; how many heads it anchored (0 when nothing changed, or another replica holds the lock).
  absl::StatusOr<int64_t> Checkpoint() const;

 private:
  common::PgPool* pool_;
  const AnchorKey& key_;
  const base::Clock& clock_;
};

}  // namespace tdkt::dossier
