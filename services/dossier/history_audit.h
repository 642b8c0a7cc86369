#pragma once
// AuditHistory: VerifyHistory's verdict on one dossier, from what the store read in one snapshot of the database.
// Three checks, the first finding reported (chain, then anchors, then replay):
//  1. the hash chain (VerifyHistoryChain, history_hash.h): edited, deleted, reordered or cut entries;
//  2. the anchors (history_anchor.h): each must be signed by the service's anchor key (else kAnchorForged), and
//     the entry at its version must still exist with its hash (else kAnchorMismatch): a history rewritten and
//     re-hashed, or cut back together with the row, since it was anchored;
//  3. the replay (history_replay.h): the entries follow one another and lead to the dossier row (else
//     kRowMismatch).
// anchored_through_version is the highest anchored version that verified and matched.
//
//   const HistoryAudit audit = AuditHistory({.entries = entries, .anchors = anchors, .anchor_key = key.public_key(),
//                                            .snapshot = row.snapshot, .columns = columns});
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/dossier/history_anchor.h"
#include "services/dossier/history_finding.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/history_replay.h"
#include "workflow/dossier_snapshot.h"

namespace tdkt::dossier {

struct HistoryAuditInput {
  const std::vector<StoredHistoryEntry>& entries;  // sorted by seq
  const std::vector<HistoryAnchor>& anchors;        // the dossier's, any order
  std::string_view anchor_key;                      // the trusted public key (32 bytes)
  const workflow::DossierSnapshot& snapshot;        // the row's
  const DossierRowColumns& columns;                 // the row's copies of snapshot fields
};

struct HistoryAudit {
  bool intact = true;
  int64_t entries_checked = 0;
  std::string head_hash;  // of the last stored entry
  int64_t anchored_through_version = 0;
  HistoryFinding finding;  // problem kNone when intact
};

HistoryAudit AuditHistory(const HistoryAuditInput& input);

}  // namespace tdkt::dossier
