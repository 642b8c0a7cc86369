#pragma once
// PgbenchReference: the same SQL as one dossier transition (dossier_store.cc: DossierStore::InTransition and
// TransitionTransaction), run by pgbench against the same database — the reference of transition_bench.
//
// Prepare() copies a seeded dossier (row, history, deadlines) once per pgbench client as "pgb-<client>", and
// writes a script whose one transaction holds the service's statements: the idempotency claim, the row lock,
// the load of the dossier with its last deadline and history head, the versioned update, the event insert,
// the deadline upsert, the outbox insert and the idempotency record. Payload sizes are the averages of the
// rows the service wrote while seeding.
#include <string>

#include "absl/status/statusor.h"
#include "bench/transition/bench_service.h"

namespace tdkt::bench {

class PgbenchReference {
 public:
  PgbenchReference(std::string database_url, std::string template_dossier_id, int max_clients);
  ~PgbenchReference();

  absl::Status Prepare();
  // pgbench -n -M extended -c <clients> -j <≤2> -T <seconds>; latencies from its per-transaction log.
  absl::StatusOr<LatencySummary> Run(int clients, int seconds);

 private:
  std::string database_url_;
  std::string template_id_;
  int max_clients_;
  std::string dir_;  // the script and logs
};

}  // namespace tdkt::bench
