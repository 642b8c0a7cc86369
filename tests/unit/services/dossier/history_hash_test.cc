#include "base/sha256.h"
#include "services/dossier/history_hash.h"

#include <gtest/gtest.h>

namespace tdkt::dossier {
namespace {

TEST(HistoryHash, Sha256OfKnownVector) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(base::Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HistoryHash, ChainsPreviousHashAndPayload) {
  EXPECT_EQ(HistoryHash(kGenesisHash, "{}"), base::Sha256Hex(std::string(kGenesisHash) + "\n{}"));
  EXPECT_NE(HistoryHash(kGenesisHash, "{}"), HistoryHash(HistoryHash(kGenesisHash, "x"), "{}"));
}

std::vector<StoredHistoryEntry> Chain(int n) {
  std::vector<StoredHistoryEntry> entries;
  std::string prev(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    std::string payload = "{\"seq\":" + std::to_string(i) + "}";
    std::string hash = HistoryHash(prev, payload);
    entries.push_back({i, payload, prev, hash});
    prev = hash;
  }
  return entries;
}

TEST(VerifyHistoryChain, IntactChain) {
  const HistoryCheck check = VerifyHistoryChain(Chain(4), 4);
  EXPECT_TRUE(check.intact);
  EXPECT_EQ(check.entries_checked, 4);
  EXPECT_EQ(check.first_broken_seq, 0);
  EXPECT_EQ(check.head_hash, Chain(4).back().hash);
}

TEST(VerifyHistoryChain, EditedPayload) {
  auto entries = Chain(4);
  entries[2].payload = "{\"seq\":99}";
  const HistoryCheck check = VerifyHistoryChain(entries, 4);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_broken_seq, 3);
  EXPECT_EQ(check.stored_hash, entries[2].hash);
  EXPECT_EQ(check.expected_hash, HistoryHash(entries[2].prev_hash, entries[2].payload));
}

TEST(VerifyHistoryChain, EditRehashedBreaksNextLink) {
  auto entries = Chain(4);
  entries[1].payload = "{}";
  entries[1].hash = HistoryHash(entries[1].prev_hash, "{}");
  EXPECT_EQ(VerifyHistoryChain(entries, 4).first_broken_seq, 3);
}

TEST(VerifyHistoryChain, DeletedMiddleAndTail) {
  auto entries = Chain(4);
  entries.erase(entries.begin() + 1);
  EXPECT_EQ(VerifyHistoryChain(entries, 4).first_broken_seq, 2);
  auto tail = Chain(4);
  tail.pop_back();
  EXPECT_EQ(VerifyHistoryChain(tail, 4).first_broken_seq, 4);
  EXPECT_EQ(VerifyHistoryChain({}, 1).first_broken_seq, 1);
}

}  // namespace
}  // namespace tdkt::dossier
