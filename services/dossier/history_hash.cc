#include "services/dossier/history_hash.h"

#include "base/sha256.h"

namespace tdkt::dossier {

std::string HistoryHash(std::string_view prev_hash_hex, std::string_view payload) {
  std::string text;
  text.reserve(prev_hash_hex.size() + 1 + payload.size());
  text.append(prev_hash_hex).append(1, '\n').append(payload);
  return base::Sha256Hex(text);
}

HistoryCheck VerifyHistoryChain(const std::vector<StoredHistoryEntry>& entries, int64_t expected_entries) {
  HistoryCheck check;
  std::string previous(kGenesisHash);
  auto broken = [&check](int64_t seq, std::string expected, std::string stored) {
    check.intact = false;
    check.first_broken_seq = seq;
    check.expected_hash = std::move(expected);
    check.stored_hash = std::move(stored);
  };
  if (!entries.empty()) check.head_hash = entries.back().hash;
  for (size_t i = 0; i < entries.size(); ++i) {
    const StoredHistoryEntry& entry = entries[i];
    const int64_t want_seq = static_cast<int64_t>(i) + 1;
    ++check.entries_checked;
    if (entry.seq != want_seq) {  // an entry was deleted (or renumbered): the chain breaks where it is missing
      broken(want_seq, "", "");
      return check;
    }
    if (entry.prev_hash != previous) {
      broken(entry.seq, previous, entry.prev_hash);
      return check;
    }
    std::string recomputed = HistoryHash(entry.prev_hash, entry.payload);
    if (recomputed != entry.hash) {
      broken(entry.seq, std::move(recomputed), entry.hash);
      return check;
    }
    previous = entry.hash;
  }
  if (static_cast<int64_t>(entries.size()) < expected_entries) {  // the tail was cut
    broken(static_cast<int64_t>(entries.size()) + 1, "", "");
  }
  return check;
}

}  // namespace tdkt::dossier
