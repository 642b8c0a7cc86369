// transition_bench: how many lifecycle transitions per second the dossier service commits through gRPC at 1, 4
// and 16 concurrent clients, against pgbench writing the same rows on the same PostgreSQL server.
//
// One process starts a private PostgreSQL and Redis (tests/support), applies the dossier migrations and serves
// the real DossierServiceImpl on a local port, with its outbox relay running. The organisation directory is
// the in-memory one (the bench measures the dossier service and PostgreSQL, not the directory's network hop).
// Each client owns a few dossiers (--dossiers-per-client, 8), brought to UNDER_REVIEW, and takes them in turn,
// alternating ReturnForSupplement / ResubmitDossier on each with a fresh request_id and the expected version:
// each call is one full transition, one transaction
// (idempotency claim, row lock and load, rules, dossier update, hash-chained event, deadline upsert, outbox row,
// idempotency record).
//
// The references, in the same run and on the same server (pgbench_reference.h), write the rows the service
// wrote for those two transitions again, each pgbench client on its own copy of a dossier:
// - "single transaction": one transaction with only the writes (idempotency row, versioned dossier update,
//   hash-chained event, deadline upsert, outbox row), prepared statements — the floor for these rows;
// - "service statements": the service's own statements in its one transaction (claim, lock, load, the writes,
//   record) — what the SQL alone costs, without the service.
//
//   transition_bench [--seconds N] [--clients 1,4,16] [--dossiers-per-client N]
//
// Prints a Markdown table for bench/RESULTS.md.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/transition/bench_service.h"
#include "bench/transition/pgbench_reference.h"
#include "tdkt/v1/dossier.grpc.pb.h"

namespace {

using tdkt::bench::BenchDossier;
using tdkt::bench::BenchService;
using tdkt::bench::LatencySummary;
using tdkt::bench::Summarise;

struct Options {
  int seconds = 10;
  std::vector<int> clients{1, 4, 16};
  // Each client turns over its own few dossiers, so that none is returned and resubmitted thousands of times:
  // every return adds a pause to the dossier's deadline, which the service then reads and writes with every
  // later transition (a real dossier has a handful).
  int dossiers_per_client = 8;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds" && absl::SimpleAtoi(argv[i + 1], &options.seconds)) continue;
    if (flag == "--dossiers-per-client" && absl::SimpleAtoi(argv[i + 1], &options.dossiers_per_client) &&
        options.dossiers_per_client > 0) {
      continue;
    }
    if (flag == "--clients") {
      options.clients.clear();
      for (absl::string_view part : absl::StrSplit(argv[i + 1], ',')) {
        int n = 0;
        if (absl::SimpleAtoi(part, &n) && n > 0) options.clients.push_back(n);
      }
      continue;
    }
    std::cerr << "usage: transition_bench [--seconds N] [--clients 1,4,16] [--dossiers-per-client N]\n";
    std::exit(2);
  }
  return options;
}

struct Driven {
  LatencySummary latency;
  double client_cpu_seconds = 0;  // spent by the client threads themselves (gRPC, tokens)
};

// Drives `clients` threads against the service for `seconds`, client c on dossiers [c·per_client, (c+1)·per_client)
// in turn; every call must succeed.
Driven DriveService(BenchService& service, std::vector<BenchDossier>& dossiers, int clients, int per_client,
                    int seconds) {
  std::vector<std::vector<double>> latencies(clients);
  std::vector<double> client_cpu(clients);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      const double cpu_at_start = tdkt::bench::ThreadCpuSeconds();
      std::vector<bool> returned(per_client, false);
      for (int turn = 0; !stop; turn = (turn + 1) % per_client) {
        BenchDossier& dossier = dossiers[c * per_client + turn];
        const auto t0 = std::chrono::steady_clock::now();
        absl::Status status = returned[turn] ? service.Resubmit(dossier) : service.ReturnForSupplement(dossier);
        const auto t1 = std::chrono::steady_clock::now();
        if (!status.ok()) {
          if (failures++ == 0) std::cerr << "transition failed: " << status << "\n";
          continue;
        }
        returned[turn] = !returned[turn];
        latencies[c].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
      // Leave the dossiers under review for the next round.
      for (int turn = 0; turn < per_client; ++turn) {
        if (returned[turn] && !service.Resubmit(dossiers[c * per_client + turn]).ok()) ++failures;
      }
      client_cpu[c] = tdkt::bench::ThreadCpuSeconds() - cpu_at_start;
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (std::thread& t : threads) t.join();
  if (failures > 0) {
    std::cerr << failures << " transitions failed\n";
    std::exit(1);
  }
  Driven driven;
  std::vector<double> all;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    driven.client_cpu_seconds += client_cpu[c];
  }
  driven.latency = Summarise(std::move(all), elapsed);
  return driven;
}

// CPU milliseconds per transaction between two readings.
struct CpuPerTransaction {
  double process_ms = 0;
  double postgres_ms = 0;
};
CpuPerTransaction PerTransaction(const tdkt::bench::CpuSeconds& before, const tdkt::bench::CpuSeconds& after,
                                 int64_t transactions) {
  if (transactions <= 0) return {};
  const double n = static_cast<double>(transactions);
  return {1000.0 * (after.process - before.process) / n, 1000.0 * (after.postgres - before.postgres) / n};
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const int max_clients = *std::max_element(options.clients.begin(), options.clients.end());

  auto service = BenchService::Start();
  if (!service.ok()) {
    std::cerr << "cannot start the bench service: " << service.status() << "\n";
    return 1;
  }
  std::vector<BenchDossier> dossiers;
  for (int c = 0; c < max_clients * options.dossiers_per_client; ++c) {
    auto id = (*service)->CreateUnderReview(c % 2 == 0 ? "U" : "U2");
    if (!id.ok()) {
      std::cerr << "seeding failed: " << id.status() << "\n";
      return 1;
    }
    dossiers.push_back(*id);
  }
  // Warm-up: connections, plans, caches.
  DriveService(**service, dossiers, 1, options.dossiers_per_client, 1);

  // The rows the references write: what the service wrote for one ReturnForSupplement and one ResubmitDossier.
  using tdkt::bench::PgbenchReference;
  BenchDossier& model = dossiers.front();
  PgbenchReference pgbench((*service)->database_url(), model.id);
  for (int step = 0; step < 2; ++step) {
    absl::Status s = step == 0 ? (*service)->ReturnForSupplement(model) : (*service)->Resubmit(model);
    if (s.ok()) s = pgbench.CaptureStep(step);
    if (!s.ok()) {
      std::cerr << "pgbench capture failed: " << s << "\n";
      return 1;
    }
  }
  if (absl::Status s = pgbench.Prepare(); !s.ok()) {
    std::cerr << "pgbench set-up failed: " << s << "\n";
    return 1;
  }

  const int postmaster = tdkt::bench::PostmasterPid((*service)->database_url());
  using tdkt::bench::CpuUsed;
  std::printf("| clients | tdkt TPS | tdkt p50 ms | tdkt p99 ms | single transaction TPS | p50 ms | p99 ms | "
              "service statements TPS | p50 ms | p99 ms | tdkt / single transaction | tdkt / service statements |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::string cpu_table =
      "| clients | tdkt: service | tdkt: gRPC clients | tdkt: PostgreSQL | single transaction: PostgreSQL | "
      "single transaction: pgbench + relay | service statements: PostgreSQL | service statements: pgbench + relay "
      "|\n|---|---|---|---|---|---|---|---|\n";
  for (int clients : options.clients) {
    const auto cpu_0 = CpuUsed(postmaster);
    const Driven driven = DriveService(**service, dossiers, clients, options.dossiers_per_client, options.seconds);
    const LatencySummary& tdkt = driven.latency;
    const auto cpu_1 = CpuUsed(postmaster);
    auto single = pgbench.Run(PgbenchReference::Script::kSingleTransaction, clients, options.seconds);
    const auto cpu_2 = CpuUsed(postmaster);
    auto statements = pgbench.Run(PgbenchReference::Script::kServiceStatements, clients, options.seconds);
    const auto cpu_3 = CpuUsed(postmaster);
    for (const auto* reference : {&single, &statements}) {
      if (!reference->ok()) {
        std::cerr << "pgbench failed: " << reference->status() << "\n";
        return 1;
      }
    }
    std::printf("| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f%% | %.0f%% |\n", clients,
                tdkt.per_second, tdkt.p50_ms, tdkt.p99_ms, single->per_second, single->p50_ms, single->p99_ms,
                statements->per_second, statements->p50_ms, statements->p99_ms,
                100.0 * tdkt.per_second / single->per_second, 100.0 * tdkt.per_second / statements->per_second);
    std::fflush(stdout);
    // The bench process during tdkt's run is the service (and its relay) plus the client threads, measured apart.
    const CpuPerTransaction t = PerTransaction(cpu_0, cpu_1, tdkt.count);
    const double clients_ms = tdkt.count > 0 ? 1000.0 * driven.client_cpu_seconds / tdkt.count : 0;
    const CpuPerTransaction s = PerTransaction(cpu_1, cpu_2, single->count);
    const CpuPerTransaction m = PerTransaction(cpu_2, cpu_3, statements->count);
    char line[256];
    std::snprintf(line, sizeof line, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", clients,
                  t.process_ms - clients_ms, clients_ms, t.postgres_ms, s.postgres_ms, s.process_ms, m.postgres_ms,
                  m.process_ms);
    cpu_table += line;
  }
  std::printf("\nCPU per transaction, ms (Linux /proc accounting; the machine's other load is not counted):\n\n%s",
              cpu_table.c_str());
  std::printf("\nservice process RSS after the run: %.1f MB (in-process service + clients)\n",
              tdkt::bench::ResidentMegabytes(getpid()));
  return 0;
}
