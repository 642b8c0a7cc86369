#pragma once
// FillFigures: a report's figures from its summed counters (ReportStore::Sum) and, when given, the campaign whose
// targets and share rule they are set against — totals, targets reached, the share of awards to direct workers,
// farmers and producers, the share to women, and per level the appraisals, overdue ones, the average and the 90th
// percentile (nearest rank over the working-day histogram).
//
//   FillFigures(counters, &campaign, report);   // report.org_id, period and computed_at are the caller's
#include <cstdint>
#include <map>
#include <vector>

#include "tdkt/v1/campaign.pb.h"
#include "tdkt/v1/report.pb.h"

namespace tdkt::campaign {

struct AppraisalBucket {
  int level = 0;
  int working_days = 0;  // capped at kAppraisalDaysCap
  int64_t appraisals = 0;
  int64_t days_sum = 0;
};

struct ReportCounters {
  std::vector<tdkt::v1::DossierCount> dossiers;  // by level, state, award
  std::vector<tdkt::v1::AwardCount> awards;      // by award code
  std::vector<AppraisalBucket> appraisals;       // by level, then working days ascending
  std::map<int, int64_t> overdue;                // by level
  tdkt::v1::ComplaintCounts complaints;
};

// `campaign` may be null: no targets, and the worker share without a rule.
void FillFigures(const ReportCounters& counters, const tdkt::v1::Campaign* campaign, tdkt::v1::Report& report);

}  // namespace tdkt::campaign
