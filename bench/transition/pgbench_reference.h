#pragma once
// PgbenchReference: pgbench writing, on the same database, the rows a dossier transition writes — the
// references of transition_bench.
//
// The bench records the rows the service wrote for each of the two transitions it alternates (CaptureStep after
// ReturnForSupplement, then after ResubmitDossier): the dossier's changed columns, the history entry, the
// deadline row, the outbox rows and the idempotency row with its sealed response. Both scripts write exactly
// those rows again, step after step, on copies of the dossier (one per pgbench client, fresh for every run):
//
// - kSingleTransaction: the floor. One transaction with nothing but the writes: the idempotency row with its
//   response, the dossier update checked against the version the client holds, the history entry chained to
//   the previous entry's hash (hash = SHA-256(prev_hash ‖ '\n' ‖ payload), computed by the server), the
//   deadline upsert and the outbox rows.
// - kServiceStatements: the statements DossierStore issues for a transition (dossier_store.cc,
//   services/common/idempotency.cc), in its one transaction: SET LOCAL synchronous_commit, the idempotency
//   claim, the row lock, the load of the row with its last deadline and history head, the writes above, the
//   idempotency record.
// Both run with pgbench -M prepared (parsed and planned once per connection), as the service prepares them
// (services/common/prepared_statement.h).
//
// Any failed statement (a version that no longer matches, a duplicate request id) aborts pgbench, so a run
// that completes wrote every row it counted.
#include <string>

#include "absl/status/statusor.h"
#include "bench/transition/bench_service.h"

namespace tdkt::bench {

class PgbenchReference {
 public:
  enum class Script { kSingleTransaction, kServiceStatements };

  PgbenchReference(std::string database_url, std::string template_dossier_id);
  ~PgbenchReference();

  // Records what the service wrote for the template dossier's last transition as step `step` (0: returned for
  // supplement, 1: resubmitted). Call after each of the two, in that order, then Prepare().
  absl::Status CaptureStep(int step);
  // Freezes a copy of the template (now under review again) and writes the scripts.
  absl::Status Prepare();
  // pgbench -n -c <clients> -j <≤2> -T <seconds> on `clients` fresh copies of the frozen dossier; latencies from
  // its per-transaction log.
  absl::StatusOr<LatencySummary> Run(Script script, int clients, int seconds);

 private:
  std::string database_url_;
  std::string template_id_;
  std::string dir_;  // the scripts and logs
  long long first_version_ = 0;
  std::string first_head_hash_;
  int runs_ = 0;
};

}  // namespace tdkt::bench
