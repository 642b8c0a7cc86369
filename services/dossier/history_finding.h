#pragma once
// HistoryFinding: one thing wrong with a dossier's history, as the checks of VerifyHistory report it (the chain:
// history_hash.h, the anchors and the replay: history_audit.h, history_replay.h). The message is Vietnamese for
// the client, with an English detail for operators in parentheses; it carries ids, versions and codes only.
#include <cstdint>
#include <string>

namespace tdkt::dossier {

// The kinds of tdkt.v1.HistoryProblem.
enum class HistoryProblem { kNone, kChainBroken, kAnchorForged, kAnchorMismatch, kRowMismatch };

struct HistoryFinding {
  HistoryProblem problem = HistoryProblem::kNone;
  int64_t seq = 0;              // the entry concerned
  std::string expected_hash{};  // what it should be (recomputed, anchored, recorded), when a hash is at stake
  std::string stored_hash{};    // what is there
  std::string problem_vi{};
};

}  // namespace tdkt::dossier
