#pragma once
// ReplayHistory and CheckRowAgainstHistory: whether a dossier's history leads to its row. The entries' payloads
// (the canonical JSON that transition_write.cc hashes) say, each, which state the dossier left and reached, at
// which level and holder, at which time, and — for entries written since it is recorded — the digest of the
// snapshot they left (SnapshotDigest). Replaying them checks that each entry starts where the one before ended;
// the last one is where the dossier row must be: an edit of the row's state, level, holder, version or time (in
// the snapshot or in the columns the inbox and search read), or of anything in the snapshot, no longer matches.
//
//   const ReplayedHistory replay = ReplayHistory(entries);
//   std::optional<HistoryFinding> wrong = replay.finding ? replay.finding
//                                                        : CheckRowAgainstHistory(*replay.head, snapshot, columns);
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/dossier/history_finding.h"
#include "services/dossier/history_hash.h"
#include "workflow/dossier_snapshot.h"

namespace tdkt::dossier {

// Where the history leaves the dossier: the last entry's view of it.
struct HistoryHead {
  int64_t version = 0;
  std::string state;  // DossierStateCode
  int level_index = 0;
  std::string holder_org_id;
  std::optional<absl::Time> updated_at;  // the entry's time (entries always had it; optional for safety)
  std::string snapshot_sha256;           // "" for entries written before it was recorded
};

struct ReplayedHistory {
  std::optional<HistoryHead> head;       // nullopt when there are no entries, or one does not read
  std::optional<HistoryFinding> finding;  // the first entry that does not follow the one before, or does not read
};

// Entries sorted by seq (as read; the chain check says whether they are complete). `dossier_id`: an entry that
// names another dossier does not follow.
ReplayedHistory ReplayHistory(const std::string& dossier_id, const std::vector<StoredHistoryEntry>& entries);

// The copies of snapshot fields in the dossier row's own columns (for inbox and search queries).
struct DossierRowColumns {
  std::string state{};  // DossierStateCode
  int level_index = 0;
  std::string holder_org_id{};
  int64_t version = 0;
  absl::Time updated_at{};
};

// nullopt when the row — its snapshot and its columns — is where `head` left the dossier; else what differs
// first (kRowMismatch at the row's version).
std::optional<HistoryFinding> CheckRowAgainstHistory(const HistoryHead& head,
                                                     const workflow::DossierSnapshot& snapshot,
                                                     const DossierRowColumns& columns);

}  // namespace tdkt::dossier
