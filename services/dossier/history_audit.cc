#include "services/dossier/history_audit.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"

namespace tdkt::dossier {
namespace {

std::optional<HistoryFinding> ChainFinding(const HistoryCheck& check) {
  if (check.intact) return std::nullopt;
  return HistoryFinding{
      .problem = HistoryProblem::kChainBroken,
      .seq = check.first_broken_seq,
      .expected_hash = check.expected_hash,
      .stored_hash = check.stored_hash,
      .problem_vi = absl::StrCat("Chuỗi băm của lịch sử bị đứt tại bản ghi số ", check.first_broken_seq,
                                 " (an entry was edited, deleted, reordered or cut off)")};
}

// Checks every anchor, in version order; the first one that fails, and the highest that holds.
std::optional<HistoryFinding> AnchorFinding(const HistoryAuditInput& input, int64_t& anchored_through) {
  std::vector<const HistoryAnchor*> anchors;
  for (const HistoryAnchor& a : input.anchors) anchors.push_back(&a);
  std::sort(anchors.begin(), anchors.end(), [](const auto* a, const auto* b) { return a->version < b->version; });
  std::optional<HistoryFinding> first;
  for (const HistoryAnchor* a : anchors) {
    std::optional<HistoryFinding> finding;
    // The entry at version v is entries[v - 1] only while seq runs 1, 2, …: look it up by seq.
    const auto entry = std::find_if(input.entries.begin(), input.entries.end(),
                                    [a](const StoredHistoryEntry& e) { return e.seq == a->version; });
    if (a->dossier_id != input.snapshot.id || !AnchorSignatureValid(*a, input.anchor_key)) {
      finding = HistoryFinding{
          .problem = HistoryProblem::kAnchorForged,
          .seq = a->version,
          .problem_vi = absl::StrCat("Mốc neo của lịch sử ở phiên bản ", a->version,
                                     " không có chữ ký hợp lệ của dịch vụ (the anchor's signature does not verify "
                                     "with the service's anchor key: a forged or altered anchor row)")};
    } else if (entry == input.entries.end()) {
      finding = HistoryFinding{
          .problem = HistoryProblem::kAnchorMismatch,
          .seq = a->version,
          .expected_hash = a->hash,
          .problem_vi = absl::StrCat("Lịch sử không còn bản ghi số ", a->version,
                                     " đã được neo (the history was cut back since that version was anchored)")};
    } else if (entry->hash != a->hash) {
      finding = HistoryFinding{
          .problem = HistoryProblem::kAnchorMismatch,
          .seq = a->version,
          .expected_hash = a->hash,
          .stored_hash = entry->hash,
          .problem_vi = absl::StrCat("Bản ghi lịch sử số ", a->version,
                                     " khác với bản đã được neo (the history was rewritten since that version was "
                                     "anchored)")};
    }
    if (finding) {
      if (!first) first = std::move(finding);
    } else if (!first) {
      anchored_through = std::max(anchored_through, a->version);
    }
  }
  return first;
}

std::optional<HistoryFinding> ReplayFinding(const HistoryAuditInput& input) {
  const ReplayedHistory replay = ReplayHistory(input.snapshot.id, input.entries);
  if (replay.finding) return replay.finding;
  if (!replay.head) return std::nullopt;  // no entries: the chain check reports it
  return CheckRowAgainstHistory(*replay.head, input.snapshot, input.columns);
}

}  // namespace

HistoryAudit AuditHistory(const HistoryAuditInput& input) {
  HistoryAudit audit;
  const HistoryCheck chain = VerifyHistoryChain(input.entries, input.snapshot.version);
  audit.entries_checked = chain.entries_checked;
  audit.head_hash = chain.head_hash;
  std::optional<HistoryFinding> anchors = AnchorFinding(input, audit.anchored_through_version);
  std::optional<HistoryFinding> first = ChainFinding(chain);
  if (!first) first = std::move(anchors);
  if (!first) first = ReplayFinding(input);
  if (first) {
    audit.intact = false;
    audit.finding = std::move(*first);
  }
  return audit;
}

}  // namespace tdkt::dossier
