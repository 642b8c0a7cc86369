// report_bench: a full report (ReportService.GetReport's work: ReportStore::Sum + FillFigures, proto/tdkt/v1/
// report.proto) for a province over `--dossiers` dossiers (default 1,000,000; target: under 2 s), and in the same
// run the plain-SQL reference: the same figures computed straight from one row per dossier (and one per level
// appraisal and per complaint), as a design without counters would store them.
//
// The data, on a private PostgreSQL (tests/support, durable commits): a province P with 10 districts of 10
// communes of 20 units (2,000 units); each dossier of a unit, opened on a day of 2024 (some decided in early
// 2025), with an award among 8 codes, a state and level in a realistic mix (about 60% decided or published), the
// nominee's kind, gender and occupation, 0–4 level appraisals of 0–44 working days (overdue above the level's
// allowance) and a complaint for 1%. The reference tables (bench_ref.*) are filled with generate_series; the
// read model's counters (campaign.report_*_count, migrations/002_reports.sql) are then filled from them with one
// INSERT … SELECT each — exactly the rows the consumer (report_applier.h) would have left after the same events,
// for every organisation of each dossier's path. Both answers are compared figure by figure before timing.
//
//   report_bench [--dossiers N] [--runs N]
//
// Prints Markdown for bench/RESULTS.md. Not part of ctest.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "campaign_migrations.h"
#include "services/campaign/report_figures.h"
#include "services/campaign/report_store.h"
#include "services/common/bootstrap.h"
#include "services/common/pg_pool.h"
#include "tests/support/local_servers.h"

namespace {

namespace v1 = tdkt::v1;
using tdkt::campaign::ReportCounters;
using tdkt::campaign::ReportStore;

struct Options {
  int64_t dossiers = 1'000'000;
  int runs = 9;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dossiers") (void)absl::SimpleAtoi(argv[i + 1], &o.dossiers);
    if (flag == "--runs") (void)absl::SimpleAtoi(argv[i + 1], &o.runs);
  }
  return o;
}

double Seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The synthetic history. Every choice is a hash of the dossier number i, so the reference and the counters are
// built from the same rows.
void LoadReference(pqxx::connection& c, int64_t dossiers) {
  pqxx::work txn(c);
  txn.exec(absl::StrCat(R"sql(
CREATE SCHEMA bench_ref;
CREATE TABLE bench_ref.dossier AS
SELECT i AS id,
       ARRAY['U' || lpad((i % 2000)::text, 4, '0'),
             'C' || lpad((i % 2000 / 20)::text, 3, '0'),
             'D' || lpad((i % 2000 / 200)::text, 2, '0'),
             'P'] AS org_path,
       date '2024-01-01' + ((i * 7919) % 366)::int AS opened_on,
       (ARRAY['GIAY_KHEN','LDTT','CSTD_CO_SO','TAP_THE_LDTT','TAP_THE_LDXS','CSTD_TINH','BANG_KHEN_TINH',
              'CO_THI_DUA_TINH'])[1 + (i * 31) % 8] AS award_code,
       s.state, s.level,
       (i % 5) <> 0 AS individual,
       (i % 5) <> 0 AND (i * 13) % 100 < 48 AS female,
       (i * 17) % 100 < 35 AS direct_worker
FROM generate_series(1::bigint, )sql", dossiers, R"sql() AS i,
     LATERAL (SELECT CASE WHEN h < 45 THEN 7 WHEN h < 60 THEN 8 WHEN h < 70 THEN 9 WHEN h < 75 THEN 1
                          WHEN h < 80 THEN 10 WHEN h < 88 THEN 3 WHEN h < 94 THEN 2 WHEN h < 97 THEN 4
                          ELSE 6 END AS state,
                     1 + (i * 7) % 4 AS level
              FROM (SELECT (i * 37) % 100 AS h) x) s;
ALTER TABLE bench_ref.dossier ADD COLUMN decided_on date;
UPDATE bench_ref.dossier SET decided_on = opened_on + ((id * 11) % 60)::int WHERE state IN (7, 8);
CREATE TABLE bench_ref.appraisal AS
SELECT d.id AS dossier_id, d.org_path, l AS level, d.opened_on + (l * 9 + (d.id % 5))::int AS ended_on,
       ((d.id * 3 + l * 7) % 45)::int AS working_days,
       ((d.id * 3 + l * 7) % 45) > CASE WHEN l = 4 THEN 25 ELSE 10 END AS overdue
FROM bench_ref.dossier d, generate_series(1, 4) AS l
WHERE d.state <> 1 AND l <= d.level;
CREATE TABLE bench_ref.complaint AS
SELECT d.id AS dossier_id, d.org_path, d.opened_on + 40 AS filed_on,
       CASE WHEN d.id % 2 = 0 THEN d.opened_on + 70 END AS resolved_on
FROM bench_ref.dossier d WHERE d.id % 100 = 3;
ANALYZE bench_ref.dossier; ANALYZE bench_ref.appraisal; ANALYZE bench_ref.complaint;
)sql"));
  txn.commit();
}

// The read model's counters from the same rows, for every organisation of each dossier's path.
void LoadCounters(pqxx::connection& c) {
  pqxx::work txn(c);
  txn.exec(R"sql(
INSERT INTO campaign.report_dossier_count (org_id, month, level, award_code, state, dossiers)
SELECT org, date_trunc('month', opened_on)::date, level, award_code, state, count(*)
FROM bench_ref.dossier, unnest(org_path) AS org GROUP BY 1, 2, 3, 4, 5;
INSERT INTO campaign.report_award_count (org_id, month, award_code, decided, to_individuals, to_women,
                                         to_direct_workers)
SELECT org, date_trunc('month', decided_on)::date, award_code, count(*), count(*) FILTER (WHERE individual),
       count(*) FILTER (WHERE female), count(*) FILTER (WHERE direct_worker)
FROM bench_ref.dossier, unnest(org_path) AS org WHERE decided_on IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO campaign.report_appraisal_count (org_id, month, level, working_days, appraisals, days_sum)
SELECT org, date_trunc('month', ended_on)::date, level, least(working_days, 60), count(*), sum(working_days)
FROM bench_ref.appraisal, unnest(org_path) AS org GROUP BY 1, 2, 3, 4;
INSERT INTO campaign.report_overdue_count (org_id, month, level, overdue)
SELECT org, date_trunc('month', ended_on)::date, level, count(*)
FROM bench_ref.appraisal, unnest(org_path) AS org WHERE overdue GROUP BY 1, 2, 3;
INSERT INTO campaign.report_complaint_count (org_id, month, received, resolved)
SELECT org, month, sum(received), sum(resolved) FROM (
  SELECT org, date_trunc('month', filed_on)::date AS month, 1 AS received, 0 AS resolved
  FROM bench_ref.complaint, unnest(org_path) AS org
  UNION ALL
  SELECT org, date_trunc('month', resolved_on)::date, 0, 1
  FROM bench_ref.complaint, unnest(org_path) AS org WHERE resolved_on IS NOT NULL) x GROUP BY 1, 2;
ANALYZE campaign.report_dossier_count; ANALYZE campaign.report_award_count; ANALYZE campaign.report_appraisal_count;
ANALYZE campaign.report_overdue_count; ANALYZE campaign.report_complaint_count;
)sql");
  txn.commit();
}

// The read model's answer: what GetReport does once the caller is authorised.
v1::Report FromCounters(pqxx::connection& c, const std::string& root) {
  pqxx::read_transaction txn(c);
  const ReportCounters counters = ReportStore::Sum(txn, root, absl::CivilMonth(2024, 1), absl::CivilMonth(2024, 12));
  v1::Report report;
  tdkt::campaign::FillFigures(counters, nullptr, report);
  return report;
}

// The plain-SQL reference: the same figures straight from the per-dossier rows of the subtree and the period.
v1::Report FromDossierRows(pqxx::connection& c, const std::string& root) {
  pqxx::read_transaction txn(c);
  const std::string in_subtree = absl::StrCat("org_path @> ARRAY[", txn.quote(root), "]");
  const std::string period = " BETWEEN date '2024-01-01' AND date '2024-12-31'";
  v1::Report r;
  int64_t total = 0;
  for (const pqxx::row& row :
       txn.exec(absl::StrCat("SELECT level, state, award_code, count(*) FROM bench_ref.dossier WHERE ", in_subtree,
                             " AND opened_on", period, " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"))) {
    v1::DossierCount& count = *r.add_dossiers();
    count.set_level(static_cast<v1::OrgLevel>(row[0].as<int>()));
    count.set_state(static_cast<v1::DossierState>(row[1].as<int>()));
    count.set_award_code(row[2].as<std::string>());
    count.set_dossiers(row[3].as<int64_t>());
    total += count.dossiers();
  }
  r.set_dossiers_total(total);
  int64_t decided = 0, individuals = 0, women = 0, workers = 0;
  for (const pqxx::row& row : txn.exec(absl::StrCat(
           "SELECT award_code, count(*), count(*) FILTER (WHERE individual), count(*) FILTER (WHERE female), "
           "count(*) FILTER (WHERE direct_worker) FROM bench_ref.dossier WHERE ",
           in_subtree, " AND decided_on", period, " GROUP BY 1 ORDER BY 1"))) {
    v1::AwardCount& a = *r.add_awards();
    a.set_award_code(row[0].as<std::string>());
    a.set_decided(row[1].as<int64_t>());
    a.set_to_individuals(row[2].as<int64_t>());
    a.set_to_women(row[3].as<int64_t>());
    a.set_to_direct_workers(row[4].as<int64_t>());
    decided += a.decided(), individuals += a.to_individuals(), women += a.to_women();
    workers += a.to_direct_workers();
  }
  r.set_awards_decided(decided);
  const auto share = [](v1::RecipientShare& s, const char* label, int64_t counted, int64_t of) {
    s.set_label_vi(label);
    s.set_counted(counted);
    s.set_of(of);
    s.set_share(of == 0 ? 0.0 : static_cast<double>(counted) / static_cast<double>(of));
  };
  share(*r.mutable_direct_worker_share(), "Khen thưởng công nhân, nông dân, người lao động trực tiếp", workers,
        decided);
  share(*r.mutable_women_share(), "Khen thưởng cá nhân là nữ", women, individuals);
  for (const pqxx::row& row : txn.exec(absl::StrCat(
           "SELECT level, count(*), count(*) FILTER (WHERE overdue), sum(working_days)::float8 / count(*), "
           "percentile_disc(0.9) WITHIN GROUP (ORDER BY least(working_days, 60)) FROM bench_ref.appraisal WHERE ",
           in_subtree, " AND ended_on", period, " GROUP BY 1 ORDER BY 1"))) {
    v1::LevelAppraisal& a = *r.add_appraisals();
    a.set_level(static_cast<v1::OrgLevel>(row[0].as<int>()));
    a.set_appraisals(row[1].as<int64_t>());
    a.set_overdue(row[2].as<int64_t>());
    a.set_average_working_days(row[3].as<double>());
    a.set_p90_working_days(row[4].as<int>());
  }
  const pqxx::row complaints = txn.exec1(absl::StrCat(
      "SELECT count(*) FILTER (WHERE filed_on", period, "), count(*) FILTER (WHERE resolved_on", period,
      ") FROM bench_ref.complaint WHERE ", in_subtree));
  r.mutable_complaints()->set_received(complaints[0].as<int64_t>());
  r.mutable_complaints()->set_resolved(complaints[1].as<int64_t>());
  return r;
}

// Equal figures; averages within rounding (the reference divides a float sum).
bool SameFigures(v1::Report a, v1::Report b) {
  for (v1::Report* r : {&a, &b}) {
    for (v1::LevelAppraisal& l : *r->mutable_appraisals()) {
      l.set_average_working_days(static_cast<double>(static_cast<int64_t>(l.average_working_days() * 1e6 + 0.5)));
    }
  }
  return a.SerializeAsString() == b.SerializeAsString();
}

struct Timing {
  double median = 0, min = 0, max = 0;
};

Timing Time(int runs, const std::function<void()>& f) {
  std::vector<double> s;
  for (int i = 0; i < runs; ++i) s.push_back(Seconds(f));
  std::sort(s.begin(), s.end());
  return {s[s.size() / 2], s.front(), s.back()};
}

int64_t Count(pqxx::connection& c, const std::string& table) {
  pqxx::read_transaction txn(c);
  return txn.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  tdkt::testing::PostgresServer postgres;
  if (absl::Status started = postgres.Start(); !started.ok()) {
    std::cerr << "report_bench: " << started << "\n";
    return 1;
  }
  absl::StatusOr<std::string> url = postgres.CreateDatabase();
  if (!url.ok()) {
    std::cerr << "report_bench: " << url.status() << "\n";
    return 1;
  }
  auto pool = tdkt::common::ConnectAndMigrate(*url, 1, "campaign", CampaignMigrations());
  if (!pool.ok()) {
    std::cerr << "report_bench: " << pool.status() << "\n";
    return 1;
  }
  pqxx::connection c(*url);
  const double load_reference = Seconds([&] { LoadReference(c, options.dossiers); });
  const double load_counters = Seconds([&] { LoadCounters(c); });
  std::printf("Loaded %lld dossiers, %lld appraisals, %lld complaints in %.1f s; counters in %.1f s.\n\n",
              static_cast<long long>(Count(c, "bench_ref.dossier")), static_cast<long long>(Count(c, "bench_ref.appraisal")),
              static_cast<long long>(Count(c, "bench_ref.complaint")), load_reference, load_counters);
  std::printf("| counter table | rows (all organisations) |\n|---|---|\n");
  for (const char* table : {"report_dossier_count", "report_award_count", "report_appraisal_count",
                            "report_overdue_count", "report_complaint_count"}) {
    std::printf("| `%s` | %lld |\n", table, static_cast<long long>(Count(c, absl::StrCat("campaign.", table))));
  }
  std::printf("\n| subtree (2024) | dossiers | read model: median (min–max) of %d | plain SQL: median (min–max) | "
              "ratio | same figures |\n|---|---|---|---|---|---|\n", options.runs);
  int failures = 0;
  for (const std::string root : {"P", "D03", "C042"}) {
    const v1::Report counted = FromCounters(c, root), reference = FromDossierRows(c, root);
    const bool same = SameFigures(counted, reference);
    if (!same) {
      ++failures;
      std::cerr << "figures differ for " << root << "\nread model:\n" << counted.DebugString() << "\nreference:\n"
                << reference.DebugString();
    }
    const Timing fast = Time(options.runs, [&] { (void)FromCounters(c, root); });
    const Timing slow = Time(std::max(3, options.runs / 3), [&] { (void)FromDossierRows(c, root); });
    std::printf("| %s | %lld | %.1f ms (%.1f–%.1f) | %.0f ms (%.0f–%.0f) | %.0f× faster | %s |\n", root.c_str(),
                static_cast<long long>(counted.dossiers_total()), fast.median * 1e3, fast.min * 1e3, fast.max * 1e3,
                slow.median * 1e3, slow.min * 1e3, slow.max * 1e3, slow.median / fast.median, same ? "yes" : "NO");
  }
  return failures == 0 ? 0 : 1;
}
