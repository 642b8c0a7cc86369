#pragma once
// ReportStore: the reports' counters (migrations/002_reports.sql) of an organisation subtree summed over a range
// of months — one query per counter table over the rows kept for the subtree's root (an index range scan of its
// primary key), so its cost follows the number of months and cells, not the number of dossiers.
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
