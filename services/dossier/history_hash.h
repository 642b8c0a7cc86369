#pragma once
// The dossier history as a hash chain: each entry stores the hash of the entry before it and its own hash,
// SHA-256(prev_hash ‖ "\n" ‖ payload), where payload is the entry's canonical JSON text stored byte for byte.
// Editing a payload, deleting or reordering entries, or cutting the tail is detected by VerifyHistoryChain.
//
//   std::string h1 = HistoryHash(kGenesisHash, payload1);
//   std::string h2 = HistoryHash(h1, payload2);
//   HistoryCheck check = VerifyHistoryChain(entries, /*expected_entries=*/dossier.version);
//   if (!check.intact) report(check.first_broken_seq);
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tdkt::dossier {

// The prev_hash of the first entry: 64 hex zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Lower-case hex SHA-256(prev_hash_hex ‖ "\n" ‖ payload).
std::string HistoryHash(std::string_view prev_hash_hex, std::string_view payload);

// One stored entry as read back.
struct StoredHistoryEntry {
  int64_t seq = 0;
  std::string payload;
  std::string prev_hash;
  std::string hash;
};

struct HistoryCheck {
  bool intact = true;
  int64_t entries_checked = 0;
  int64_t first_broken_seq = 0;  // 0 when intact
  std::string head_hash;         // hash of the last stored entry
  std::string expected_hash;     // at first_broken_seq: what the chain says it should be
  std::string stored_hash;       // at first_broken_seq: what is stored
};

// Checks entries (sorted by seq) against each other: seq runs 1, 2, …, expected_entries without gaps; each
// prev_hash is the previous stored hash (kGenesisHash for seq 1); each hash recomputes from prev_hash and
// payload. The first failure names the seq where the chain breaks (a missing entry breaks at its own seq).
HistoryCheck VerifyHistoryChain(const std::vector<StoredHistoryEntry>& entries, int64_t expected_entries);

}  // namespace tdkt::dossier
