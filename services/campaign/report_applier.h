#pragma once
// ReportApplier: applies a batch of tdkt:events entries to the reports' read model (migrations/002_reports.sql)
// in one transaction: it locks the batch's dossiers' rows (report_dossier), moves each dossier between counter
// cells event by event (ProjectEvent, report_projection.h), then writes the dossiers' rows and the batch's summed
// counter deltas in key order. All or nothing: an error writes nothing and the consumer offers the same entries
// again; an envelope that cannot be parsed is skipped (logged by its position, never by content).
//
//   ReportApplier applier(pool);
//   TDKT_ASSIGN_OR_RETURN(ReportApplyCounts counts, applier.Apply(envelopes));
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/pg_pool.h"

namespace tdkt::campaign {

struct ReportApplyCounts {
  int64_t applied = 0;
  int64_t duplicates = 0;  // a type already applied at the dossier's version
  int64_t stale = 0;       // older than the dossier's applied version
  int64_t ignored = 0;     // not a dossier event, or not parseable
};

class ReportApplier {
 public:
  explicit ReportApplier(common::PgPool* pool) : pool_(pool) {}

  absl::StatusOr<ReportApplyCounts> Apply(const std::vector<std::string>& envelopes);

 private:
  common::PgPool* pool_;
};

}  // namespace tdkt::campaign
