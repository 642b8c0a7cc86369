// query_bench: ListInbox and SearchDossiers latency through gRPC with 1,000,000 dossiers stored (target:
// p99 under 20 ms), and the province's dashboard (GetDossierStatistics), which counts every one of them.
//
// The real dossier service in process (bench_service.h) on a private PostgreSQL; a province "P" with 100
// communes of 10 units each. One dossier is made through gRPC; the 1,000,000 others are SQL copies of it with
// their own id, tracking code, state, level, holder, origin path, due date, award, year, nominee name and
// update time (the snapshot JSON is patched to agree), and a running deadline for each waiting one. Mix: 60% published, 10% rejected, 5% drafts, and the
// rest waiting at a commune (20%) or at the province (5%), a third of the waiting ones overdue.
//
// Each query kind runs `--queries` times (default 400) with varying parameters, one client; the reference in
// the same run is the floor of any query: a primary-key SELECT of one dossier row over libpqxx.
//
//   query_bench [--dossiers N] [--queries N] [--hold-seconds N]   (hold: keep the database up to look at plans)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bench/transition/bench_service.h"

namespace {

namespace v1 = tdkt::v1;
using tdkt::bench::BenchService;
using tdkt::bench::LatencySummary;
using tdkt::workflow::OrgLevel;
using tdkt::workflow::Role;

constexpr int kCommunes = 100;
constexpr int kUnitsPerCommune = 10;

std::string Commune(int c) { return absl::StrCat("C", c); }
std::string Unit(int c, int u) { return absl::StrCat("C", c, "-U", u); }

// The copies, in batches so that progress shows and no single statement holds a huge snapshot.
void LoadDossiers(const std::string& url, const std::string& template_id, int count) {
  pqxx::connection connection(url);
  const int batch = 100000;
  for (int from = 0; from < count; from += batch) {
    const int to = std::min(count, from + batch) - 1;
    pqxx::work w(connection);
    w.exec_params(absl::StrCat(R"sql(
      WITH t AS (SELECT * FROM dossier.dossier WHERE id = $1),
      g AS (
        SELECT i,
               (i % )sql", kCommunes * kUnitsPerCommune, R"sql() AS unit_no,
               (i * 7919 % 100) AS mix,
               ((i * 31 % 40) - 13)::int AS due_offset
        FROM generate_series($2::bigint, $3::bigint) AS i),
      s AS (
        SELECT g.*,
               'C' || (unit_no / )sql", kUnitsPerCommune, R"sql() || '-U' || (unit_no % )sql", kUnitsPerCommune,
                               R"sql() AS unit,
               'C' || (unit_no / )sql", kUnitsPerCommune, R"sql() AS commune,
               CASE WHEN mix < 60 THEN 'PUBLISHED' WHEN mix < 70 THEN 'REJECTED' WHEN mix < 75 THEN 'DRAFT'
                    WHEN mix < 82 THEN 'SUBMITTED' WHEN mix < 90 THEN 'UNDER_REVIEW'
                    WHEN mix < 93 THEN 'RETURNED_FOR_SUPPLEMENT' WHEN mix < 95 THEN 'COUNCIL_VOTING'
                    WHEN mix < 97 THEN 'SUBMITTED' ELSE 'UNDER_REVIEW' END AS state,
               CASE WHEN mix < 60 THEN 2 WHEN mix < 70 THEN 1 WHEN mix < 75 THEN 0 WHEN mix < 95 THEN 1 ELSE 2 END
                 AS level_index
        FROM g)
      INSERT INTO dossier.dossier (id, tracking_code, snapshot, state, level_index, holder_org_id, origin_org_id,
        award_code, year, nominee_name, nominee, due_date, submitted_at, state_changed_at, published_on, version,
        created_at, updated_at, origin_org_path, current_level, held_org_ids, nominee_id_number, id_number_sealed)
      SELECT 'q-' || s.i, 'QB' || s.i,
             jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(t.snapshot::jsonb,
               '{id}', to_jsonb('q-' || s.i)), '{state}', to_jsonb(s.state)),
               '{level_index}', to_jsonb(s.level_index)),
               '{holder_org_id}', to_jsonb(CASE s.level_index WHEN 0 THEN s.unit WHEN 1 THEN s.commune ELSE 'P' END)),
               '{origin_org_id}', to_jsonb(s.unit))::text,
             s.state, s.level_index,
             CASE s.level_index WHEN 0 THEN s.unit WHEN 1 THEN s.commune ELSE 'P' END, s.unit,
             (ARRAY['BANG_KHEN_TINH','GIAY_KHEN','CSTD_CO_SO','LDTT'])[1 + s.i % 4], 2014 + s.i % 12,
             (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Phan','Vũ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý'])
               [1 + s.i % 14] || ' ' ||
             (ARRAY['Văn','Thị','Đức','Minh','Thanh','Hữu','Ngọc','Quang','Thu','Kim'])[1 + (s.i / 14) % 10] || ' ' ||
             (ARRAY['An','Bình','Cường','Dũng','Hoa','Hùng','Lan','Linh','Mai','Nam','Phương','Quân','Sơn','Tâm',
                    'Thảo','Trang','Tuấn','Việt','Xuân','Yến','Đạt','Hạnh','Khoa','Nhung'])[1 + (s.i / 140) % 24],
             t.nominee,
             CASE WHEN s.state IN ('PUBLISHED','REJECTED','DRAFT') THEN NULL ELSE current_date + s.due_offset END,
             CASE WHEN s.state = 'DRAFT' THEN NULL ELSE t.submitted_at END, t.state_changed_at, NULL, t.version,
             t.created_at,
             now() - s.i * interval '1 minute',
             ARRAY[s.unit, s.commune, 'P'],
             CASE s.level_index WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 4 END,  -- tdkt.v1.OrgLevel: unit, commune, province
             (ARRAY[s.unit, s.commune, 'P'])[1:s.level_index + 1],  -- the levels it reached
             NULL, TRUE  -- the template's nominee has no ID number
      FROM s, t)sql"),
                  template_id, from, to);
    w.commit();
    std::cerr << "loaded " << to + 1 << " dossiers\n";
  }
  // The running deadline of every waiting copy, as a transition writes it (the inbox shows it and pages by it).
  pqxx::work w(connection);
  w.exec(
      "INSERT INTO dossier.deadline (dossier_id, deadline_no, level_index, org_id, received_at, working_days, "
      "due_date, paused_at, pauses, escalation_count, state) SELECT id, 1, level_index, holder_org_id, "
      "state_changed_at, 10, due_date, NULL, '[]', 0, 'RUNNING' FROM dossier.dossier "
      "WHERE id LIKE 'q-%' AND due_date IS NOT NULL");
  w.commit();
  // What autovacuum does soon after a bulk load: statistics, and the GIN pending lists merged into the indexes
  // (until then every trigram search also scans the pending list linearly).
  pqxx::nontransaction vacuum(connection);
  vacuum.exec("VACUUM ANALYZE dossier.dossier");
  vacuum.exec("VACUUM ANALYZE dossier.deadline");
}

LatencySummary Measure(int queries, const std::function<bool(int)>& query) {
  std::vector<double> latencies;
  const auto started = std::chrono::steady_clock::now();
  for (int q = 0; q < queries; ++q) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!query(q)) std::exit(1);
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return tdkt::bench::Summarise(std::move(latencies), elapsed);
}

bool Check(const grpc::Status& status, const char* what, int results, int min_results) {
  if (!status.ok()) {
    std::cerr << what << " failed: " << status.error_message() << "\n";
    return false;
  }
  if (results < min_results) {
    std::cerr << what << " returned " << results << " results, expected at least " << min_results << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int dossiers = 1000000;
  int queries = 400;
  int hold_seconds = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dossiers" && absl::SimpleAtoi(argv[i + 1], &dossiers)) continue;
    if (flag == "--queries" && absl::SimpleAtoi(argv[i + 1], &queries)) continue;
    if (flag == "--hold-seconds" && absl::SimpleAtoi(argv[i + 1], &hold_seconds)) continue;
    std::cerr << "usage: query_bench [--dossiers N] [--queries N] [--hold-seconds N]\n";
    return 2;
  }
  auto started = BenchService::Start();
  if (!started.ok()) {
    std::cerr << "cannot start the bench service: " << started.status() << "\n";
    return 1;
  }
  BenchService& service = **started;
  for (int c = 0; c < kCommunes; ++c) {
    service.AddOrganisation(Commune(c), OrgLevel::kCommune, "P");
    for (int u = 0; u < kUnitsPerCommune; ++u) service.AddOrganisation(Unit(c, u), OrgLevel::kUnit, Commune(c));
  }
  auto seed = service.CreateUnderReview("U");
  if (!seed.ok()) {
    std::cerr << "seeding failed: " << seed.status() << "\n";
    return 1;
  }
  const auto load_started = std::chrono::steady_clock::now();
  LoadDossiers(service.database_url(), seed->id, dossiers);
  std::cerr << "load took "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - load_started).count() << " s\n";

  std::mt19937 random(42);
  auto commune = [&] { return Commune(static_cast<int>(random() % kCommunes)); };
  const char* const kNames[] = {"nguyen van", "tran thi", "le duc an", "pham minh", "do thi hoa", "ngo quang",
                                "hoang kim", "bui thanh", "vu huu", "duong ngoc"};
  pqxx::connection reference_connection(service.database_url());

  struct Row {
    const char* name;
    LatencySummary summary;
  };
  std::vector<Row> rows;
  rows.push_back({"reference: SELECT one dossier row by primary key (libpqxx, no gRPC)",
                  Measure(queries, [&](int q) {
                    pqxx::work w(reference_connection);
                    w.exec_params("SELECT snapshot FROM dossier.dossier WHERE id = $1", absl::StrCat("q-", q * 2477));
                    return true;
                  })});
  rows.push_back({"ListInbox, commune appraiser, page of 50", Measure(queries, [&](int) {
                    v1::ListInboxRequest request;
                    request.mutable_page()->set_page_size(50);
                    v1::ListInboxResponse response;
                    grpc::Status status = service.stub().ListInbox(service.As(Role::kAppraiser, commune()).get(),
                                                                   request, &response);
                    return Check(status, "commune inbox", response.items_size(), 1);
                  })});
  rows.push_back({"ListInbox, province appraiser, page of 50", Measure(queries, [&](int) {
                    v1::ListInboxRequest request;
                    request.mutable_page()->set_page_size(50);
                    v1::ListInboxResponse response;
                    grpc::Status status =
                        service.stub().ListInbox(service.As(Role::kAppraiser, "P").get(), request, &response);
                    return Check(status, "province inbox", response.items_size(), 50);
                  })});
  std::string next_page;
  rows.push_back({"ListInbox, province appraiser, following pages", Measure(queries, [&](int) {
                    v1::ListInboxRequest request;
                    request.mutable_page()->set_page_size(50);
                    request.mutable_page()->set_page_token(next_page);
                    v1::ListInboxResponse response;
                    grpc::Status status =
                        service.stub().ListInbox(service.As(Role::kAppraiser, "P").get(), request, &response);
                    next_page = response.page().next_page_token();
                    return Check(status, "province inbox pages", response.items_size(), 50);
                  })});
  rows.push_back({"SearchDossiers, province, accent-free name words", Measure(queries, [&](int q) {
                    v1::SearchDossiersRequest request;
                    request.set_nominee_name(kNames[q % 10]);
                    request.mutable_page()->set_page_size(50);
                    v1::SearchDossiersResponse response;
                    grpc::Status status =
                        service.stub().SearchDossiers(service.As(Role::kAppraiser, "P").get(), request, &response);
                    return Check(status, "name search", response.dossiers_size(), 1);
                  })});
  rows.push_back({"SearchDossiers, province, state + award + year", Measure(queries, [&](int q) {
                    v1::SearchDossiersRequest request;
                    request.add_states(v1::DOSSIER_STATE_PUBLISHED);
                    // The copies' award follows i % 4 and their year i % 12: pick pairs that exist.
                    const char* const kAwards[] = {"BANG_KHEN_TINH", "GIAY_KHEN", "CSTD_CO_SO", "LDTT"};
                    request.set_award_code(kAwards[q % 4]);
                    request.set_year(2014 + q % 4 + 4 * ((q / 4) % 3));
                    request.mutable_page()->set_page_size(50);
                    v1::SearchDossiersResponse response;
                    grpc::Status status =
                        service.stub().SearchDossiers(service.As(Role::kAppraiser, "P").get(), request, &response);
                    return Check(status, "filtered search", response.dossiers_size(), 1);
                  })});
  rows.push_back({"SearchDossiers, commune subtree, name + year", Measure(queries, [&](int q) {
                    v1::SearchDossiersRequest request;
                    request.set_nominee_name(kNames[q % 10]);
                    request.set_year(2014 + q % 12);
                    request.mutable_page()->set_page_size(50);
                    v1::SearchDossiersResponse response;
                    grpc::Status status = service.stub().SearchDossiers(
                        service.As(Role::kAppraiser, commune()).get(), request, &response);
                    return Check(status, "commune search", response.dossiers_size(), 0);
                  })});

  rows.push_back({"GetDossierStatistics, province appraiser (every dossier), 13 weeks", Measure(queries, [&](int) {
                    v1::GetDossierStatisticsRequest request;
                    v1::GetDossierStatisticsResponse response;
                    grpc::Status status = service.stub().GetDossierStatistics(
                        service.As(Role::kAppraiser, "P").get(), request, &response);
                    return Check(status, "statistics", response.overdue_size(), 20);
                  })});

  std::printf("| query (%d dossiers, %d runs each) | p50 ms | p99 ms | p99 vs reference |\n|---|---|---|---|\n",
              dossiers, queries);
  for (const Row& row : rows) {
    std::printf("| %s | %.2f | %.2f | %.1f× |\n", row.name, row.summary.p50_ms, row.summary.p99_ms,
                row.summary.p99_ms / rows.front().summary.p99_ms);
  }
  std::fflush(stdout);
  if (hold_seconds > 0) {
    std::fprintf(stderr, "database kept for %d s: %s\n", hold_seconds, service.database_url().c_str());
    std::this_thread::sleep_for(std::chrono::seconds(hold_seconds));
  }
  return 0;
}
