#include "services/campaign/report_applier.h"

#include <map>
#include <optional>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/campaign/report_projection.h"
#include "tdkt/v1/events.pb.h"

namespace tdkt::campaign {
namespace {

using Dossiers = std::map<std::string, std::optional<ReportDossier>>;

const char* Bool(bool value) { return value ? "true" : "false"; }

std::string MonthText(absl::CivilMonth month) { return absl::StrFormat("%04d-%02d-01", month.year(), month.month()); }

absl::CivilMonth MonthOf(const pqxx::field& field) {
  const std::string text = field.as<std::string>();  // YYYY-MM-DD
  return absl::CivilMonth(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)));
}

void LoadDossiers(pqxx::work& txn, Dossiers& dossiers) {
  std::vector<std::string> ids;
  for (const auto& [id, unused] : dossiers) ids.push_back(txn.quote(id));
  const pqxx::result rows = txn.exec(absl::StrCat(
      "SELECT dossier_id, applied_version, applied_types, array_to_json(org_path)::text, opened_month::text, award_code, state, level, "
      "individual, female, direct_worker, decided_month::text, live_deadline_id, overdue_deadline_id, "
      "complaint_open FROM campaign.report_dossier WHERE dossier_id IN (",
      absl::StrJoin(ids, ","), ") ORDER BY dossier_id FOR UPDATE"));
  for (const pqxx::row& r : rows) {
    ReportDossier d;
    d.dossier_id = r[0].as<std::string>();
    d.applied_version = r[1].as<int64_t>();
    d.applied_types = static_cast<uint64_t>(r[2].as<int64_t>());
    for (const auto& org : nlohmann::json::parse(r[3].as<std::string>())) d.org_path.push_back(org.get<std::string>());
    d.opened_month = MonthOf(r[4]);
    d.award_code = r[5].as<std::string>();
    d.state = r[6].as<int>();
    d.level = r[7].as<int>();
    d.individual = r[8].as<bool>();
    d.female = r[9].as<bool>();
    d.direct_worker = r[10].as<bool>();
    if (!r[11].is_null()) d.decided_month = MonthOf(r[11]);
    d.live_deadline_id = r[12].as<std::string>();
    d.overdue_deadline_id = r[13].as<std::string>();
    d.complaint_open = r[14].as<bool>();
    dossiers[d.dossier_id] = std::move(d);
  }
}

std::string OrgPathArray(pqxx::work& txn, const std::vector<std::string>& path) {
  std::vector<std::string> quoted;
  for (const std::string& org : path) quoted.push_back(txn.quote(org));
  return absl::StrCat("ARRAY[", absl::StrJoin(quoted, ","), "]::text[]");
}

// INSERT … VALUES <rows> ON CONFLICT (<key>) DO UPDATE SET <sums>: adds the deltas to the counters.
void Upsert(pqxx::work& txn, const std::string& table, const std::string& columns, const std::string& key,
            const std::vector<std::string>& sums, const std::vector<std::string>& rows) {
  if (rows.empty()) return;
  std::vector<std::string> sets;
  for (const std::string& column : sums) sets.push_back(absl::StrCat(column, " = t.", column, " + EXCLUDED.", column));
  txn.exec(absl::StrCat("INSERT INTO campaign.", table, " AS t (", columns, ") VALUES ", absl::StrJoin(rows, ","),
                        " ON CONFLICT (", key, ") DO UPDATE SET ", absl::StrJoin(sets, ", ")));
}

void WriteDossiers(pqxx::work& txn, const Dossiers& dossiers) {
  std::vector<std::string> rows;
  for (const auto& [id, d] : dossiers) {
    if (!d) continue;
    rows.push_back(absl::StrCat(
        "(", txn.quote(d->dossier_id), ",", d->applied_version, ",", static_cast<int64_t>(d->applied_types), ",",
        OrgPathArray(txn, d->org_path), ",'", MonthText(d->opened_month), "',", txn.quote(d->award_code), ",", d->state, ",",
        d->level, ",", Bool(d->individual), ",", Bool(d->female), ",", Bool(d->direct_worker), ",",
        d->decided_month ? absl::StrCat("'", MonthText(*d->decided_month), "'") : "NULL", ",",
        txn.quote(d->live_deadline_id), ",", txn.quote(d->overdue_deadline_id), ",", Bool(d->complaint_open), ")"));
  }
  if (rows.empty()) return;
  txn.exec(absl::StrCat(
      "INSERT INTO campaign.report_dossier (dossier_id, applied_version, applied_types, org_path, opened_month, "
      "award_code, state, level, individual, female, direct_worker, decided_month, live_deadline_id, "
      "overdue_deadline_id, complaint_open) VALUES ",
      absl::StrJoin(rows, ","),
      " ON CONFLICT (dossier_id) DO UPDATE SET applied_version = EXCLUDED.applied_version, "
      "applied_types = EXCLUDED.applied_types, award_code = EXCLUDED.award_code, state = EXCLUDED.state, "
      "level = EXCLUDED.level, individual = EXCLUDED.individual, female = EXCLUDED.female, "
      "direct_worker = EXCLUDED.direct_worker, decided_month = EXCLUDED.decided_month, "
      "live_deadline_id = EXCLUDED.live_deadline_id, overdue_deadline_id = EXCLUDED.overdue_deadline_id, "
      "complaint_open = EXCLUDED.complaint_open"));
}

void WriteDeltas(pqxx::work& txn, const ReportDeltas& deltas) {
  std::vector<std::string> rows;
  for (const auto& [k, n] : deltas.dossiers) {
    if (n == 0) continue;
    const auto& [org, month, level, award, state] = k;
    rows.push_back(absl::StrCat("(", txn.quote(org), ",'", MonthText(month), "',", level, ",", txn.quote(award), ",",
                                state, ",", n, ")"));
  }
  Upsert(txn, "report_dossier_count", "org_id, month, level, award_code, state, dossiers",
         "org_id, month, level, award_code, state", {"dossiers"}, rows);
  rows.clear();
  for (const auto& [k, a] : deltas.awards) {
    if (a.decided == 0 && a.to_individuals == 0 && a.to_women == 0 && a.to_direct_workers == 0) continue;
    const auto& [org, month, award] = k;
    rows.push_back(absl::StrCat("(", txn.quote(org), ",'", MonthText(month), "',", txn.quote(award), ",", a.decided,
                                ",", a.to_individuals, ",", a.to_women, ",", a.to_direct_workers, ")"));
  }
  Upsert(txn, "report_award_count", "org_id, month, award_code, decided, to_individuals, to_women, to_direct_workers",
         "org_id, month, award_code", {"decided", "to_individuals", "to_women", "to_direct_workers"}, rows);
  rows.clear();
  for (const auto& [k, a] : deltas.appraisals) {
    const auto& [org, month, level, days] = k;
    rows.push_back(absl::StrCat("(", txn.quote(org), ",'", MonthText(month), "',", level, ",", days, ",",
                                a.appraisals, ",", a.days_sum, ")"));
  }
  Upsert(txn, "report_appraisal_count", "org_id, month, level, working_days, appraisals, days_sum",
         "org_id, month, level, working_days", {"appraisals", "days_sum"}, rows);
  rows.clear();
  for (const auto& [k, n] : deltas.overdue) {
    const auto& [org, month, level] = k;
    rows.push_back(absl::StrCat("(", txn.quote(org), ",'", MonthText(month), "',", level, ",", n, ")"));
  }
  Upsert(txn, "report_overdue_count", "org_id, month, level, overdue", "org_id, month, level", {"overdue"}, rows);
  rows.clear();
  for (const auto& [k, c] : deltas.complaints) {
    rows.push_back(
        absl::StrCat("(", txn.quote(k.first), ",'", MonthText(k.second), "',", c.received, ",", c.resolved, ")"));
  }
  Upsert(txn, "report_complaint_count", "org_id, month, received, resolved", "org_id, month",
         {"received", "resolved"}, rows);
}

}  // namespace

absl::StatusOr<ReportApplyCounts> ReportApplier::Apply(const std::vector<std::string>& envelopes) {
  ReportApplyCounts counts;
  std::vector<tdkt::v1::EventEnvelope> events;
  Dossiers dossiers;
  for (size_t i = 0; i < envelopes.size(); ++i) {
    tdkt::v1::EventEnvelope event;
    if (!event.ParseFromString(envelopes[i])) {
      spdlog::warn("reports: entry {} of a batch of {} is not an event envelope; skipped", i, envelopes.size());
      ++counts.ignored;
      continue;
    }
    if (!event.dossier_id().empty()) dossiers.emplace(event.dossier_id(), std::nullopt);
    events.push_back(std::move(event));
  }
  const absl::Status written = pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
    ReportApplyCounts batch = counts;
    for (auto& [id, d] : dossiers) d.reset();
    if (!dossiers.empty()) LoadDossiers(txn, dossiers);
    ReportDeltas deltas;
    for (const tdkt::v1::EventEnvelope& event : events) {
      std::optional<ReportDossier> unused;
      std::optional<ReportDossier>& stored = event.dossier_id().empty() ? unused : dossiers[event.dossier_id()];
      switch (ProjectEvent(event, stored, deltas)) {
        case ProjectOutcome::kApplied: ++batch.applied; break;
        case ProjectOutcome::kDuplicate: ++batch.duplicates; break;
        case ProjectOutcome::kStale: ++batch.stale; break;
        case ProjectOutcome::kIgnored: ++batch.ignored; break;
      }
    }
    WriteDossiers(txn, dossiers);
    WriteDeltas(txn, deltas);
    counts = batch;
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  return counts;
}

}  // namespace tdkt::campaign
