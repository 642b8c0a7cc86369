#include "services/dossier/history_hash.h"

#include <sodium.h>

#include <array>

namespace tdkt::dossier {
namespace {

std::string ToHex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return ToHex(digest.data(), digest.size());
}

std::string HistoryHash(std::string_view prev_hash_hex, std::string_view payload) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prev_hash_hex.data()),
                            prev_hash_hex.size());
  static constexpr unsigned char kSeparator = '\n';
  crypto_hash_sha256_update(&state, &kSeparator, 1);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return ToHex(digest.data(), digest.size());
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
