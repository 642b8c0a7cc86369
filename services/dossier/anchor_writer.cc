#include "services/dossier/anchor_writer.h"

#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/common/pg_pool.h"
#include "services/dossier/store_sql.h"

namespace tdkt::dossier {
namespace {

using namespace store_sql;  // NOLINT: the shared SQL helpers of the store

// Any fixed number: the key of the one-checkpoint-at-a-time lock (pg_try_advisory_xact_lock).
constexpr int64_t kCheckpointLockKey = 0x7464'6b74'616e'6331;  // "tdktanc1"

// The dossiers to anchor: updated since `since` (Unix microseconds; "" = ever), their current version not
// anchored, with the hash of that history entry (a dossier whose head entry is missing is not anchored:
// VerifyHistory reports it), oldest update first.
std::string CandidatesSql() {
  return absl::StrCat(
      "SELECT d.id, d.version, e.hash, ", MicrosOf("d.updated_at"),
      " FROM dossier.dossier d JOIN dossier.event e ON e.dossier_id = d.id AND e.seq = d.version "
      "WHERE d.updated_at >= coalesce(", TsOf("NULLIF($1, '')"), ", '-infinity'::timestamptz) "
      "AND NOT EXISTS (SELECT 1 FROM anchor.head h WHERE h.dossier_id = d.id AND h.version = d.version) "
      "ORDER BY d.updated_at, d.id LIMIT $2");
}

}  // namespace

absl::StatusOr<int64_t> AnchorWriter::Checkpoint() const {
  int64_t anchored = 0;
  TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& w) -> absl::Status {
    if (!w.exec_params1("SELECT pg_try_advisory_xact_lock($1)", kCheckpointLockKey)[0].as<bool>()) {
      return absl::OkStatus();
    }
    const pqxx::result last = w.exec(absl::StrCat("SELECT ", MicrosOf("through_updated_at"),
                                                  " FROM anchor.checkpoint ORDER BY id DESC LIMIT 1"));
    const std::string since =
        last.empty() ? std::string()
                     : std::to_string(last[0][0].as<int64_t>() - absl::ToInt64Microseconds(kLateCommitMargin));
    static const std::string kCandidates = CandidatesSql();
    const pqxx::result heads = w.exec_params(kCandidates, since, kMaxHeadsPerCheckpoint);
    if (heads.empty()) return absl::OkStatus();

    const absl::Time now = absl::FromUnixMicros(absl::ToUnixMicros(clock_.Now()));
    const int64_t through_us = heads[heads.size() - 1][3].as<int64_t>();
    static const std::string kCheckpoint = absl::StrCat(
        "INSERT INTO anchor.checkpoint (taken_at, through_updated_at, head_count) VALUES (", Ts(1), ", ", Ts(2),
        ", $3) RETURNING id");
    const int64_t checkpoint_id = w.exec_params1(kCheckpoint, absl::ToUnixMicros(now), through_us,
                                                 static_cast<int>(heads.size()))[0].as<int64_t>();
    std::vector<std::string> ids, versions, hashes, public_keys, signatures;
    for (const auto& row : heads) {
      HistoryAnchor anchor{.dossier_id = row[0].as<std::string>(),
                           .version = row[1].as<int64_t>(),
                           .hash = row[2].as<std::string>(),
                           .checkpoint_id = checkpoint_id,
                           .anchored_at = now};
      key_.Sign(anchor);
      ids.push_back(anchor.dossier_id);
      versions.push_back(std::to_string(anchor.version));
      hashes.push_back(anchor.hash);
      public_keys.push_back(base::HexOf(anchor.public_key));
      signatures.push_back(base::HexOf(anchor.signature));
    }
    static const std::string kHeads = absl::StrCat(
        "INSERT INTO anchor.head (dossier_id, version, hash, checkpoint_id, anchored_at, public_key, signature) "
        "SELECT u.id, u.version, u.hash, $1, ", Ts(2), ", decode(u.public_key, 'hex'), decode(u.signature, 'hex') "
        "FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[]) "
        "AS u(id, version, hash, public_key, signature) ON CONFLICT DO NOTHING");
    w.exec_params(kHeads, checkpoint_id, absl::ToUnixMicros(now), TextArray(ids), TextArray(versions),
                  TextArray(hashes), TextArray(public_keys), TextArray(signatures));
    anchored = static_cast<int64_t>(heads.size());
    return absl::OkStatus();
  }));
  return anchored;
}

}  // namespace tdkt::dossier
