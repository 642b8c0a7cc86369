#include "services/dossier/history_replay.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/dossier/snapshot_codec.h"
#include "workflow/dossier_state.h"

namespace tdkt::dossier {
namespace {

HistoryFinding RowMismatch(int64_t seq, std::string problem_vi) {
  return HistoryFinding{.problem = HistoryProblem::kRowMismatch, .seq = seq, .problem_vi = std::move(problem_vi)};
}

// A field of the row against the history: "<what>: hồ sơ ghi <row>, lịch sử dẫn đến <history>".
template <typename T>
std::optional<HistoryFinding> Differs(int64_t seq, const char* what_vi, const char* what_en, const T& row,
                                      const T& history) {
  if (row == history) return std::nullopt;
  return RowMismatch(seq, absl::StrCat(what_vi, " của hồ sơ là ", row, " nhưng lịch sử dẫn đến ", history,
                                       " (the dossier row's ", what_en, " differs from its history)"));
}

}  // namespace

ReplayedHistory ReplayHistory(const std::string& dossier_id, const std::vector<StoredHistoryEntry>& entries) {
  ReplayedHistory replay;
  std::optional<HistoryHead> head;
  for (const StoredHistoryEntry& entry : entries) {
    HistoryHead next;
    std::string from_state, named_dossier;
    std::optional<int64_t> named_seq;
    try {
      const nlohmann::json j = nlohmann::json::parse(entry.payload);
      from_state = j.at("from_state").get<std::string>();
      next.state = j.at("to_state").get<std::string>();
      next.level_index = j.at("level_index").get<int>();
      next.holder_org_id = j.at("org_id").get<std::string>();
      named_dossier = j.value("dossier_id", dossier_id);
      if (j.contains("seq")) named_seq = j.at("seq").get<int64_t>();
      if (j.contains("occurred_at_us")) next.updated_at = absl::FromUnixMicros(j.at("occurred_at_us").get<int64_t>());
      next.snapshot_sha256 = j.value("snapshot_sha256", std::string());
    } catch (const nlohmann::json::exception& e) {
      replay.finding = RowMismatch(entry.seq, absl::StrCat("Không đọc được bản ghi lịch sử số ", entry.seq,
                                                           " (not a history entry: ", e.what(), ")"));
      return replay;
    }
    next.version = entry.seq;
    const std::string previous_state = head ? head->state : std::string();  // the first entry starts from none
    if (named_dossier != dossier_id || (named_seq && *named_seq != entry.seq) || from_state != previous_state) {
      replay.finding = RowMismatch(
          entry.seq, absl::StrCat("Bản ghi lịch sử số ", entry.seq, " không nối tiếp bản ghi trước (entry starts "
                                  "from state '", from_state, "' where the one before ended in '", previous_state,
                                  "', or names another dossier or entry)"));
      return replay;
    }
    head = std::move(next);
  }
  replay.head = std::move(head);
  return replay;
}

std::optional<HistoryFinding> CheckRowAgainstHistory(const HistoryHead& head,
                                                     const workflow::DossierSnapshot& snapshot,
                                                     const DossierRowColumns& columns) {
  const int64_t seq = snapshot.version;
  const std::string snapshot_state(workflow::DossierStateCode(snapshot.state));
  for (auto finding : {Differs(seq, "Phiên bản", "version", snapshot.version, head.version),
                       Differs(seq, "Trạng thái", "state", snapshot_state, head.state),
                       Differs(seq, "Cấp đang xử lý", "level", snapshot.level_index, head.level_index),
                       Differs(seq, "Đơn vị đang giữ", "holder", snapshot.holder_org_id, head.holder_org_id),
                       Differs(seq, "Phiên bản (cột)", "version column", columns.version, head.version),
                       Differs(seq, "Trạng thái (cột)", "state column", columns.state, head.state),
                       Differs(seq, "Cấp đang xử lý (cột)", "level column", columns.level_index, head.level_index),
                       Differs(seq, "Đơn vị đang giữ (cột)", "holder column", columns.holder_org_id,
                               head.holder_org_id)}) {
    if (finding) return finding;
  }
  if (head.updated_at) {
    const int64_t history_us = absl::ToUnixMicros(*head.updated_at);
    for (auto finding : {Differs(seq, "Thời điểm cập nhật", "update time", absl::ToUnixMicros(snapshot.updated_at),
                                 history_us),
                         Differs(seq, "Thời điểm cập nhật (cột)", "update time column",
                                 absl::ToUnixMicros(columns.updated_at), history_us)}) {
      if (finding) return finding;
    }
  }
  if (!head.snapshot_sha256.empty()) {
    const std::string digest = SnapshotDigest(snapshot);
    if (digest != head.snapshot_sha256) {
      HistoryFinding finding = RowMismatch(
          seq, absl::StrCat("Nội dung hồ sơ khác với nội dung lịch sử đã ghi ở phiên bản ", head.version,
                            " (the snapshot's digest differs from the one the last history entry recorded)"));
      finding.expected_hash = head.snapshot_sha256;
      finding.stored_hash = digest;
      return finding;
    }
  }
  return std::nullopt;
}

}  // namespace tdkt::dossier
