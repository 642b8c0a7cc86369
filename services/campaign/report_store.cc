#include "services/campaign/report_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tdkt::campaign {
namespace {

std::string MonthText(absl::CivilMonth month) { return absl::StrFormat("%04d-%02d-01", month.year(), month.month()); }

// The rows of the counter table `table` kept for the subtree's root, within the months; `select` and `group` name
// the counter's columns (alias c).
pqxx::result SumOver(pqxx::transaction_base& txn, const std::string& table, const std::string& select,
                     const std::string& group, const std::string& root, absl::CivilMonth from,
                     absl::CivilMonth until) {
  return txn.exec_params(
      absl::StrCat("SELECT ", select, " FROM campaign.", table,
                   " c WHERE c.org_id = $1 AND c.month BETWEEN $2::date AND $3::date",
                   group.empty() ? "" : absl::StrCat(" GROUP BY ", group, " ORDER BY ", group)),
      root, MonthText(from), MonthText(until));
}

}  // namespace

ReportCounters ReportStore::Sum(pqxx::transaction_base& txn, const std::string& root, absl::CivilMonth from,
                                absl::CivilMonth until) {
  ReportCounters out;
  for (const pqxx::row& r : SumOver(txn, "report_dossier_count", "c.level, c.state, c.award_code, sum(c.dossiers)",
                                    "c.level, c.state, c.award_code", root, from, until)) {
    if (r[3].as<int64_t>() == 0) continue;
    tdkt::v1::DossierCount& count = out.dossiers.emplace_back();
    count.set_level(static_cast<tdkt::v1::OrgLevel>(r[0].as<int>()));
    count.set_state(static_cast<tdkt::v1::DossierState>(r[1].as<int>()));
    count.set_award_code(r[2].as<std::string>());
    count.set_dossiers(r[3].as<int64_t>());
  }
  for (const pqxx::row& r : SumOver(txn, "report_award_count",
                                    "c.award_code, sum(c.decided), sum(c.to_individuals), sum(c.to_women), "
                                    "sum(c.to_direct_workers)",
                                    "c.award_code", root, from, until)) {
    if (r[1].as<int64_t>() == 0) continue;
    tdkt::v1::AwardCount& award = out.awards.emplace_back();
    award.set_award_code(r[0].as<std::string>());
    award.set_decided(r[1].as<int64_t>());
    award.set_to_individuals(r[2].as<int64_t>());
    award.set_to_women(r[3].as<int64_t>());
    award.set_to_direct_workers(r[4].as<int64_t>());
  }
  for (const pqxx::row& r : SumOver(txn, "report_appraisal_count",
                                    "c.level, c.working_days, sum(c.appraisals), sum(c.days_sum)",
                                    "c.level, c.working_days", root, from, until)) {
    out.appraisals.push_back(
        {r[0].as<int>(), r[1].as<int>(), r[2].as<int64_t>(), r[3].as<int64_t>()});
  }
  for (const pqxx::row& r :
       SumOver(txn, "report_overdue_count", "c.level, sum(c.overdue)", "c.level", root, from, until)) {
    out.overdue[r[0].as<int>()] = r[1].as<int64_t>();
  }
  const pqxx::result complaints = SumOver(txn, "report_complaint_count",
                                          "coalesce(sum(c.received), 0), coalesce(sum(c.resolved), 0)", "", root,
                                          from, until);
  out.complaints.set_received(complaints[0][0].as<int64_t>());
  out.complaints.set_resolved(complaints[0][1].as<int64_t>());
  return out;
}

}  // namespace tdkt::campaign
