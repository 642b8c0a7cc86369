#pragma once
// ReportStore: the reports' counters (migrations/002_reports.sql) summed over an organisation subtree and a range
// of months — one query per counter table, each a join of the counters with the subtree's origin units
// (report_org_ancestor), so its cost follows the number of counter rows, not the number of dossiers.
//
//   TDKT_ASSIGN_OR_RETURN(ReportCounters counters, ReportStore::Sum(txn, "PT", {2024, 1}, {2024, 12}));
#include <string>

#include "absl/time/civil_time.h"
#include "services/campaign/report_figures.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

class ReportStore {
 public:
  // Months `from` through `until`, inclusive.
  static ReportCounters Sum(pqxx::transaction_base& txn, const std::string& root_org_id, absl::CivilMonth from,
                            absl::CivilMonth until);
};

}  // namespace tdkt::campaign
